package io.parley.storage.mongo;

import io.parley.engine.api.TenantId;
import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoCredential;
import com.mongodb.MongoSecurityException;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import io.parley.engine.api.RuleSetRef;
import io.parley.engine.spi.storage.Storage;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

/** The embedded server lets in only clients with the data directory's credentials. */
class EmbeddedMongoAuthenticationTest {
    @TempDir
    Path dataDir;

    @Test
    void withoutCredentialsNothingCanBeListedReadOrWritten() {
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dataDir)) {
            try (MongoClient owner = MongoClients.create(server.connectionString())) {
                owner.getDatabase("parley").getCollection("dialogues").insertOne(new Document("_id", "d-1"));
            }
            try (MongoClient anonymous = client("mongodb://127.0.0.1:" + server.port(), null)) {
                MongoCollection<Document> dialogues = anonymous.getDatabase("parley").getCollection("dialogues");

                assertUnauthorized(() -> anonymous.listDatabaseNames().into(new java.util.ArrayList<>()));
                assertUnauthorized(() -> dialogues.find().first());
                assertUnauthorized(() -> dialogues.countDocuments());
                assertUnauthorized(() -> dialogues.insertOne(new Document("_id", "d-2")));
                assertUnauthorized(() -> dialogues.deleteMany(new Document()));
                assertUnauthorized(() -> anonymous.getDatabase("parley").drop());
                // As with mongod, ping needs no credentials (it tells nothing but that the server is up).
                assertThat(anonymous.getDatabase("admin").runCommand(new Document("ping", 1)).get("ok")).isEqualTo(1.0);
            }
            try (MongoClient owner = MongoClients.create(server.connectionString())) {
                assertThat(owner.getDatabase("parley").getCollection("dialogues").find().map(d -> d.get("_id")))
                        .containsExactly("d-1");
            }
        }
    }

    @Test
    void aWrongPasswordOrUserFailsToAuthenticate() {
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dataDir)) {
            String password = credentials().password();
            for (MongoCredential wrong : List.of(
                    MongoCredential.createScramSha256Credential("parley", "admin", "not-the-password".toCharArray()),
                    MongoCredential.createScramSha256Credential("admin", "admin", password.toCharArray()),
                    MongoCredential.createScramSha256Credential("parley", "parley", password.toCharArray()),
                    // No mechanism named: the driver asks which the user has, then uses SCRAM-SHA-256.
                    MongoCredential.createCredential("parley", "admin", "not-the-password".toCharArray()))) {
                try (MongoClient client = client("mongodb://127.0.0.1:" + server.port(), wrong)) {
                    assertThatThrownBy(() -> client.getDatabase("parley").getCollection("dialogues").find().first())
                            .as(wrong.toString())
                            .isInstanceOf(MongoSecurityException.class)
                            .satisfies(e -> assertThat(messages(e)).doesNotContain(password, "not-the-password"));
                }
            }
        }
    }

    @Test
    void theRightCredentialsWorkWithOrWithoutTheMechanismNamed() {
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dataDir)) {
            EmbeddedCredentials credentials = credentials();
            for (MongoCredential right : List.of(
                    MongoCredential.createScramSha256Credential(credentials.user(), "admin", credentials.password().toCharArray()),
                    MongoCredential.createCredential(credentials.user(), "admin", credentials.password().toCharArray()))) {
                try (MongoClient client = client("mongodb://127.0.0.1:" + server.port(), right)) {
                    MongoCollection<Document> dialogues = client.getDatabase("parley").getCollection("dialogues");
                    dialogues.insertOne(new Document());
                    assertThat(client.listDatabaseNames()).contains("parley");
                }
            }
            try (MongoClient client = MongoClients.create(server.connectionString())) {
                assertThat(client.getDatabase("parley").getCollection("dialogues").countDocuments()).isEqualTo(2);
            }
        }
    }

    /** OP_QUERY on a collection, which mongo-java-server hands to the backend apart from any command. */
    @Test
    void aLegacyQueryWithoutCredentialsClosesTheConnection() throws IOException {
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dataDir);
             Socket socket = new Socket("127.0.0.1", server.port())) {
            socket.setSoTimeout(10_000);
            byte[] collection = "parley.dialogues\0".getBytes(StandardCharsets.US_ASCII);
            byte[] emptyDocument = {5, 0, 0, 0, 0};
            ByteBuffer message = ByteBuffer.allocate(16 + 4 + collection.length + 8 + emptyDocument.length)
                    .order(ByteOrder.LITTLE_ENDIAN);
            message.putInt(message.capacity()).putInt(1).putInt(0).putInt(2004) // header: length, id, reply to, OP_QUERY
                    .putInt(0).put(collection).putInt(0).putInt(10).put(emptyDocument);
            OutputStream out = socket.getOutputStream();
            out.write(message.array());
            out.flush();

            InputStream in = socket.getInputStream();
            assertThatThrownBy(() -> new DataInputStream(in).readFully(new byte[16])).isInstanceOf(EOFException.class);
        }
    }

    @Test
    void theCredentialsFileIsTheOwnersOnly() throws IOException {
        try (EmbeddedMongoServer server = EmbeddedMongoServer.start(dataDir)) {
            Path file = dataDir.resolve("mongo/credentials");
            assertThat(Files.readAllLines(file)).hasSize(2).satisfiesExactly(
                    user -> assertThat(user).isEqualTo("user=parley"),
                    password -> assertThat(password).matches("password=[A-Za-z0-9_-]{43}"));
            assertThat(server.connectionString()).isEqualTo("mongodb://parley:" + credentials().password()
                    + "@127.0.0.1:" + server.port() + "/?authSource=admin&authMechanism=SCRAM-SHA-256");
            assertThat(server.toString()).doesNotContain(credentials().password(), String.valueOf(server.port()));
            assertThat(credentials().toString()).doesNotContain(credentials().password());
            assumeThat(Files.getFileAttributeView(file, PosixFileAttributeView.class)).isNotNull();
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
            try (var files = Files.list(file.getParent())) {
                assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder("parley.mv.db", "credentials");
            }
        }
    }

    @Test
    void theCredentialsAreKeptAcrossRestartsWithTheData() {
        String password;
        try (Storage storage = MongoStorage.embedded(dataDir)) {
            password = credentials().password();
            storage.tenant(TenantId.DEFAULT).rulesets().save(new RuleSetRef("presale", 1), "presale.parley", "rule a");
        }
        try (Storage storage = MongoStorage.embedded(dataDir)) {
            assertThat(credentials().password()).isEqualTo(password);
            assertThat(storage.tenant(TenantId.DEFAULT).rulesets().find(new RuleSetRef("presale", 1))).isPresent();
        }
    }

    /** A data directory from before the credentials: a database file and no credentials file. */
    @Test
    void aDataDirectoryWithoutCredentialsGetsSomeAndKeepsItsData() throws IOException {
        String password;
        try (Storage storage = MongoStorage.embedded(dataDir)) {
            password = credentials().password();
            storage.tenant(TenantId.DEFAULT).rulesets().save(new RuleSetRef("presale", 1), "presale.parley", "rule a");
        }
        Files.delete(dataDir.resolve("mongo/credentials"));

        try (Storage storage = MongoStorage.embedded(dataDir)) {
            assertThat(credentials().password()).isNotEqualTo(password);
            assertThat(storage.tenant(TenantId.DEFAULT).rulesets().find(new RuleSetRef("presale", 1))).isPresent();
        }
    }

    @Test
    void aCredentialsFileReadableByOthersIsMadeTheOwnersOnly() throws IOException {
        EmbeddedMongoServer.start(dataDir).close();
        Path file = dataDir.resolve("mongo/credentials");
        assumeThat(Files.getFileAttributeView(file, PosixFileAttributeView.class)).isNotNull();
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        EmbeddedMongoServer.start(dataDir).close();

        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }

    @Test
    void aMalformedCredentialsFileIsRefusedWithoutQuotingIt() throws IOException {
        EmbeddedMongoServer.start(dataDir).close();
        Path file = dataDir.resolve("mongo/credentials");
        Files.writeString(file, "user=parley\npassword=has spaces and a secret\n");

        assertThatThrownBy(() -> MongoStorage.embedded(dataDir))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining(file.toString())
                .hasMessageContaining("delete the file")
                .satisfies(e -> assertThat(messages(e)).doesNotContain("secret"));
        // The database file was let go: with the file deleted, the next start works.
        Files.delete(file);
        MongoStorage.embedded(dataDir).close();
    }

    @Test
    void theStorageDescribesItselfByItsFileOnly() {
        try (Storage storage = MongoStorage.embedded(dataDir)) {
            assertThat(storage.describe()).isEqualTo("embedded MongoDB at " + dataDir.toAbsolutePath().resolve("mongo/parley.mv.db"))
                    .doesNotContain(credentials().password());
            assertThat(storage.toString()).doesNotContain(credentials().password());
        }
    }

    private EmbeddedCredentials credentials() {
        return EmbeddedCredentials.loadOrCreate(dataDir.toAbsolutePath().resolve("mongo/credentials"));
    }

    private static MongoClient client(String uri, MongoCredential credential) {
        MongoClientSettings.Builder settings = MongoClientSettings.builder().applyConnectionString(new ConnectionString(uri))
                .applyToClusterSettings(cluster -> cluster.serverSelectionTimeout(5, TimeUnit.SECONDS));
        if (credential != null) {
            settings.credential(credential);
        }
        return MongoClients.create(settings.build());
    }

    private static void assertUnauthorized(Runnable operation) {
        assertThatThrownBy(operation::run).isInstanceOfSatisfying(MongoCommandException.class, e -> {
            assertThat(e.getErrorCode()).isEqualTo(13);
            assertThat(e.getErrorCodeName()).isEqualTo("Unauthorized");
        });
    }

    /** The messages of an exception and its causes. */
    private static String messages(Throwable e) {
        StringBuilder all = new StringBuilder();
        Consumer<Throwable> add = t -> all.append(t).append('\n');
        for (Throwable t = e; t != null; t = t.getCause()) {
            add.accept(t);
        }
        return all.toString();
    }
}
