package io.parley.storage.mongo;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoException;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import io.parley.engine.spi.storage.AnnotationStore;
import io.parley.engine.spi.storage.DeadLetterStore;
import io.parley.engine.spi.storage.DialogueStore;
import io.parley.engine.spi.storage.ModelRegistry;
import io.parley.engine.spi.storage.JobStore;
import io.parley.engine.spi.storage.ResultStore;
import io.parley.engine.spi.storage.RuleSetStore;
import io.parley.engine.spi.storage.Storage;
import io.parley.engine.spi.storage.VerdictStore;
import org.bson.Document;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Storage in MongoDB through the synchronous driver: a real server by URI, or the
 * {@link EmbeddedMongoServer}. Collections {@code dialogues}, {@code results}, {@code rulesets},
 * {@code shadow_results}, {@code dead_letters}, {@code verdicts}, {@code models}, {@code annotations}, {@code backtest_jobs}, {@code shadow_runs} (see the store classes); every write returns only once acknowledged.
 */
public final class MongoStorage implements Storage {
    public static final String DEFAULT_DATABASE = "parley";

    private final MongoClient client;
    private final MongoDatabase database;
    private final String description;
    private final EmbeddedMongoServer embedded;
    private final AtomicBoolean closed = new AtomicBoolean();
    private final MongoDialogueStore dialogues;
    private final MongoResultStore results;
    private final MongoRuleSetStore rulesets;
    private final MongoResultStore shadowResults;
    private final MongoDeadLetterStore deadLetters;
    private final MongoVerdictStore verdicts;
    private final MongoModelRegistry models;
    private final MongoAnnotationStore annotations;
    private final MongoJobStore backtestJobs;
    private final MongoJobStore shadowRuns;

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
            this.dialogues = new MongoDialogueStore(database.getCollection(MongoDialogueStore.COLLECTION));
            this.results = new MongoResultStore(database.getCollection(MongoResultStore.COLLECTION), embedded != null);
            this.rulesets = new MongoRuleSetStore(database.getCollection(MongoRuleSetStore.COLLECTION));
            this.shadowResults = new MongoResultStore(database.getCollection(MongoResultStore.SHADOW_COLLECTION), embedded != null);
            this.deadLetters = new MongoDeadLetterStore(database.getCollection(MongoDeadLetterStore.COLLECTION));
            this.verdicts = new MongoVerdictStore(database.getCollection(MongoVerdictStore.COLLECTION));
            this.models = new MongoModelRegistry(database.getCollection(MongoModelRegistry.COLLECTION));
            this.annotations = new MongoAnnotationStore(database.getCollection(MongoAnnotationStore.COLLECTION));
            this.backtestJobs = new MongoJobStore(database.getCollection(MongoJobStore.BACKTESTS));
            this.shadowRuns = new MongoJobStore(database.getCollection(MongoJobStore.SHADOWS));
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

    @Override
    public DialogueStore dialogues() {
        return dialogues;
    }

    @Override
    public ResultStore results() {
        return results;
    }

    @Override
    public RuleSetStore rulesets() {
        return rulesets;
    }

    @Override
    public ResultStore shadowResults() {
        return shadowResults;
    }

    @Override
    public DeadLetterStore deadLetters() {
        return deadLetters;
    }

    @Override
    public AnnotationStore annotations() {
        return annotations;
    }

    @Override
    public JobStore backtestJobs() {
        return backtestJobs;
    }

    @Override
    public JobStore shadowRuns() {
        return shadowRuns;
    }

    @Override
    public VerdictStore verdicts() {
        return verdicts;
    }

    @Override
    public ModelRegistry models() {
        return models;
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
