package io.parley.app.server;

import io.parley.app.TestKeys;
import io.parley.engine.api.TenantId;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.parley.engine.testing.Await;
import io.parley.storage.mongo.StorageFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** The whole slice through HTTP: example DSL → Drools → embedded MongoDB → API. */
class ServerEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final PrometheusMeterRegistry metrics = ParleyServer.newMetrics();
    private ParleyServer server;
    private String base;
    private String key;

    @BeforeEach
    void start(@TempDir Path dataDir) {
        RuleSetLoader loader = new RuleSetLoader(System.err, metrics);
        var storage = StorageFactory.open(dataDir, null);
        RuleSetLoader.Loaded example = loader.publish(loader.example(), storage.tenant(TenantId.DEFAULT));
        server = new ParleyServer(storage, example.evaluator(), metrics);
        base = "http://127.0.0.1:" + server.startHttp("127.0.0.1", 0);
        key = TestKeys.admin(storage);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aPostedDialogueIsEvaluatedWithEvidenceAndTheRuleSetVersion() throws Exception {
        HttpResponse<String> accepted = post("/api/v1/dialogues", "application/json", """
                {"id": "e2e-1", "channel": "im", "turns": [
                  {"role": "customer", "text": "我要退货，衣服尺码不对"},
                  {"role": "agent", "text": "不知道，你自己去查"}
                ]}""");
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);

        JsonNode result = awaitResult("e2e-1");

        assertThat(result.at("/ruleset/id").asText()).isEqualTo("ecommerce-presale");
        assertThat(result.at("/ruleset/version").asInt()).isEqualTo(6);
        assertThat(result.findValuesAsText("rule"))
                .contains("forbidden_phrase", "no_greeting", "refund_without_order", "no_closing");
        JsonNode forbidden = hit(result, "forbidden_phrase");
        assertThat(forbidden.at("/evidence/0/turn").asInt()).isEqualTo(1);
        assertThat(forbidden.at("/evidence/0/text").asText()).isEqualTo("不知道");
        assertThat(forbidden.at("/evidence/0/span/0").asInt()).isZero();
        assertThat(forbidden.at("/evidence/0/span/1").asInt()).isEqualTo(3);
        // The process section loses at most 15 (no greeting, refund checkpoint failed, no closing).
        assertThat(result.at("/score/value").asDouble()).isEqualTo(70.0);
        assertThat(result.at("/checkpoints/0/checkpoint").asText()).isEqualTo("refund_without_order");
        assertThat(result.at("/checkpoints/0/status").asText()).isEqualTo("failed");
    }

    @Test
    void aBadDialogueIsRefusedNamingTheField() throws Exception {
        HttpResponse<String> refused = post("/api/v1/dialogues", "application/json",
                "{\"id\": \"bad-1\", \"turns\": [{\"role\": \"agnet\", \"text\": \"您好\"}]}");

        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.body()).contains("/turns/0/role", "agnet");
        assertThat(get("/api/v1/dialogues/bad-1").statusCode()).isEqualTo(404);
    }

    @Test
    void theSampleBatchIsAcceptedLineByLine() throws Exception {
        HttpResponse<String> batch = post("/api/v1/dialogues/batch", "application/x-ndjson",
                ExampleTemplate.ecommerce().dialoguesNdjson() + "{\"id\": \"broken\"\n");

        assertThat(batch.statusCode()).isEqualTo(200);
        assertThat(batch.body().lines().filter(l -> l.contains("\"accepted\"") && l.contains("\"line\"")).count()).isEqualTo(26);
        assertThat(batch.body()).contains("\"rejected\"");
        assertThat(awaitResult("ec-004").at("/score/vetoedBy").asText()).isEqualTo("abusive_language");
    }

    private JsonNode awaitResult(String id) throws Exception {
        HttpResponse<String> response = Await.until("the result of " + id, Duration.ofSeconds(30),
                () -> get("/api/v1/dialogues/" + id + "/result"), polled -> {
                    assertThat(polled.statusCode()).as(polled.body()).isIn(200, 202);
                    return polled.statusCode() == 200;
                });
        return JSON.readTree(response.body());
    }

    private static JsonNode hit(JsonNode result, String rule) {
        for (JsonNode hit : result.get("hits")) {
            if (hit.get("rule").asText().equals(rule)) {
                return hit;
            }
        }
        throw new AssertionError("no hit " + rule + " in " + result);
    }

    private HttpResponse<String> post(String path, String contentType, String body) throws IOException, InterruptedException {
        return http.send(TestKeys.request(URI.create(base + path), key).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(TestKeys.request(URI.create(base + path), key).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
