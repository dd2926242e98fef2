package io.parley.storage.mongo;

import de.bwaldvogel.mongo.bson.BinData;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import io.netty.channel.embedded.EmbeddedChannel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The SASL conversation on the wire, command by command, as mongod answers it: the steps that the
 * Java driver skips (the last, empty one) and those it takes only when things go wrong.
 */
class WireAuthenticationTest {
    private static final String USER = "parley";
    private static final String PASSWORD = "s3cret-password";
    private final WireAuthentication authentication =
            new WireAuthentication(new ScramSha256(USER, PASSWORD, new byte[] {1, 2, 3, 4, 5, 6, 7, 8}, 4096));
    private final EmbeddedChannel channel = new EmbeddedChannel();
    private final List<String> passedOn = new ArrayList<>();

    @AfterEach
    void close() {
        channel.close();
    }

    @Test
    void beforeAuthenticationOnlyTheHandshakeAndPingPass() {
        for (String command : List.of("find", "insert", "listDatabases", "getMore", "killCursors", "serverStatus",
                "dropDatabase", "whatsmyuri", "endSessions", "FIND")) {
            Document reply = run("parley", command(command));
            assertThat(reply.get("ok")).as(command).isEqualTo(0.0);
            assertThat(reply.get("code")).isEqualTo(13);
            assertThat(reply.get("codeName")).isEqualTo("Unauthorized");
            assertThat(reply.get("errmsg")).isEqualTo("command " + command + " requires authentication");
        }
        assertThat(passedOn).isEmpty();

        run("admin", command("ping"));
        run("admin", command("buildInfo"));
        run("admin", command("isMaster"));
        run("admin", command("ismaster"));
        assertThat(passedOn).containsExactly("ping", "buildInfo", "ismaster", "ismaster");
    }

    @Test
    void theFullConversationWithTheEmptyLastStep() throws Exception {
        Client client = new Client(USER, PASSWORD);
        Document started = run("admin", saslStart(client.first()));
        assertThat(started.get("done")).isEqualTo(false);
        assertThat(started.get("conversationId")).isEqualTo(1);

        Document verified = run("admin", saslContinue(client.last(payload(started))));
        assertThat(verified.get("done")).isEqualTo(false);
        assertThat(payload(verified)).isEqualTo(client.serverFinal());
        // Not authenticated until done.
        assertThat(run("parley", command("find")).get("code")).isEqualTo(13);
    }

    @Test
    void theEmptyLastStepFinishes() throws Exception {
        Client client = new Client(USER, PASSWORD);
        Document started = run("admin", saslStart(client.first()));
        run("admin", saslContinue(client.last(payload(started))));

        Document done = run("admin", saslContinue(""));
        assertThat(done.get("ok")).isEqualTo(1.0);
        assertThat(done.get("done")).isEqualTo(true);
        assertThat(payload(done)).isEmpty();

        assertThat(run("parley", command("find")).get("ok")).isEqualTo(1.0);
        assertThat(passedOn).containsExactly("find");
    }

    @Test
    void skipEmptyExchangeFinishesAtTheSecondStep() throws Exception {
        Client client = new Client(USER, PASSWORD);
        Document start = saslStart(client.first());
        start.put("options", new Document("skipEmptyExchange", true));
        Document started = run("admin", start);

        Document done = run("admin", saslContinue(client.last(payload(started))));
        assertThat(done.get("done")).isEqualTo(true);
        assertThat(payload(done)).isEqualTo(client.serverFinal());
        assertThat(run("parley", command("insert")).get("ok")).isEqualTo(1.0);
    }

    @Test
    void aWrongPasswordFailsAndLeavesTheConnectionUnauthenticated() throws Exception {
        Client client = new Client(USER, "wrong");
        Document started = run("admin", saslStart(client.first()));

        Document failed = run("admin", saslContinue(client.last(payload(started))));
        assertThat(failed.get("ok")).isEqualTo(0.0);
        assertThat(failed.get("code")).isEqualTo(18);
        assertThat(failed.get("codeName")).isEqualTo("AuthenticationFailed");
        assertThat(failed.get("errmsg")).isEqualTo("Authentication failed.");
        assertThat(run("parley", command("find")).get("code")).isEqualTo(13);
        // The conversation is over: a retry of the same step finds none.
        assertThat(run("admin", saslContinue(client.last(payload(started)))).get("code")).isEqualTo(17);
    }

    @Test
    void anotherUserDatabaseOrMechanismFails() throws Exception {
        assertThat(run("admin", saslStart(new Client("root", PASSWORD).first())).get("code")).isEqualTo(18);
        assertThat(run("parley", saslStart(new Client(USER, PASSWORD).first())).get("code")).isEqualTo(18);
        Document sha1 = saslStart(new Client(USER, PASSWORD).first());
        sha1.put("mechanism", "SCRAM-SHA-1");
        assertThat(run("admin", sha1).get("code")).isEqualTo(334);
        assertThat(run("admin", saslContinue("c=biws")).get("code")).isEqualTo(17);
        assertThat(passedOn).isEmpty();
    }

    @Test
    void anotherConnectionIsNotAuthenticatedByThisOne() throws Exception {
        Client client = new Client(USER, PASSWORD);
        Document start = saslStart(client.first());
        start.put("options", new Document("skipEmptyExchange", true));
        run("admin", saslContinue(client.last(payload(run("admin", start)))));

        EmbeddedChannel other = new EmbeddedChannel();
        try {
            assertThat(authentication.handleCommand(other, "parley", "find", command("find"), this::next).get("code"))
                    .isEqualTo(13);
            assertThat(authentication.isAuthenticated(other)).isFalse();
            assertThat(authentication.isAuthenticated(channel)).isTrue();
        } finally {
            other.close();
        }
    }

    /** The Java driver's first isMaster: mechanisms asked for, and the first step of SCRAM in it. */
    @Test
    void theHandshakeCarriesTheMechanismsAndASpeculativeStart() throws Exception {
        Client client = new Client(USER, PASSWORD);
        Document isMaster = command("isMaster");
        isMaster.put("saslSupportedMechs", "admin." + USER);
        Document speculative = saslStart(client.first());
        speculative.put("db", "admin");
        speculative.put("options", new Document("skipEmptyExchange", true));
        isMaster.put("speculativeAuthenticate", speculative);

        Document reply = run("admin", isMaster);
        assertThat(reply.get("ismaster")).isEqualTo(true);
        assertThat(reply.get("saslSupportedMechs")).isEqualTo(List.of("SCRAM-SHA-256"));
        Document started = (Document) reply.get("speculativeAuthenticate");
        assertThat(started.get("conversationId")).isEqualTo(1);
        assertThat(started).doesNotContainKey("ok");

        Document done = run("admin", saslContinue(client.last(payload(started))));
        assertThat(done.get("done")).isEqualTo(true);
        assertThat(authentication.isAuthenticated(channel)).isTrue();
    }

    @Test
    void aFailedSpeculativeStartIsLeftOut() throws Exception {
        Document isMaster = command("isMaster");
        isMaster.put("saslSupportedMechs", "admin.root");
        Document speculative = saslStart(new Client("root", PASSWORD).first());
        speculative.put("db", "admin");
        isMaster.put("speculativeAuthenticate", speculative);

        Document reply = run("admin", isMaster);
        assertThat(reply.get("ok")).isEqualTo(1.0);
        assertThat(reply).doesNotContainKeys("speculativeAuthenticate", "saslSupportedMechs");
    }

    @Test
    void helloIsAnsweredLikeIsMaster() {
        Document reply = run("admin", command("hello"));

        assertThat(reply.get("isWritablePrimary")).isEqualTo(true);
        assertThat(reply).doesNotContainKey("ismaster");
        assertThat(passedOn).containsExactly("ismaster");
    }

    private Document run(String database, Document query) {
        return authentication.handleCommand(channel, database, query.keySet().iterator().next(), query, this::next);
    }

    private Document next(Channel on, String database, String command, Document query) {
        passedOn.add(command);
        Document reply = command.equals("ismaster") ? new Document("ismaster", true) : new Document();
        reply.put("ok", 1.0);
        return reply;
    }

    private static Document command(String name) {
        return new Document(name, 1);
    }

    private static Document saslStart(String payload) {
        Document start = new Document("saslStart", 1);
        start.put("mechanism", "SCRAM-SHA-256");
        start.put("payload", new BinData(payload.getBytes(StandardCharsets.UTF_8)));
        return start;
    }

    private static Document saslContinue(String payload) {
        Document next = new Document("saslContinue", 1);
        next.put("conversationId", 1);
        next.put("payload", new BinData(payload.getBytes(StandardCharsets.UTF_8)));
        return next;
    }

    private static String payload(Document reply) {
        return new String(((BinData) reply.get("payload")).getData(), StandardCharsets.UTF_8);
    }

    /** The client side of SCRAM-SHA-256 (RFC 5802 section 3), to talk to the server in these tests. */
    private static final class Client {
        private final String user;
        private final String password;
        private final String clientFirstBare;
        private String serverFinal;

        Client(String user, String password) {
            this.user = user;
            this.password = password;
            this.clientFirstBare = "n=" + user + ",r=clientnonce" + System.nanoTime();
        }

        String first() {
            return "n,," + clientFirstBare;
        }

        String last(String serverFirst) throws Exception {
            String nonce = null;
            byte[] salt = null;
            int iterations = 0;
            for (String attribute : serverFirst.split(",")) {
                switch (attribute.charAt(0)) {
                    case 'r' -> nonce = attribute.substring(2);
                    case 's' -> salt = Base64.getDecoder().decode(attribute.substring(2));
                    case 'i' -> iterations = Integer.parseInt(attribute.substring(2));
                    default -> throw new AssertionError(attribute);
                }
            }
            byte[] saltedPassword = SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
                    .generateSecret(new PBEKeySpec(password.toCharArray(), salt, iterations, 256)).getEncoded();
            byte[] clientKey = hmac(saltedPassword, "Client Key");
            byte[] storedKey = MessageDigest.getInstance("SHA-256").digest(clientKey);
            String withoutProof = "c=biws,r=" + nonce;
            String authMessage = clientFirstBare + "," + serverFirst + "," + withoutProof;
            byte[] signature = hmac(storedKey, authMessage);
            byte[] proof = new byte[clientKey.length];
            for (int i = 0; i < proof.length; i++) {
                proof[i] = (byte) (clientKey[i] ^ signature[i]);
            }
            serverFinal = "v=" + Base64.getEncoder().encodeToString(hmac(hmac(saltedPassword, "Server Key"), authMessage));
            return withoutProof + ",p=" + Base64.getEncoder().encodeToString(proof);
        }

        String serverFinal() {
            return serverFinal;
        }

        private static byte[] hmac(byte[] key, String message) throws Exception {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return mac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public String toString() {
            return "Client[" + user + "]";
        }
    }
}
