package io.parley.storage.mongo;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import org.h2.mvstore.DataUtils;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A MongoDB-wire-compatible server in this process (mongo-java-server), keeping its data in one H2
 * MVStore file, {@code <dataDir>/mongo/parley.mv.db}. Listens on 127.0.0.1 only, on a free port.
 * {@link #close()} flushes and closes the file; the next start on the same directory sees the data.
 * Only one process can open a data directory at a time.
 *
 * <p>Durability limit: H2 commits to the file in the background about once a second, so if the
 * process is killed without closing the server (kill -9, power loss), writes acknowledged in the
 * last second or so can be lost. Committing after every write was measured at half the insert rate
 * with a file many times larger; for stronger guarantees use a real MongoDB (journaled, by URI).
 */
public final class EmbeddedMongoServer implements AutoCloseable {
    /** H2's page cache, in MB (its default is 16): a backtest streams every stored dialogue. */
    private static final int CACHE_MB = 64;
    /** H2's default: unsaved changes are written at most about a second after they are made. */
    private static final int AUTO_COMMIT_DELAY_MS = 1_000;
    private final Path file;
    private final MongoServer server;
    private final String connectionString;

    private EmbeddedMongoServer(Path file, MongoServer server) {
        this.file = file;
        this.server = server;
        this.connectionString = "mongodb://127.0.0.1:" + server.getLocalAddress().getPort();
    }

    /** @throws DataDirectoryInUseException when another process has the directory's database open */
    public static EmbeddedMongoServer start(Path dataDir) {
        Path file = dataDir.toAbsolutePath().resolve("mongo").resolve("parley.mv.db");
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the data directory " + file.getParent(), e);
        }
        H2Backend backend = open(dataDir, file);
        MongoServer server = new MongoServer(backend);
        try {
            server.bind("127.0.0.1", 0);
        } catch (RuntimeException e) {
            server.shutdownNow();
            throw e;
        }
        return new EmbeddedMongoServer(file, server);
    }

    private static H2Backend open(Path dataDir, Path file) {
        MVStore store;
        try {
            // Auto-commit off while the backend opens its collections and indexes (it may rebuild an
            // index, see ValueOrderedH2Backend), then on with H2's default delay.
            store = new MVStore.Builder().fileName(file.toString()).cacheSize(CACHE_MB).autoCommitDisabled().open();
        } catch (MVStoreException e) {
            if (e.getErrorCode() == DataUtils.ERROR_FILE_LOCKED) {
                throw new DataDirectoryInUseException(dataDir, file, e);
            }
            throw e;
        }
        try {
            H2Backend backend = new ValueOrderedH2Backend(store);
            store.commit();
            store.setAutoCommitDelay(AUTO_COMMIT_DELAY_MS);
            return backend;
        } catch (RuntimeException e) {
            store.closeImmediately();
            throw e;
        }
    }

    /** {@code mongodb://127.0.0.1:<port>} */
    public String connectionString() {
        return connectionString;
    }

    public Path file() {
        return file;
    }

    /** Stops listening and closes the database file cleanly. */
    @Override
    public void close() {
        server.shutdown();
    }
}
