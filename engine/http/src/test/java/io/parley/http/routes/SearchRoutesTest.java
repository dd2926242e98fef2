package io.parley.http.routes;

import io.parley.engine.api.Dialogue;
import io.parley.engine.api.EvaluationResult;
import io.parley.engine.api.Hit;
import io.parley.engine.api.Participant;
import io.parley.engine.api.RuleSetRef;
import io.parley.engine.api.Score;
import io.parley.engine.api.TenantId;
import io.parley.engine.api.Turn;
import io.parley.engine.api.security.Principal;
import io.parley.engine.api.security.Role;
import io.parley.engine.spi.storage.Storage;
import io.parley.engine.spi.storage.TenantStorage;
import io.parley.http.HttpApi;
import io.parley.http.HttpSettings;
import io.parley.storage.mongo.StorageFactory;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class SearchRoutesTest {
    private static final RuleSetRef V1 = new RuleSetRef("ecommerce-presale", 1);
    private static final Instant T0 = Instant.parse("2026-11-11T02:00:00Z");
    private static final Principal ADMIN = new Principal(TenantId.DEFAULT, "tester", Role.ADMIN, "tester", "127.0.0.1");

    @TempDir
    Path dataDir;

    private final AtomicReference<Principal> caller = new AtomicReference<>(ADMIN);
    private Storage storage;
    private Vertx vertx;
    private HttpApi api;
    private WebClient client;

    @BeforeEach
    void start() {
        storage = StorageFactory.open(dataDir, null);
        vertx = Vertx.vertx();
        api = new HttpApi(vertx, List.of(new SearchRoutes(storage::tenant)), ctx -> caller.get(), HttpSettings.DEFAULTS);
        int port = api.start("127.0.0.1", 0);
        client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
        // d-0 … d-5 a minute apart: agents a-1 (even) and a-2 (odd), scores 60 + 5i, forbidden_phrase on the even ones.
        store(storage.tenant(TenantId.DEFAULT), 6);
        // Another tenant with the same ids and agents: never seen.
        store(storage.tenant(TenantId.of("acme")), 2);
    }

    private static void store(TenantStorage tenant, int count) {
        List<Dialogue> dialogues = new ArrayList<>();
        List<EvaluationResult> results = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String agent = i % 2 == 0 ? "a-1" : "a-2";
            dialogues.add(new Dialogue("d-" + i, "im", OffsetDateTime.parse("2026-11-11T09:00:00+08:00"), new Participant(agent, "pre-sale"),
                    null, null, List.of(new Turn("customer", i == 3 ? "我要投诉" : "在吗")), null, null));
            List<Hit> hits = i % 2 == 0 ? List.of(new Hit("forbidden_phrase", "禁用语", "major", List.of(), List.of(), 1.0)) : List.of();
            results.add(new EvaluationResult("d-" + i, V1, hits, new Score("presale", 60 + 5 * i, i >= 4 ? "A" : "B", List.of(), null),
                    0, T0.plusSeconds(60L * i)));
        }
        tenant.dialogues().saveAll(dialogues);
        tenant.results().saveAll(results);
    }

    @AfterEach
    void stop() {
        client.close();
        api.stop();
        vertx.close().await();
        storage.close();
    }

    @Test
    void listsNewestFirstAndPagesThroughTheCursor() {
        HttpResponse<Buffer> first = get("/api/v1/dialogues?limit=4");

        assertThat(first.statusCode()).isEqualTo(200);
        JsonObject page = first.bodyAsJsonObject();
        assertThat(ids(page)).containsExactly("d-5", "d-4", "d-3", "d-2");
        assertThat(page.getLong("total")).isEqualTo(6);
        assertThat(page.getBoolean("truncated")).isFalse();
        assertThat(page.getJsonArray("items").getJsonObject(1)).isEqualTo(new JsonObject().put("dialogueId", "d-4")
                .put("ruleset", new JsonObject().put("id", "ecommerce-presale").put("version", 1))
                .put("evaluatedAt", "2026-11-11T02:04:00Z").put("agentId", "a-1").put("group", "pre-sale").put("channel", "im")
                .put("startedAt", "2026-11-11T01:00:00Z").put("score", 80.0).put("grade", "A")
                .put("rules", new JsonArray().add("forbidden_phrase")).put("failedCheckpoints", new JsonArray()));

        JsonObject second = get("/api/v1/dialogues?limit=4&cursor=" + page.getString("nextCursor")).bodyAsJsonObject();
        assertThat(ids(second)).containsExactly("d-1", "d-0");
        assertThat(second.getString("nextCursor")).isNull();
    }

    @Test
    void filtersSortsAndSearchesText() {
        assertThat(ids(get("/api/v1/dialogues?rule=forbidden_phrase&sort=score").bodyAsJsonObject())).containsExactly("d-0", "d-2", "d-4");
        assertThat(ids(get("/api/v1/dialogues?minScore=65&maxScore=75&sort=-score").bodyAsJsonObject())).containsExactly("d-3", "d-2", "d-1");
        assertThat(ids(get("/api/v1/dialogues?from=2026-11-11T02:01:00Z&to=" + encode("2026-11-11T10:03:00+08:00"))
                .bodyAsJsonObject())).containsExactly("d-2", "d-1");
        assertThat(ids(get("/api/v1/dialogues?to=2026-11-11T10:01:00+08:00").bodyAsJsonObject()))
                .as("an unescaped + in an offset").containsExactly("d-0");
        assertThat(ids(get("/api/v1/dialogues?q=" + encode("投诉")).bodyAsJsonObject())).containsExactly("d-3");
        assertThat(ids(get("/api/v1/dialogues?agent=a-2&grade=B&ruleset=ecommerce-presale@1&group=pre-sale&channel=im")
                .bodyAsJsonObject())).containsExactly("d-3", "d-1");
        assertThat(ids(get("/api/v1/dialogues?ruleset=ecommerce-presale@2").bodyAsJsonObject())).isEmpty();
        assertThat(ids(get("/api/v1/dialogues?reviewState=unreviewed&checkpoint=greeting").bodyAsJsonObject())).isEmpty();
    }

    @Test
    void aggregatesPerRuleAndPerAgent() {
        JsonObject rules = get("/api/v1/results/aggregates?by=rule&from=2026-11-11T02:00:00Z&to=2026-11-11T03:00:00Z").bodyAsJsonObject();
        assertThat(rules.getString("by")).isEqualTo("rule");
        assertThat(rules.getLong("results")).isEqualTo(6);
        assertThat(rules.getLong("dialogues")).isEqualTo(6);
        assertThat(rules.getString("from")).isEqualTo("2026-11-11T02:00:00Z");
        assertThat(rules.getJsonArray("rows")).containsExactly(new JsonObject().put("rule", "forbidden_phrase").put("title", "禁用语")
                .put("severity", "major").put("hits", 3).put("dialogues", 3).put("share", 0.5));

        JsonObject agents = get("/api/v1/results/aggregates?by=agent").bodyAsJsonObject();
        assertThat(agents.getJsonArray("rows").stream().map(row -> ((JsonObject) row).getString("agentId"))).containsExactly("a-1", "a-2");
        assertThat(agents.getJsonArray("rows").getJsonObject(0)).isEqualTo(new JsonObject()
                .put("agentId", "a-1").put("group", "pre-sale").put("dialogues", 3).put("results", 3).put("meanScore", 70.0)
                .put("hits", 3).put("hitsByRule", new JsonObject().put("forbidden_phrase", 3))
                .put("grades", new JsonObject().put("A", 1).put("B", 2)));
    }

    @Test
    void anAgentSeesOnlyTheirOwn() {
        caller.set(new Principal(TenantId.DEFAULT, "key:k1", Role.AGENT, "a-2", "127.0.0.1"));

        assertThat(ids(get("/api/v1/dialogues").bodyAsJsonObject())).containsExactly("d-5", "d-3", "d-1");
        JsonObject other = get("/api/v1/dialogues?agent=a-1").bodyAsJsonObject();
        assertThat(ids(other)).isEmpty();
        assertThat(other.getLong("total")).as("another agent's results do not exist for them").isZero();
        assertThat(ids(get("/api/v1/dialogues?rule=forbidden_phrase").bodyAsJsonObject())).isEmpty();
        JsonArray agents = get("/api/v1/results/aggregates?by=agent").bodyAsJsonObject().getJsonArray("rows");
        assertThat(agents).hasSize(1);
        assertThat(agents.getJsonObject(0).getString("agentId")).isEqualTo("a-2");
        assertThat(get("/api/v1/results/aggregates?by=rule").bodyAsJsonObject().getJsonArray("rows")).isEmpty();
        assertThat(get("/api/v1/results/aggregates?by=agent&agent=a-1").bodyAsJsonObject().getJsonArray("rows")).isEmpty();

        caller.set(new Principal(TenantId.DEFAULT, "key:k2", Role.AGENT, null, "127.0.0.1"));
        assertThat(ids(get("/api/v1/dialogues").bodyAsJsonObject())).as("an agent without an agent id sees nothing").isEmpty();
    }

    @Test
    void everyBadParameterIsA400NamingIt() {
        String cursor = get("/api/v1/dialogues?limit=1").bodyAsJsonObject().getString("nextCursor");
        Map<String, String> bad = new java.util.LinkedHashMap<>();
        bad.put("/api/v1/dialogues?sort=newest", "?sort");
        bad.put("/api/v1/dialogues?from=yesterday", "?from");
        bad.put("/api/v1/dialogues?to=2026-13-01T00:00:00Z", "?to");
        bad.put("/api/v1/dialogues?from=2026-11-12T00:00:00Z&to=2026-11-11T00:00:00Z", "?to");
        bad.put("/api/v1/dialogues?minScore=80&maxScore=70", "?maxScore");
        bad.put("/api/v1/dialogues?minScore=high", "?minScore");
        bad.put("/api/v1/dialogues?maxScore=NaN", "?maxScore");
        bad.put("/api/v1/dialogues?limit=0", "?limit");
        bad.put("/api/v1/dialogues?limit=501", "?limit");
        bad.put("/api/v1/dialogues?limit=ten", "?limit");
        bad.put("/api/v1/dialogues?cursor=not-a-cursor", "?cursor");
        bad.put("/api/v1/dialogues?cursor=", "?cursor");
        bad.put("/api/v1/dialogues?sort=score&cursor=" + cursor, "?cursor");
        bad.put("/api/v1/dialogues?ruleset=presale@x", "?ruleset");
        bad.put("/api/v1/dialogues?checkpointStatus=failed", "?checkpointStatus");
        bad.put("/api/v1/dialogues?checkpoint=greeting&checkpointStatus=broken", "?checkpointStatus");
        bad.put("/api/v1/dialogues?reviewState=done", "?reviewState");
        bad.put("/api/v1/dialogues?agent=", "?agent");
        bad.put("/api/v1/dialogues?agnet=a-1", "?agnet");
        bad.put("/api/v1/results/aggregates", "?by");
        bad.put("/api/v1/results/aggregates?by=team", "?by");
        bad.put("/api/v1/results/aggregates?by=rule&limit=5", "?limit");
        bad.put("/api/v1/results/aggregates?by=rule&from=soon", "?from");
        bad.forEach((path, field) -> {
            HttpResponse<Buffer> response = get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(400);
            assertThat(response.getHeader("Content-Type")).as(path).startsWith("application/problem+json");
            assertThat(response.bodyAsJsonObject().getString("field")).as(path).isEqualTo(field);
            assertThat(response.bodyAsJsonObject().getString("error")).as(path).contains(field);
        });
    }

    private static List<String> ids(JsonObject page) {
        return page.getJsonArray("items").stream().map(item -> ((JsonObject) item).getString("dialogueId")).toList();
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    private HttpResponse<Buffer> get(String path) {
        return client.get(path).send().await();
    }
}
