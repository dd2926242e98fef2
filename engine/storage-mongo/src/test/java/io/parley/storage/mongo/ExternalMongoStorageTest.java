package io.parley.storage.mongo;

import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.parley.engine.testing.StorageContractSuite;
import io.parley.engine.spi.storage.Storage;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;

import java.util.UUID;

/**
 * The storage contract against a real MongoDB, e.g.
 * {@code PARLEY_TEST_MONGO_URI=mongodb://localhost:27017 mvn test}. Each test gets its own
 * database (named after this run), dropped afterwards.
 */
@EnabledIfEnvironmentVariable(named = "PARLEY_TEST_MONGO_URI", matches = ".+")
class ExternalMongoStorageTest extends StorageContractSuite {
    private static final String RUN = "parley_test_" + UUID.randomUUID().toString().substring(0, 8);
    private static ConnectionString uri;
    private static MongoClient admin;
    private static int tests;
    private String database;

    @BeforeAll
    static void connect() {
        uri = new ConnectionString(System.getenv("PARLEY_TEST_MONGO_URI"));
        admin = MongoClients.create(uri);
    }

    @AfterAll
    static void disconnect() {
        admin.close();
    }

    @Override
    protected Storage openStorage() {
        database = RUN + "_" + ++tests;
        return MongoStorage.connect(uri, database);
    }

    @AfterEach
    void dropDatabase() {
        admin.getDatabase(database).drop();
    }
}
