package io.parley.app.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.app.server.ParleyServer;
import io.parley.app.server.ResultSinks;
import io.parley.app.server.RuleSetLoader;
import io.parley.app.server.WorkflowService;
import io.parley.engine.api.TenantId;
import io.parley.engine.api.model.ModelFile;
import io.parley.engine.api.model.RegisteredModel;
import io.parley.engine.api.security.Role;
import io.parley.engine.impl.security.AccessControl;
import io.parley.engine.spi.storage.Storage;
import io.parley.engine.spi.storage.TenantStorage;
import io.parley.engine.testing.Await;
import io.parley.http.RouteInfo;
import io.parley.storage.mongo.StorageFactory;
import io.parley.workflow.SamplingPolicy;
import io.parley.workflow.WorkflowSettings;
import io.parley.workflow.impl.CamundaScoringWorkflow;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The access matrix, built from the server's own route table so that a new route is covered
 * without anyone remembering to: every route × every role × the caller's own tenant (acme) and
 * another's (globex). Expected: anonymous → 401 on every non-public route; a role without the
 * route's permission → 403 naming it; with it, never the guard's 401/403 or a 5xx on its own tenant's resources, and on
 * the other tenant's never a byte of its data (404 for a resource it names), and the other tenant's
 * data unchanged afterwards.
 */
class AccessMatrixTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TenantId ACME = TenantId.of("acme");
    private static final TenantId GLOBEX = TenantId.of("globex");
    /** In globex's data only: none of it may reach an acme caller. */
    private static final String SECRET = "GLOBEX-SECRET";
    private static final String OWN_RULES = """
            template "ecommerce-presale" version 1 language zh
            lexicon forbidden = ["不知道"]
            rule forbidden_phrase "禁语" severity major:
              agent says any forbidden
            scorecard quality base 100:
              forbidden_phrase -20
            """;
    private static final String GLOBEX_RULES = """
            template "globex-only" version 1 language zh
            lexicon forbidden = ["不知道"]
            rule forbidden_phrase "GLOBEX-SECRET-RULE" severity major:
              agent says any forbidden
            scorecard quality base 100:
              forbidden_phrase -20
            """;

    @TempDir
    static Path dataDir;
    static Storage storage;
    static ParleyServer server;
    static String base;
    static final HttpClient http = HttpClient.newHttpClient();
    static final Map<Role, String> keys = new EnumMap<>(Role.class);
    /** Per path parameter: the value naming acme's own resource, and globex's. */
    static final Map<String, String[]> params = new LinkedHashMap<>();
    static final AtomicInteger counter = new AtomicInteger();
    static String globexSnapshot;

    @BeforeAll
    static void start() throws Exception {
        var metrics = ParleyServer.newMetrics();
        storage = StorageFactory.open(dataDir, null);
        AccessControl access = new AccessControl(storage, Clock.systemUTC(), Duration.ofMinutes(30));
        access.createTenant(ACME, "Acme", "test", "");
        access.createTenant(GLOBEX, "Globex", "test", "");
        RuleSetLoader loader = new RuleSetLoader(System.err, metrics);
        RuleSetLoader.Loaded own = loader.publish(loader.compile("acme", "presale.parley", OWN_RULES), storage.tenant(ACME));
        loader.publish(loader.compile("globex", "globex.parley", GLOBEX_RULES), storage.tenant(GLOBEX));
        SamplingPolicy everything = new SamplingPolicy(true, 101.0, null, 0, 0, 1L);
        WorkflowService workflows = new WorkflowService(CamundaScoringWorkflow.open(
                WorkflowSettings.inMemory(everything).withJobExecutor(true), storage, n -> { }), storage);
        server = new ParleyServer(storage, ACME, own.evaluator(), metrics, ResultSinks.none(), workflows);
        base = "http://127.0.0.1:" + server.startHttp("127.0.0.1", 0);

        for (Role role : Role.values()) {
            keys.put(role, access.createKey(ACME, role, role == Role.AGENT ? "a-17" : role.id(), null, "test", "").token());
        }
        String globexAdmin = access.createKey(GLOBEX, Role.TENANT_ADMIN, "globex-admin", null, "test", "").token();
        String globexReviewer = access.createKey(GLOBEX, Role.REVIEWER, SECRET + "-reviewer", null, "test", "").token();
        access.createUser(GLOBEX, "globex-user", Role.QA_LEAD, "a long enough password", "test", "");
        register(storage.tenant(ACME), "acme-model");
        register(storage.tenant(GLOBEX), "globex-model");

        // Each tenant: a dialogue with its result and review task, a backtest job, a victim key to revoke.
        assertThat(send("POST", "/api/v1/dialogues", dialogue("a-1", "亲，不知道"), keys.get(Role.ADMIN)).statusCode()).isEqualTo(202);
        assertThat(send("POST", "/api/v1/dialogues?ruleset=globex-only", dialogue("g-1", SECRET + " 不知道"), globexAdmin)
                .statusCode()).isEqualTo(202);
        String acmeTask = awaitTask("a-1", keys.get(Role.REVIEWER));
        String globexTask = awaitTask("g-1", globexReviewer);
        String acmeJob = JSON.readTree(send("POST", "/api/v1/rulesets/ecommerce-presale/backtest", null, keys.get(Role.ADMIN)).body())
                .get("job").asText();
        String globexJob = JSON.readTree(send("POST", "/api/v1/rulesets/globex-only/backtest", null, globexAdmin).body())
                .get("job").asText();
        String acmeVictim = access.createKey(ACME, Role.READ_ONLY, "victim", null, "test", "").key().id();
        String globexVictim = access.createKey(GLOBEX, Role.READ_ONLY, SECRET + "-victim", null, "test", "").key().id();

        params.put("/api/v1/dialogues/:id", new String[]{"a-1", "g-1"});
        params.put("/api/v1/rulesets/:id", new String[]{"ecommerce-presale", "globex-only"});
        params.put("/api/v1/models/:id", new String[]{"acme-model", "globex-model"});
        params.put("/api/v1/keys/:id", new String[]{acmeVictim, globexVictim});
        params.put("/api/v1/tasks/:id", new String[]{acmeTask, globexTask});
        params.put(":version", new String[]{"1", "1"});
        params.put(":job", new String[]{acmeJob, globexJob});
        params.put(":tenant", new String[]{"acme", "globex"});
        globexSnapshot = snapshot(storage.tenant(GLOBEX), globexVictim);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void everyRouteRoleAndTenantAnswersAsTheRoleTableSays() throws Exception {
        List<RouteInfo> routes = server.routeTable();
        assertThat(routes).as("the route table").hasSizeGreaterThan(40);
        List<String> failures = new ArrayList<>();
        int cells = 0;
        for (RouteInfo route : routes) {
            if (route.isPublic()) {
                continue;
            }
            cells++;
            HttpResponse<String> anonymous = send(route.method(), path(route, 0), body(route), null);
            if (anonymous.statusCode() != 401) {
                failures.add("anonymous " + route.key() + " → " + anonymous.statusCode() + " (expected 401)");
            }
            for (Role role : Role.values()) {
                for (int target = 0; target < 2; target++) {
                    cells++;
                    String path = path(route, target);
                    HttpResponse<String> response = send(route.method(), path, body(route), keys.get(role));
                    String cell = role.id() + " " + route.method() + " " + path + (target == 0 ? " (own)" : " (other tenant's)")
                            + " → " + response.statusCode() + ": " + abbreviate(response.body());
                    int status = response.statusCode();
                    if (!role.may(route.permission())) {
                        if (status != 403) {
                            failures.add(cell + " (expected 403: " + role.id() + " lacks " + route.permission() + ")");
                        }
                        continue;
                    }
                    // A 403 of the route's own (a task offered to another group) is an answer; the guard's names the permission.
                    boolean refusedByGuard = status == 403 && response.body().contains("\"permission\"");
                    if (status == 401 || refusedByGuard || status >= 500) {
                        failures.add(cell + " (expected an answer: " + role.id() + " holds " + route.permission() + ")");
                    }
                    if (target == 1 && response.body().contains(SECRET)) {
                        failures.add(cell + " (LEAK: another tenant's data in the reply)");
                    }
                    if (target == 1 && route.method().equals("GET") && route.path().matches(".*/:(id|job|version)$")
                            && !route.path().startsWith("/api/v1/tenants") && status != 404) {
                        failures.add(cell + " (expected 404 for another tenant's resource)");
                    }
                }
            }
        }
        assertThat(snapshot(storage.tenant(GLOBEX), params.get("/api/v1/keys/:id")[1]))
                .as("globex's data after every acme caller's every request").isEqualTo(globexSnapshot);
        System.out.printf("access matrix: %d routes, %d cells (anonymous + %d roles × own/other tenant), %d failures%n",
                routes.size(), cells, Role.values().length, failures.size());
        assertThat(failures).isEmpty();
    }

    @Test
    void publicRoutesAnswerWithoutCredentials() throws Exception {
        for (RouteInfo route : server.routeTable()) {
            if (route.isPublic() && route.method().equals("GET")) {
                assertThat(send("GET", route.path(), null, null).statusCode()).as(route.key()).isEqualTo(200);
            }
        }
    }

    @Test
    void theApiDescriptionHasEveryRouteTheServerServesAndNoOther() throws Exception {
        JsonNode paths = JSON.readTree(send("GET", "/openapi.json", null, null).body()).get("paths");
        List<String> described = new ArrayList<>();
        paths.properties().forEach(path -> path.getValue().fieldNames().forEachRemaining(method ->
                described.add(method.toUpperCase(java.util.Locale.ROOT) + " " + path.getKey())));
        List<String> served = server.routeTable().stream()
                .map(route -> route.method() + " " + route.path().replaceAll(":(\\w+)", "{$1}")).toList();
        assertThat(described).containsExactlyInAnyOrderElementsOf(served);
        assertThat(JSON.readTree(send("GET", "/openapi.json", null, null).body()).toString()).doesNotContain("x-parley-undocumented");
    }

    @Test
    void securityMdListsEveryRouteAndWhoMayCallIt() throws Exception {
        Path doc = Path.of("../../docs/security.md").toAbsolutePath().normalize();
        String text = Files.readString(doc);
        String start = "<!-- routes:start -->\n";
        String end = "<!-- routes:end -->";
        String expected = routeTable(server.routeTable());
        String actual = text.substring(text.indexOf(start) + start.length(), text.indexOf(end));
        if (Boolean.getBoolean("parley.regenerate")) {
            Files.writeString(doc, text.substring(0, text.indexOf(start) + start.length()) + expected + text.substring(text.indexOf(end)));
            return;
        }
        assertThat(actual).as(doc + " between the routes markers (run with -Dparley.regenerate=true to rewrite it)")
                .isEqualTo(expected);
    }

    /** The route × role table of docs/security.md: ✓ may, own: only their own dialogues or tasks, blank: 403. */
    private static String routeTable(List<RouteInfo> routes) {
        StringBuilder table = new StringBuilder("| route | permission |");
        for (Role role : Role.values()) {
            table.append(' ').append(role.id()).append(" |");
        }
        table.append("\n|---|---|").append("---|".repeat(Role.values().length)).append('\n');
        routes.stream().sorted(java.util.Comparator.comparing(RouteInfo::path).thenComparing(RouteInfo::method)).forEach(route -> {
            table.append("| `").append(route.method()).append(' ').append(route.path().replaceAll(":(\\w+)", "{$1}"))
                    .append("` | ").append(route.isPublic() ? "public" : "`" + route.permission() + "`").append(" |");
            for (Role role : Role.values()) {
                String cell = route.isPublic() ? "✓" : !role.may(route.permission()) ? ""
                        : role.seesOnlyOwn() ? "own" : "✓";
                table.append(' ').append(cell).append(" |");
            }
            table.append('\n');
        });
        return table.toString();
    }

    // ---- requests

    /** The route's path with each parameter naming the target tenant's resource: by the path up to it, else by its name. */
    private static String path(RouteInfo route, int target) {
        StringBuilder path = new StringBuilder();
        for (String segment : route.path().substring(1).split("/")) {
            String upToHere = path + "/" + segment;
            if (segment.startsWith(":")) {
                String[] values = params.getOrDefault(upToHere, params.get(segment));
                assertThat(values).as("a value for " + segment + " in " + route.key()).isNotNull();
                segment = values[target];
            }
            path.append('/').append(segment);
        }
        return path + query(route);
    }

    private static String query(RouteInfo route) {
        return switch (route.path()) {
            case "/api/v1/rulesets/:id/diff" -> "?from=1&to=1";
            case "/api/v1/sop/check" -> "?flow=parley-scoring";
            default -> "";
        };
    }

    /** A body the route could act on, so that an allowed request gets past reading it. */
    private static String body(RouteInfo route) {
        int n = counter.incrementAndGet();
        return switch (route.key()) {
            case "POST /api/v1/dialogues", "POST /api/v1/rulesets/:id/try", "POST /api/v1/sop/check" -> dialogue("m-" + n, "您好");
            case "POST /api/v1/dialogues/batch" -> dialogue("b-" + n, "您好") + "\n";
            case "POST /api/v1/dialogues/raw" -> "{}";
            case "POST /api/v1/rulesets" -> OWN_RULES.replace("version 1", "version " + (n + 1));
            case "POST /api/v1/keys", "POST /api/v1/tenants/:tenant/keys" -> "{\"role\": \"read-only\", \"name\": \"k-" + n + "\"}";
            case "POST /api/v1/users", "POST /api/v1/tenants/:tenant/users" ->
                    "{\"name\": \"u-" + n + "\", \"role\": \"read-only\", \"password\": \"a long enough password\"}";
            case "POST /api/v1/tenants" -> "{\"id\": \"t-" + n + "\"}";
            case "POST /api/v1/tasks/:id/complete" -> "{\"hits\": [], \"score\": 80}";
            case "POST /api/v1/tasks/:id/appeal" -> "{\"appeal\": false}";
            case "POST /api/v1/tasks/:id/arbitrate" -> "{\"upheld\": true}";
            case "POST /api/v1/calibrations" -> "{\"dialogueId\": \"g-1\", \"ruleset\": {\"id\": \"globex-only\", \"version\": 1},"
                    + " \"reviewers\": [\"r1\", \"r2\"]}";
            case "POST /api/v1/workflows" -> "<definitions/>";
            default -> route.method().equals("POST") ? "{}" : null;
        };
    }

    private static String dialogue(String id, String agentText) {
        return "{\"id\": \"" + id + "\", \"agent\": {\"id\": \"a-17\"}, \"turns\": [{\"role\": \"customer\", \"text\": \"在吗\"},"
                + " {\"role\": \"agent\", \"text\": \"" + agentText + "\"}]}";
    }

    static HttpResponse<String> send(String method, String path, String body, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String awaitTask(String dialogueId, String key) {
        return Await.until("a review task for " + dialogueId, Duration.ofSeconds(30), () -> {
            JsonNode tasks = JSON.readTree(send("GET", "/api/v1/tasks", null, key).body()).path("tasks");
            for (JsonNode task : tasks) {
                if (task.path("dialogueId").asText().equals(dialogueId)) {
                    return task.get("id").asText();
                }
            }
            return null;
        }, id -> id != null);
    }

    private static void register(TenantStorage tenant, String id) {
        String source = (tenant.tenant().equals(GLOBEX) ? SECRET : "own") + " model of " + tenant.tenant();
        tenant.models().register(new RegisteredModel(id, "1", "onnx", source,
                List.of(new ModelFile(id + ".onnx", 10, "a".repeat(64))), null, List.of("x"), Map.of(), Map.of(), Map.of(),
                Instant.parse("2026-12-01T00:00:00Z")));
    }

    /** What globex has stored: none of it may change because of an acme caller. */
    private static String snapshot(TenantStorage globex, String victimKey) {
        StringBuilder snapshot = new StringBuilder();
        globex.dialogues().forEach(d -> snapshot.append(d).append('\n'));
        snapshot.append(globex.results().forDialogue("g-1")).append('\n');
        snapshot.append(globex.rulesets().versions("globex-only")).append('\n');
        snapshot.append(globex.rulesets().published("globex-only").map(s -> s.ref()).orElse(null)).append('\n');
        snapshot.append(globex.backtestJobs().all().stream().map(j -> j.id()).toList()).append('\n');
        snapshot.append(globex.shadowRuns().all()).append('\n');
        snapshot.append(globex.verdicts().forDialogue("g-1")).append('\n');
        snapshot.append(globex.models().all()).append('\n');
        snapshot.append(storage.apiKeys().find(victimKey).map(k -> k.revokedAt()).orElse(null)).append('\n');
        snapshot.append(storage.users().find("globex-user")).append('\n');
        return snapshot.toString();
    }

    private static String abbreviate(String body) {
        String flat = body.replace('\n', ' ');
        return flat.length() > 200 ? flat.substring(0, 200) + "…" : flat;
    }
}
