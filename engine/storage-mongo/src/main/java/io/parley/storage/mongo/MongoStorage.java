package io.parley.storage.mongo;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoException;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import com.mongodb.client.model.ReplaceOptions;
import io.parley.engine.api.TenantId;
import io.parley.engine.spi.storage.ApiKeyStore;
import io.parley.engine.spi.storage.SessionStore;
import io.parley.engine.spi.storage.Storage;
import io.parley.engine.spi.storage.TenantStorage;
import io.parley.engine.spi.storage.TenantStore;
import io.parley.engine.spi.storage.UserStore;
import org.bson.Document;

import java.nio.file.Path;
import java.util.Date;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Storage in MongoDB through the synchronous driver: a real server by URI, or the
 * {@link EmbeddedMongoServer}. The platform's collections ({@code tenants}, {@code users},
 * {@code api_keys}, {@code sessions}) are in the database; each tenant's in a database of its own
 * ({@link #tenant}, {@link MongoTenantStorage}). Every write returns only once acknowledged.
 */
public final class MongoStorage implements Storage {
    public static final String DEFAULT_DATABASE = "parley";

    private final MongoClient client;
    private final MongoDatabase database;
    private final String description;
    private final EmbeddedMongoServer embedded;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final String databaseName;
    private final boolean soleWriter;
    private final Map<TenantId, MongoTenantStorage> tenants = new ConcurrentHashMap<>();
    private final MongoTenantStore tenantStore;
    private final MongoUserStore users;
    private final MongoApiKeyStore apiKeys;
    private final MongoSessionStore sessions;

    private MongoStorage(ConnectionString uri, String databaseName, String description, EmbeddedMongoServer embedded) {
        this.description = description;
        this.embedded = embedded;
        WriteConcern writeConcern = uri.getWriteConcern() == null ? WriteConcern.ACKNOWLEDGED : uri.getWriteConcern();
        if (!writeConcern.isAcknowledged()) {
            throw new IllegalArgumentException("the MongoDB URI asks for unacknowledged writes (w=0); Parley confirms "
                    + "a dialogue only once its write is acknowledged");
        }
        MongoClientSettings.Builder settings = MongoClientSettings.builder()
                .applyConnectionString(uri)
                // The server's default acknowledgement unless the URI asks for more (w=majority, journal).
                .writeConcern(writeConcern);
        if (uri.getServerSelectionTimeout() == null) {
            // The driver's 30 s default makes an unreachable server look like a hang at start-up.
            settings.applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(10, TimeUnit.SECONDS));
        }
        this.client = MongoClients.create(settings.build());
        try {
            this.database = client.getDatabase(databaseName);
            this.databaseName = databaseName;
            this.soleWriter = embedded != null;
            this.tenantStore = new MongoTenantStore(database.getCollection(MongoTenantStore.COLLECTION));
            this.users = new MongoUserStore(database.getCollection(MongoUserStore.COLLECTION));
            this.apiKeys = new MongoApiKeyStore(database.getCollection(MongoApiKeyStore.COLLECTION));
            this.sessions = new MongoSessionStore(database.getCollection(MongoSessionStore.COLLECTION));
        } catch (MongoException e) {
            client.close();
            // The driver's message names the server's address: for the embedded server, whose port is
            // nobody's business, this message names only the kind of failure; the driver's stays in
            // the cause, for a log's stack trace.
            throw new IllegalStateException("cannot use " + description + ": "
                    + (embedded == null ? e.getMessage() : e.getClass().getSimpleName()), e);
        }
    }

    /** A MongoDB server by URI; the database is the URI's path, else {@value #DEFAULT_DATABASE}. */
    public static MongoStorage connect(ConnectionString uri) {
        return connect(uri, uri.getDatabase() == null ? DEFAULT_DATABASE : uri.getDatabase());
    }

    public static MongoStorage connect(ConnectionString uri, String databaseName) {
        // Hosts only: the URI may carry credentials, which must not reach logs or /health.
        return new MongoStorage(uri, databaseName,
                "MongoDB at " + String.join(",", uri.getHosts()) + ", database " + databaseName, null);
    }

    /**
     * Starts an {@link EmbeddedMongoServer} under {@code dataDir} and connects with its credentials;
     * closing the storage stops it. {@link #describe()} names the database file, never the port
     * or the credentials.
     */
    public static MongoStorage embedded(Path dataDir) {
        EmbeddedMongoServer server = EmbeddedMongoServer.start(dataDir);
        try {
            return new MongoStorage(new ConnectionString(server.connectionString()), DEFAULT_DATABASE,
                    "embedded MongoDB at " + server.file(), server);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
    }

    /**
     * The default tenant's data is in the database itself (where it was before tenants existed);
     * every other tenant's in a database of its own, {@code <database>__<tenant>}: the tenant is part
     * of every collection's namespace, so no query can reach another tenant's documents.
     */
    @Override
    public TenantStorage tenant(TenantId tenant) {
        return tenants.computeIfAbsent(tenant, id -> {
            try {
                return new MongoTenantStorage(id, client.getDatabase(databaseOf(databaseName, id)), soleWriter);
            } catch (MongoException e) {
                throw new IllegalStateException("cannot open tenant " + id + "'s collections: " + e.getMessage(), e);
            }
        });
    }

    static String databaseOf(String databaseName, TenantId tenant) {
        return tenant.equals(TenantId.DEFAULT) ? databaseName : databaseName + "__" + tenant.value();
    }

    @Override
    public TenantStore tenants() {
        return tenantStore;
    }

    @Override
    public UserStore users() {
        return users;
    }

    @Override
    public ApiKeyStore apiKeys() {
        return apiKeys;
    }

    @Override
    public SessionStore sessions() {
        return sessions;
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public boolean ping() {
        try {
            database.runCommand(new Document("ping", 1));
            return true;
        } catch (MongoException | IllegalStateException e) {
            // MongoException: unreachable (after the server selection timeout); IllegalStateException: closed.
            return false;
        }
    }

    /** The collection of {@link #writable()}'s probe, in the platform's database: one document, {@value #HEALTH_PROBE}. */
    static final String HEALTH_COLLECTION = "_health";
    static final String HEALTH_PROBE = "probe";

    /** Upserts one small document and waits for its acknowledgement (for the embedded store: its commit). */
    @Override
    public boolean writable() {
        try {
            database.getCollection(HEALTH_COLLECTION).replaceOne(new Document("_id", HEALTH_PROBE),
                    new Document("_id", HEALTH_PROBE).append("at", new Date()), new ReplaceOptions().upsert(true));
            return true;
        } catch (MongoException | IllegalStateException e) {
            return false;
        }
    }

    /** The embedded server, or null for a server by URI (tests). */
    EmbeddedMongoServer embeddedServer() {
        return embedded;
    }

    /** Idempotent: a server that was handed this storage may close it before its opener does. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            client.close();
            if (embedded != null) {
                embedded.close();
            }
        }
    }
}
