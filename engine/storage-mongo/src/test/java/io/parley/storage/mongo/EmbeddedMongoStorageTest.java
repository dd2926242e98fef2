package io.parley.storage.mongo;

import io.parley.engine.api.TenantId;
import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoDatabase;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import io.parley.engine.testing.StorageContractSuite;
import io.parley.storage.mongo.StorageFactory;
import io.parley.engine.spi.storage.DialogueStore.SaveOutcome;
import io.parley.engine.spi.storage.ResultPage;
import io.parley.engine.spi.storage.ResultQuery;
import io.parley.engine.spi.storage.SearchStore;
import io.parley.engine.spi.storage.Storage;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class EmbeddedMongoStorageTest extends StorageContractSuite {
    @TempDir
    Path dataDir;

    @Override
    protected Storage openStorage() {
        return StorageFactory.open(dataDir, null);
    }

    @Test
    void keepsItsFileUnderTheDataDirectory() {
        assertThat(dataDir.resolve("mongo/parley.mv.db")).isRegularFile();
        assertThat(storage.describe()).isEqualTo("embedded MongoDB at " + dataDir.toAbsolutePath().resolve("mongo/parley.mv.db"));
    }

    @Test
    void dataSurvivesARestart() {
        storage.tenant(TenantId.DEFAULT).dialogues().save(richDialogue("d-1"));
        storage.tenant(TenantId.DEFAULT).results().save(result("d-1", PRESALE_V1, 85, T0));
        storage.tenant(TenantId.DEFAULT).rulesets().save(PRESALE_V1, "presale.parley", "rule a");
        storage.tenant(TenantId.DEFAULT).rulesets().publish(PRESALE_V1);
        storage.close();

        storage = StorageFactory.open(dataDir, " ");

        assertThat(storage.tenant(TenantId.DEFAULT).dialogues().find("d-1")).contains(richDialogue("d-1"));
        assertThat(storage.tenant(TenantId.DEFAULT).dialogues().save(richDialogue("d-1"))).isEqualTo(SaveOutcome.UNCHANGED);
        assertThat(storage.tenant(TenantId.DEFAULT).results().find("d-1", PRESALE_V1)).contains(result("d-1", PRESALE_V1, 85, T0));
        // Looked up by key here: the versions with results are read back from the file.
        assertThat(storage.tenant(TenantId.DEFAULT).results().latest("d-1")).contains(result("d-1", PRESALE_V1, 85, T0));
        assertThat(storage.tenant(TenantId.DEFAULT).results().forDialogue("d-1")).containsExactly(result("d-1", PRESALE_V1, 85, T0));
        assertThat(storage.tenant(TenantId.DEFAULT).rulesets().published("ecommerce-presale")).hasValueSatisfying(r -> assertThat(r.source()).isEqualTo("rule a"));
        // The unique index survived too: saving again still replaces.
        storage.tenant(TenantId.DEFAULT).results().save(result("d-1", PRESALE_V1, 70, T0.plusSeconds(1)));
        assertThat(storage.tenant(TenantId.DEFAULT).results().count(PRESALE_V1)).isEqualTo(1);
    }

    /**
     * A data directory from before the indexes were ordered by value: its index maps are in the
     * order of Java serialisation, which a lookup by value would miss. Opening it re-orders them.
     */
    @Test
    void aFileOfTheStockH2BackendIsReorderedAndKeepsItsUniqueKeys(@TempDir Path oldDir) {
        Path file = oldDir.resolve("mongo/parley.mv.db");
        file.getParent().toFile().mkdirs();
        MongoServer stock = new MongoServer(new H2Backend(file.toString()));
        try (Storage old = MongoStorage.connect(new ConnectionString("mongodb://127.0.0.1:" + stock.bind().getPort()))) {
            for (int i = 0; i < 300; i++) {
                old.tenant(TenantId.DEFAULT).dialogues().save(simpleDialogue("d-" + i, "您好 " + i));
                old.tenant(TenantId.DEFAULT).results().save(result("d-" + i, PRESALE_V1, i % 100, T0));
            }
        } finally {
            stock.shutdown();
        }

        try (Storage reopened = StorageFactory.open(oldDir, null)) {
            for (int i = 0; i < 300; i++) {
                assertThat(reopened.tenant(TenantId.DEFAULT).dialogues().find("d-" + i)).contains(simpleDialogue("d-" + i, "您好 " + i));
                assertThat(reopened.tenant(TenantId.DEFAULT).dialogues().save(simpleDialogue("d-" + i, "您好 " + i))).isEqualTo(SaveOutcome.UNCHANGED);
                assertThat(reopened.tenant(TenantId.DEFAULT).results().find("d-" + i, PRESALE_V1)).contains(result("d-" + i, PRESALE_V1, i % 100, T0));
            }
            // The unique keys still hold: saving every result again replaces, never duplicates.
            reopened.tenant(TenantId.DEFAULT).results().saveAll(java.util.stream.IntStream.range(0, 300)
                    .mapToObj(i -> result("d-" + i, PRESALE_V1, 50, T0.plusSeconds(1))).toList());
            assertThat(reopened.tenant(TenantId.DEFAULT).results().count(PRESALE_V1)).isEqualTo(300);
            assertThat(reopened.tenant(TenantId.DEFAULT).results().find("d-7", PRESALE_V1).orElseThrow().score().value()).isEqualTo(50.0);
            assertThat(reopened.tenant(TenantId.DEFAULT).dialogues().count()).isEqualTo(300);
        }
        // Re-opened once more: already in value order, nothing to do, same answers.
        try (Storage again = StorageFactory.open(oldDir, null)) {
            assertThat(again.tenant(TenantId.DEFAULT).results().find("d-299", PRESALE_V1)).isPresent();
            assertThat(again.tenant(TenantId.DEFAULT).dialogues().save(simpleDialogue("d-299", "您好 299"))).isEqualTo(SaveOutcome.UNCHANGED);
        }
    }

    /**
     * Results from before their key became their _id: a generated object id and a unique index on
     * the key. Opening the storage moves them to their key and drops that index.
     */
    @Test
    void resultsKeyedByObjectIdAreMovedToTheirKey(@TempDir Path oldDir) {
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(oldDir);
             Storage current = MongoStorage.connect(new ConnectionString(server.connectionString()));
             MongoClient client = MongoClients.create(server.connectionString())) {
            for (int i = 0; i < 3; i++) {
                current.tenant(TenantId.DEFAULT).results().save(result("d-" + i, PRESALE_V1, 60 + i, T0));
            }
            com.mongodb.client.MongoCollection<Document> results =
                    client.getDatabase(MongoStorage.DEFAULT_DATABASE).getCollection("results");
            results.dropIndex("ruleset_dialogue");
            results.createIndex(com.mongodb.client.model.Indexes.ascending("ruleset.id", "ruleset.version", "dialogueId"),
                    new com.mongodb.client.model.IndexOptions().unique(true).name("ruleset_dialogue_unique"));
            for (Document stored : results.find().into(new java.util.ArrayList<>())) {
                results.deleteOne(com.mongodb.client.model.Filters.eq("_id", stored.get("_id")));
                stored.put("_id", new org.bson.types.ObjectId());
                results.insertOne(stored);
            }
        }

        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(oldDir);
             Storage reopened = MongoStorage.connect(new ConnectionString(server.connectionString()));
             MongoClient client = MongoClients.create(server.connectionString())) {
            assertThat(reopened.tenant(TenantId.DEFAULT).results().find("d-1", PRESALE_V1)).contains(result("d-1", PRESALE_V1, 61, T0));
            assertThat(reopened.tenant(TenantId.DEFAULT).results().count(PRESALE_V1)).isEqualTo(3);
            reopened.tenant(TenantId.DEFAULT).results().save(result("d-2", PRESALE_V1, 10, T0.plusSeconds(1)));
            assertThat(reopened.tenant(TenantId.DEFAULT).results().count(PRESALE_V1)).isEqualTo(3);
            assertThat(reopened.tenant(TenantId.DEFAULT).results().latest("d-2").orElseThrow().score().value()).isEqualTo(10.0);
            com.mongodb.client.MongoCollection<Document> results =
                    client.getDatabase(MongoStorage.DEFAULT_DATABASE).getCollection("results");
            assertThat(results.find().map(d -> d.get("_id"))).containsExactlyInAnyOrder(
                    "ecommerce-presale@1/d-0", "ecommerce-presale@1/d-1", "ecommerce-presale@1/d-2");
            assertThat(results.listIndexes().map(index -> index.getString("name"))).doesNotContain("ruleset_dialogue_unique");
        }
    }

    /** Results stored before search existed lack its fields: opening the storage gives them theirs, from their dialogues. */
    @Test
    void resultsStoredBeforeSearchAreGivenItsFields(@TempDir Path oldDir) {
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(oldDir);
             Storage current = MongoStorage.connect(new ConnectionString(server.connectionString()));
             MongoClient client = MongoClients.create(server.connectionString())) {
            current.tenant(TenantId.DEFAULT).dialogues().save(richDialogue("d-1"));
            current.tenant(TenantId.DEFAULT).results().save(result("d-1", PRESALE_V1, 85, T0));
            current.tenant(TenantId.DEFAULT).results().save(result("d-gone", PRESALE_V1, 70, T0.plusSeconds(1)));
            com.mongodb.client.MongoCollection<Document> results =
                    client.getDatabase(MongoStorage.DEFAULT_DATABASE).getCollection("results");
            results.updateMany(new Document(), new Document("$unset", new Document(SearchFields.SEARCH, "")));
            results.dropIndex(MongoResultStore.SEARCH_INDEX);
        }

        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(oldDir);
             Storage reopened = MongoStorage.connect(new ConnectionString(server.connectionString()));
             MongoClient client = MongoClients.create(server.connectionString())) {
            SearchStore search = reopened.tenant(TenantId.DEFAULT).search();
            assertThat(search.search(ResultQuery.builder().agentId("a-17").group("pre-sale").channel("im").build()).items())
                    .singleElement().satisfies(item -> {
                        assertThat(item.dialogueId()).isEqualTo("d-1");
                        assertThat(item.startedAt()).isEqualTo(Instant.parse("2026-11-11T02:00:00Z"));
                    });
            assertThat(search.search(ResultQuery.builder().sort(ResultQuery.Sort.SCORE_ASC).build()).items())
                    .extracting(ResultPage.Item::dialogueId).containsExactly("d-gone", "d-1");
            assertThat(client.getDatabase(MongoStorage.DEFAULT_DATABASE).getCollection("results").listIndexes()
                    .map(index -> index.getString("name"))).contains(MongoResultStore.SEARCH_INDEX);
        }
    }

    /** A start that crashed half-way through that move left a result both under its key and under an object id. */
    @Test
    void aMoveCutShortIsFinishedAtTheNextStart(@TempDir Path oldDir) {
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(oldDir);
             Storage current = MongoStorage.connect(new ConnectionString(server.connectionString()));
             MongoClient client = MongoClients.create(server.connectionString())) {
            current.tenant(TenantId.DEFAULT).results().save(result("d-0", PRESALE_V1, 60, T0));
            com.mongodb.client.MongoCollection<Document> results =
                    client.getDatabase(MongoStorage.DEFAULT_DATABASE).getCollection("results");
            results.dropIndex("ruleset_dialogue");
            Document copy = results.find().first();
            copy.put("_id", new org.bson.types.ObjectId());
            results.insertOne(copy);
        }

        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(oldDir);
             Storage reopened = MongoStorage.connect(new ConnectionString(server.connectionString()));
             MongoClient client = MongoClients.create(server.connectionString())) {
            assertThat(reopened.tenant(TenantId.DEFAULT).results().count(PRESALE_V1)).isEqualTo(1);
            assertThat(reopened.tenant(TenantId.DEFAULT).results().find("d-0", PRESALE_V1)).contains(result("d-0", PRESALE_V1, 60, T0));
            assertThat(client.getDatabase(MongoStorage.DEFAULT_DATABASE).getCollection("results").listIndexes()
                    .map(index -> index.getString("name"))).contains("ruleset_dialogue");
        }
    }

    @Test
    void aResultKeyCannotBeMistakenForAnother() {
        assertThat(MongoResultStore.id("d", new io.parley.engine.api.RuleSetRef("a@1/b", 2)))
                .isNotEqualTo(MongoResultStore.id("b@2/d", new io.parley.engine.api.RuleSetRef("a", 1)))
                .isEqualTo("a%401/b@2/d");
    }

    @Test
    void aDataDirectoryInUseIsRefused() {
        assertThatThrownBy(() -> StorageFactory.open(dataDir, null))
                .isInstanceOfSatisfying(DataDirectoryInUseException.class, e -> assertThat(e.dataDir()).isEqualTo(dataDir))
                .hasMessageContaining("in use by another process");
        assertThat(storage.ping()).isTrue();
    }

    @Test
    void aUriWinsAndNamesTheDatabase(@TempDir Path otherDir) {
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(otherDir);
             Storage byUri = StorageFactory.open(dataDir, server.connectionString("qa_shop"));
             MongoClient client = MongoClients.create(server.connectionString())) {
            byUri.tenant(TenantId.DEFAULT).dialogues().save(simpleDialogue("d-1", "您好"));

            assertThat(byUri.describe()).isEqualTo("MongoDB at 127.0.0.1:" + server.port() + ", database qa_shop");
            assertThat(client.getDatabase("qa_shop").getCollection("dialogues").countDocuments()).isEqualTo(1);
            assertThat(storage.tenant(TenantId.DEFAULT).dialogues().count()).isZero();
        }
    }

    @Test
    void aMalformedUriIsRefused() {
        assertThatThrownBy(() -> StorageFactory.open(dataDir, "http://localhost:27017"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("invalid MongoDB URI: ");
    }

    @Test
    void unacknowledgedWritesAreRefused() {
        assertThatThrownBy(() -> StorageFactory.open(dataDir, "mongodb://127.0.0.1:1/parley?w=0"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("unacknowledged writes (w=0)");
    }

    @Test
    void storedDocumentsReadLikeTheApiJson(@TempDir Path otherDir) {
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(otherDir);
             Storage byUri = MongoStorage.connect(new ConnectionString(server.connectionString()));
             MongoClient client = MongoClients.create(server.connectionString())) {
            byUri.tenant(TenantId.DEFAULT).dialogues().save(richDialogue("d-1"));
            byUri.tenant(TenantId.DEFAULT).results().save(result("d-1", PRESALE_V1, 85, T0));

            MongoDatabase db = client.getDatabase(MongoStorage.DEFAULT_DATABASE);
            Document dialogue = db.getCollection("dialogues").find().first();
            assertThat(dialogue.getString("_id")).isEqualTo("d-1");
            assertThat(dialogue.getString("id")).isEqualTo("d-1");
            assertThat(dialogue.getString("startedAt")).isEqualTo("2026-11-11T10:00:00+08:00");
            assertThat(dialogue.getString("contentHash")).hasSize(64);
            assertThat(dialogue.get("attributes", Document.class).getString("shop")).isEqualTo("wanhe-flagship");
            Document result = db.getCollection("results").find().first();
            assertThat(result.get("ruleset", Document.class).getInteger("version")).isEqualTo(1);
            assertThat(result.getString("evaluatedAt")).isEqualTo("2026-11-11T02:05:00.000000000Z");
        }
    }
}
