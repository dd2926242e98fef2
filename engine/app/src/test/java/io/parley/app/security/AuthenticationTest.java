package io.parley.app.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.app.TestKeys;
import io.parley.app.server.Bootstrap;
import io.parley.app.server.ParleyServer;
import io.parley.app.server.RuleSetLoader;
import io.parley.engine.api.Dialogue;
import io.parley.engine.api.TenantId;
import io.parley.engine.api.Turn;
import io.parley.engine.api.security.Role;
import io.parley.engine.impl.security.AccessControl;
import io.parley.engine.spi.storage.Storage;
import io.parley.engine.testing.Await;
import io.parley.http.HttpSettings;
import io.parley.storage.mongo.StorageFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** Keys, sessions, CSRF, limits and bootstrap, through a real server and its real authenticator. */
class AuthenticationTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration IDLE = Duration.ofSeconds(2);
    private final HttpClient http = HttpClient.newHttpClient();
    @TempDir
    Path dataDir;
    private Storage storage;
    private ParleyServer server;
    private String base;

    private void start(HttpSettings settings) {
        var metrics = ParleyServer.newMetrics();
        storage = StorageFactory.open(dataDir, null);
        RuleSetLoader loader = new RuleSetLoader(System.err, metrics);
        server = new ParleyServer(storage, loader.publish(loader.example(), storage.tenant(TenantId.DEFAULT)).evaluator(), metrics);
        base = "http://127.0.0.1:" + server.startHttp("127.0.0.1", 0, settings);
    }

    private void start() {
        start(new HttpSettings(1_000, 3, Duration.ofSeconds(60), Map.of("POST /api/v1/dialogues", 512), List.of(), false, IDLE));
    }

    @AfterEach
    void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void aKeyIsShownOnceStoredHashedUsedExpiredAndRevoked() throws Exception {
        start();
        String admin = TestKeys.create(storage, TenantId.DEFAULT, Role.TENANT_ADMIN);

        JsonNode created = json(send("POST", "/api/v1/keys", "{\"role\": \"reviewer\", \"name\": \"ci\"}", auth(admin)), 201);
        String key = created.get("key").asText();
        String id = created.get("id").asText();
        assertThat(key).matches("pk_[a-z0-9]{12}_[A-Za-z0-9_-]{43}").startsWith("pk_" + id + "_");
        String secret = key.substring(16);
        assertThat(storage.apiKeys().find(id).orElseThrow().secretHash()).startsWith("$argon2id$v=19$").doesNotContain(secret);
        String listed = send("GET", "/api/v1/keys", null, auth(admin)).body();
        assertThat(listed).contains(id).doesNotContain(secret).doesNotContain("argon2");

        assertThat(json(send("GET", "/api/v1/session", null, auth(key)), 200).get("role").asText()).isEqualTo("reviewer");
        assertThat(storage.apiKeys().find(id).orElseThrow().lastUsedAt()).isNotNull();
        assertThat(send("GET", "/api/v1/session", null, auth(key.substring(0, key.length() - 1) + "x")).statusCode())
                .as("a wrong secret").isEqualTo(401);

        assertThat(send("DELETE", "/api/v1/keys/" + id, null, auth(admin)).statusCode()).isEqualTo(204);
        HttpResponse<String> revoked = send("GET", "/api/v1/session", null, auth(key));
        assertThat(revoked.statusCode()).isEqualTo(401);
        assertThat(revoked.headers().firstValue("WWW-Authenticate")).contains("Bearer realm=\"parley\"");
        assertThat(json(revoked, 401).get("error").asText()).isEqualTo("the API key is unknown, expired or revoked");

        // Revoked elsewhere (another process on the same storage, or the CLI): refused within a second.
        String other = TestKeys.create(storage, TenantId.DEFAULT, Role.REVIEWER);
        assertThat(send("GET", "/api/v1/session", null, auth(other)).statusCode()).isEqualTo(200);
        new AccessControl(storage, Clock.systemUTC(), IDLE).revokeKey(TenantId.DEFAULT, other.substring(3, 15), "cli", "");
        long revokedAt = System.nanoTime();
        Await.until("the revoked key refused", Duration.ofSeconds(5),
                () -> send("GET", "/api/v1/session", null, auth(other)).statusCode(), status -> status == 401);
        assertThat(Duration.ofNanos(System.nanoTime() - revokedAt))
                .isLessThan(AccessControl.KEY_RECHECK.plus(Duration.ofMillis(900)));

        JsonNode expiring = json(send("POST", "/api/v1/keys", "{\"role\": \"reviewer\", \"expiresAt\": \""
                + Instant.now().plusSeconds(2) + "\"}", auth(admin)), 201);
        assertThat(send("GET", "/api/v1/session", null, auth(expiring.get("key").asText())).statusCode()).isEqualTo(200);
        Await.until("the expired key refused", Duration.ofSeconds(10),
                () -> send("GET", "/api/v1/session", null, auth(expiring.get("key").asText())).statusCode(), status -> status == 401);
    }

    @Test
    void nobodyGrantsMoreThanTheirRoleMayDo() throws Exception {
        start();
        String tenantAdmin = TestKeys.create(storage, TenantId.DEFAULT, Role.TENANT_ADMIN);

        HttpResponse<String> refused = send("POST", "/api/v1/keys", "{\"role\": \"admin\"}", auth(tenantAdmin));

        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(json(refused, 403).get("error").asText()).isEqualTo("the role tenant-admin cannot grant the role admin, which may do more");
        assertThat(json(send("POST", "/api/v1/keys", "{\"role\": \"superuser\"}", auth(tenantAdmin)), 400).get("field").asText())
                .isEqualTo("role");
    }

    @Test
    void aConsoleSessionSignsInNeedsItsCsrfTokenToChangeThingsAndSignsOut() throws Exception {
        start();
        String admin = TestKeys.create(storage, TenantId.DEFAULT, Role.TENANT_ADMIN);
        json(send("POST", "/api/v1/users", "{\"name\": \"li.qa\", \"role\": \"tenant-admin\", \"password\": \"correct horse battery\"}",
                auth(admin)), 201);
        assertThat(storage.users().find("li.qa").orElseThrow().passwordHash()).startsWith("$argon2id$").doesNotContain("horse");
        assertThat(json(send("POST", "/api/v1/users", "{\"name\": \"short\", \"role\": \"reviewer\", \"password\": \"short\"}",
                auth(admin)), 400).get("field").asText()).isEqualTo("password");

        assertThat(send("POST", "/api/v1/session", "{\"user\": \"li.qa\", \"password\": \"wrong password!\"}").statusCode()).isEqualTo(401);
        HttpResponse<String> signedIn = send("POST", "/api/v1/session", "{\"user\": \"li.qa\", \"password\": \"correct horse battery\"}");
        assertThat(signedIn.statusCode()).isEqualTo(200);
        String setCookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(setCookie).startsWith("parley_session=").contains("; HttpOnly", "; SameSite=Strict", "; Path=/")
                .doesNotContain("Secure");
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));
        String csrf = JSON.readTree(signedIn.body()).get("csrfToken").asText();
        assertThat(csrf).hasSizeGreaterThan(30);

        JsonNode me = json(send("GET", "/api/v1/session", null, "Cookie", cookie), 200);
        assertThat(me.get("user").asText()).isEqualTo("li.qa");
        assertThat(me.get("csrfToken").asText()).isEqualTo(csrf);
        HttpResponse<String> forged = send("POST", "/api/v1/keys", "{\"role\": \"reviewer\"}", "Cookie", cookie);
        assertThat(forged.statusCode()).isEqualTo(403);
        assertThat(json(forged, 403).get("field").asText()).isEqualTo("X-CSRF-Token");
        assertThat(send("POST", "/api/v1/keys", "{\"role\": \"reviewer\"}", "Cookie", cookie, "X-CSRF-Token", "x" + csrf)
                .statusCode()).isEqualTo(403);
        assertThat(send("POST", "/api/v1/keys", "{\"role\": \"reviewer\"}", "Cookie", cookie, "X-CSRF-Token", csrf)
                .statusCode()).isEqualTo(201);

        HttpResponse<String> signedOut = send("DELETE", "/api/v1/session", null, "Cookie", cookie, "X-CSRF-Token", csrf);
        assertThat(signedOut.statusCode()).isEqualTo(204);
        assertThat(signedOut.headers().firstValue("Set-Cookie").orElseThrow()).contains("Max-Age=0");
        assertThat(send("GET", "/api/v1/session", null, "Cookie", cookie).statusCode()).isEqualTo(401);

        JsonNode audit = json(send("GET", "/api/v1/audit", null, auth(admin)), 200);
        List<String> actions = new ArrayList<>();
        audit.get("events").forEach(event -> actions.add(event.get("action").asText() + " " + event.get("actor").asText()));
        assertThat(actions).contains("auth.sign-in li.qa", "auth.sign-in-failed li.qa", "auth.sign-out li.qa",
                "user.create key:" + admin.substring(3, 15), "key.create li.qa");
        assertThat(audit.get("events").get(0).get("address").asText()).isEqualTo("127.0.0.1");
    }

    @Test
    void anIdleSessionEnds() throws Exception {
        start();
        new AccessControl(storage, Clock.systemUTC(), IDLE).createUser(TenantId.DEFAULT, "zhao", Role.REVIEWER,
                "a long enough password", "test", "");
        HttpResponse<String> signedIn = send("POST", "/api/v1/session", "{\"user\": \"zhao\", \"password\": \"a long enough password\"}");
        String cookie = signedIn.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        assertThat(send("GET", "/api/v1/session", null, "Cookie", cookie).statusCode()).isEqualTo(200);

        Thread.sleep(IDLE.plusMillis(300).toMillis());

        HttpResponse<String> idle = send("GET", "/api/v1/session", null, "Cookie", cookie);
        assertThat(idle.statusCode()).isEqualTo(401);
        assertThat(json(idle, 401).get("error").asText()).startsWith("the session has ended");
    }

    @Test
    void requestsBeyondTheRateAre429WithRetryAfterAndPasswordGuessesAreLimitedPerAddress() throws Exception {
        start(new HttpSettings(5, 3, Duration.ofSeconds(60), Map.of(), List.of(), false, IDLE));
        String key = TestKeys.create(storage, TenantId.DEFAULT, Role.READ_ONLY);

        List<HttpResponse<String>> burst = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            burst.add(send("GET", "/api/v1/session", null, auth(key)));
        }

        HttpResponse<String> limited = burst.stream().filter(r -> r.statusCode() == 429).findFirst().orElseThrow();
        assertThat(Integer.parseInt(limited.headers().firstValue("Retry-After").orElseThrow())).isBetween(1, 2);
        assertThat(json(limited, 429).get("error").asText()).startsWith("more than 5 requests a second");
        assertThat(burst.stream().filter(r -> r.statusCode() == 200).count()).isBetween(5L, 10L);

        List<Integer> guesses = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            guesses.add(send("POST", "/api/v1/session", "{\"user\": \"root\", \"password\": \"guess number " + i + "\"}").statusCode());
        }
        assertThat(guesses).containsExactly(401, 401, 401, 429);
    }

    @Test
    void bodyLimitsAreConfigurablePerRouteAndNoBodyIsReadWithoutCredentials() throws Exception {
        start();
        String key = TestKeys.create(storage, TenantId.DEFAULT, Role.SOLUTION_ENGINEER);
        String big = "{\"id\": \"big\", \"turns\": [{\"role\": \"customer\", \"text\": \"" + "在".repeat(400) + "\"}]}";

        HttpResponse<String> tooLarge = send("POST", "/api/v1/dialogues", big, auth(key));
        assertThat(tooLarge.statusCode()).isEqualTo(413);
        assertThat(json(tooLarge, 413).get("error").asText()).startsWith("request body too large: at most 0 KB");
        assertThat(send("POST", "/api/v1/dialogues", "{\"id\": \"small\", \"turns\": [{\"role\": \"customer\", \"text\": \"在吗\"}]}",
                auth(key)).statusCode()).isEqualTo(202);

        HttpResponse<String> anonymous = send("POST", "/api/v1/dialogues", "x".repeat(8 * 1024 * 1024));
        assertThat(anonymous.statusCode()).as("refused before its body is read").isEqualTo(401);
    }

    @Test
    void identityHeadersAreIgnoredUnlessTheOperatorTrustsTheProxy() throws Exception {
        start();

        HttpResponse<String> spoofed = send("GET", "/api/v1/rulesets", null,
                "X-Parley-User", "root", "X-Parley-Role", "admin", "X-Parley-Tenant", "default");

        assertThat(spoofed.statusCode()).isEqualTo(401);
        assertThat(json(spoofed, 401).get("error").asText()).startsWith("X-Parley-User is believed only from a trusted proxy");
    }

    @Test
    void theFirstStartMakesAnAdminKeyOnceAndDataFromBeforeTenantsIsTheDefaultTenants() throws Exception {
        // A data directory from before tenants: its dialogues are in the database itself, no tenant registered.
        try (Storage old = StorageFactory.open(dataDir, null)) {
            old.tenant(TenantId.DEFAULT).dialogues().save(new Dialogue("old-1", "im", null, null, null, null,
                    List.of(new Turn("customer", "去年的对话")), null, null));
            assertThat(old.tenants().all()).isEmpty();
        }
        start();
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        assertThat(Bootstrap.firstStart(storage, TenantId.DEFAULT, null, new PrintStream(printed, true, StandardCharsets.UTF_8)))
                .isFalse(); // startHttp registered the server's tenant already: a server started by hand, not by `serve`
        storage.tenants().all().forEach(t -> { });

        try (Storage fresh = StorageFactory.open(dataDir.resolve("fresh"), null)) {
            assertThat(Bootstrap.firstStart(fresh, TenantId.DEFAULT, null, new PrintStream(printed, true, StandardCharsets.UTF_8))).isTrue();
            assertThat(Bootstrap.firstStart(fresh, TenantId.DEFAULT, null, new PrintStream(printed, true, StandardCharsets.UTF_8))).isFalse();
            Matcher key = Pattern.compile("pk_[a-z0-9]{12}_[A-Za-z0-9_-]+").matcher(printed.toString(StandardCharsets.UTF_8));
            assertThat(key.find()).isTrue();
            assertThat(new AccessControl(fresh, Clock.systemUTC(), IDLE).authenticateKey(key.group(), "").orElseThrow().role())
                    .isEqualTo(Role.ADMIN);
        }

        String admin = TestKeys.admin(storage);
        JsonNode dialogue = json(send("GET", "/api/v1/dialogues/old-1", null, auth(admin)), 200);
        assertThat(dialogue.at("/turns/0/text").asText()).isEqualTo("去年的对话");
    }

    @Test
    void anOperatorKeyFromTheEnvironmentIsRegisteredOnTheFirstStart(@TempDir Path other) {
        String operatorKey = "pk_operator0001_" + "s".repeat(40);
        try (Storage fresh = StorageFactory.open(other, null)) {
            assertThat(Bootstrap.firstStart(fresh, TenantId.DEFAULT, operatorKey, new PrintStream(new ByteArrayOutputStream()))).isTrue();
            assertThat(new AccessControl(fresh, Clock.systemUTC(), IDLE).authenticateKey(operatorKey, "").orElseThrow().role())
                    .isEqualTo(Role.ADMIN);
        }
    }

    // ---- requests

    private static String[] auth(String key) {
        return new String[]{"Authorization", "Bearer " + key};
    }

    private HttpResponse<String> send(String method, String path, String body, String... headers) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (headers.length > 0) {
            request.headers(headers);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonNode json(HttpResponse<String> response, int status) throws Exception {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        return JSON.readTree(response.body());
    }
}
