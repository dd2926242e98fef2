package io.parley.storage.mongo;

import de.bwaldvogel.mongo.MongoServer;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * A MongoDB-wire-compatible server in this process (mongo-java-server), keeping its data in one H2
 * MVStore file, {@code <dataDir>/mongo/parley.mv.db}. Listens on 127.0.0.1 only, on a free port,
 * and lets in only clients that authenticate (SCRAM-SHA-256) as the user of
 * {@code <dataDir>/mongo/credentials} ({@link EmbeddedCredentials}, made on the first start).
 * {@link #close()} flushes and closes the file; the next start on the same directory sees the data.
 * Only one process can open a data directory at a time.
 *
 * <p>Durability: a write command is answered only once a commit covering it has been written to
 * the file and forced to the disk (H2 {@code MVStore.commit()} then {@code sync()}, by a
 * {@link GroupCommitter} that lets every write waiting at the time share one commit). So an
 * acknowledged write survives kill -9 and, as far as the disk honours fsync, power loss. H2's own
 * background writer (which committed about once a second, losing the last second on kill -9) is off.
 * The cost is measured in docs/operations.md ("Durability"). A write that could not be committed is
 * answered with an error, and so is every later one ({@link #commitFailure()}).
 */
public final class EmbeddedMongoServer implements AutoCloseable {
    /** H2's page cache, in MB (its default is 16): a backtest streams every stored dialogue. */
    private static final int CACHE_MB = 64;
    /** Netty threads for the connections: a write's thread waits for its commit, so more than the default 2 × cores. */
    private static final int WORKER_THREADS = 32;
    /** H2's default background commit delay, used only when measuring against the old behaviour. */
    private static final int LEGACY_AUTO_COMMIT_DELAY_MS = 1_000;
    private static final String HOST = "127.0.0.1";
    private final Path file;
    private final MongoServer server;
    private final ValueOrderedH2Backend backend;
    private final MVStore store;
    private final EmbeddedCredentials credentials;
    private final int port;

    private EmbeddedMongoServer(Path file, MongoServer server, ValueOrderedH2Backend backend, MVStore store,
                                EmbeddedCredentials credentials) {
        this.file = file;
        this.store = store;
        this.server = server;
        this.backend = backend;
        this.credentials = credentials;
        this.port = server.getLocalAddress().getPort();
    }

    /**
     * @throws DataDirectoryInUseException when another process has the directory's database open
     * @throws IllegalStateException       when the credentials file is there but malformed
     */
    public static EmbeddedMongoServer start(Path dataDir) {
        return start(dataDir, true);
    }

    /**
     * With {@code commitBeforeAcknowledging} false, as before group commit: H2's background writer
     * commits about once a second and writes are answered at once. Only for measuring the cost
     * ({@code CommitCost} in the tests); Parley always starts with true.
     */
    static EmbeddedMongoServer start(Path dataDir, boolean commitBeforeAcknowledging) {
        Path directory = dataDir.toAbsolutePath().resolve("mongo");
        Path file = directory.resolve("parley.mv.db");
        try {
            Files.createDirectories(directory);
            ownerOnly(directory);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + directory, e);
        }
        MVStore store = openStore(dataDir, file);
        EmbeddedCredentials credentials;
        ValueOrderedH2Backend backend;
        try {
            // Once the store is open, this process alone has the directory: no other makes the file meanwhile.
            credentials = EmbeddedCredentials.loadOrCreate(directory.resolve(EmbeddedCredentials.FILE_NAME));
            backend = new ValueOrderedH2Backend(store, new ScramSha256(credentials.user(), credentials.password()));
            store.commit();
            if (commitBeforeAcknowledging) {
                // H2's background writer stays off: the group committer commits, before each write is acknowledged.
                backend.commitBeforeAcknowledging();
            } else {
                store.setAutoCommitDelay(LEGACY_AUTO_COMMIT_DELAY_MS);
            }
        } catch (RuntimeException e) {
            store.closeImmediately();
            throw e;
        }
        MongoServer server = new MongoServer(backend);
        try {
            server.bind(new InetSocketAddress(HOST, 0), 1, WORKER_THREADS);
        } catch (RuntimeException e) {
            server.shutdownNow();
            throw e;
        }
        return new EmbeddedMongoServer(file, server, backend, store, credentials);
    }

    private static MVStore openStore(Path dataDir, Path file) {
        try {
            // Auto-commit off: while the backend opens its collections and indexes (it may rebuild an
            // index, see ValueOrderedH2Backend) and afterwards, when the group committer commits.
            return new MVStore.Builder().fileName(file.toString()).cacheSize(CACHE_MB).autoCommitDisabled().open();
        } catch (MVStoreException e) {
            if (e.getErrorCode() == DataUtils.ERROR_FILE_LOCKED) {
                throw new DataDirectoryInUseException(dataDir, file, e);
            }
            throw e;
        }
    }

    /**
     * {@code mongodb://<user>:<password>@127.0.0.1:<port>/?authSource=admin&authMechanism=SCRAM-SHA-256}.
     * It carries the password: never log it or show it.
     */
    public String connectionString() {
        return connectionString("");
    }

    /** As {@link #connectionString()}, with a database as the URI's path. */
    public String connectionString(String database) {
        return "mongodb://" + credentials.user() + ":" + credentials.password() + "@" + HOST + ":" + port + "/"
                + database + "?authSource=" + WireAuthentication.ADMIN + "&authMechanism=" + ScramSha256.MECHANISM;
    }

    /** The port it listens on (on 127.0.0.1). */
    public int port() {
        return port;
    }

    public Path file() {
        return file;
    }

    /** The H2 store underneath (tests: closing it as an I/O error would). */
    MVStore store() {
        return store;
    }

    /** Why the store stopped committing (every write fails since), or null while it commits. */
    public RuntimeException commitFailure() {
        return backend.commitFailure();
    }

    /** Stops listening and closes the database file cleanly. */
    @Override
    public void close() {
        server.shutdown();
    }

    /** Names the file, not the port or the credentials. */
    @Override
    public String toString() {
        return "EmbeddedMongoServer[" + file + "]";
    }

    /**
     * The database file is created with the process's umask (often readable by everyone): the
     * directory that holds it and the credentials is closed to other users instead.
     */
    private static void ownerOnly(Path directory) throws IOException {
        try {
            Files.setPosixFilePermissions(directory, PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: the directory keeps its ACLs.
        }
    }
}
