package io.parley.app.server;

import io.parley.app.TestKeys;
import io.parley.engine.api.security.Role;
import io.parley.engine.api.TenantId;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.parley.engine.testing.Await;
import io.parley.storage.mongo.StorageFactory;
import io.parley.workflow.SamplingPolicy;
import io.parley.workflow.WorkflowSettings;
import io.parley.workflow.impl.CamundaScoringWorkflow;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** Serving with workflows: a posted dialogue is scored by Drools, and its stored result opens a review task in the inbox. */
class WorkflowEndToEndTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private ParleyServer server;
    private String base;
    private String key;
    private String agentKey;

    @BeforeEach
    void start(@TempDir Path dataDir) {
        PrometheusMeterRegistry metrics = ParleyServer.newMetrics();
        RuleSetLoader loader = new RuleSetLoader(System.err, metrics);
        var storage = StorageFactory.open(dataDir, null);
        RuleSetLoader.Loaded example = loader.publish(loader.example(), storage.tenant(TenantId.DEFAULT));
        SamplingPolicy belowSeventyFive = new SamplingPolicy(true, 75.0, null, 0, 0, 1L);
        WorkflowService workflows = new WorkflowService(CamundaScoringWorkflow.open(
                WorkflowSettings.inMemory(belowSeventyFive).withJobExecutor(true), storage, n -> { }), storage);
        server = new ParleyServer(storage, TenantId.DEFAULT, example.evaluator(), metrics, ResultSinks.none(), workflows);
        base = "http://127.0.0.1:" + server.startHttp("127.0.0.1", 0);
        key = TestKeys.admin(storage);
        agentKey = TestKeys.create(storage, TenantId.DEFAULT, Role.AGENT);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aLowScoringDialogueLandsInTheReviewersInbox() throws Exception {
        HttpResponse<String> accepted = http.send(TestKeys.request(URI.create(base + "/api/v1/dialogues"), key)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString("""
                        {"id": "wf-e2e-1", "channel": "im", "agent": {"id": "a-17"}, "turns": [
                          {"role": "customer", "text": "我要退货，衣服尺码不对"},
                          {"role": "agent", "text": "不知道，你自己去查"}
                        ]}""")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);

        JsonNode task = awaitTask("wf-e2e-1");

        assertThat(task.get("kind").asText()).isEqualTo("review");
        assertThat(task.get("score").asDouble()).isEqualTo(70.0);
        assertThat(task.get("agentId").asText()).isEqualTo("a-17");
        assertThat(task.at("/ruleset/version").asInt()).isEqualTo(6);
        HttpResponse<String> refused = http.send(TestKeys.request(URI.create(base + "/api/v1/tasks/" + task.get("id").asText()
                        + "/complete"), agentKey)
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(refused.statusCode()).isEqualTo(403);
        // The console still answers next to the workflow API.
        assertThat(http.send(TestKeys.request(URI.create(base + "/console/"), key).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
    }

    private JsonNode awaitTask(String dialogueId) {
        return Await.until("a review task for " + dialogueId, Duration.ofSeconds(30), () -> {
            HttpResponse<String> inbox = http.send(TestKeys.request(URI.create(base + "/api/v1/tasks"), key).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(inbox.statusCode()).as(inbox.body()).isEqualTo(200);
            for (JsonNode task : JSON.readTree(inbox.body()).get("tasks")) {
                if (dialogueId.equals(task.get("dialogueId").asText())) {
                    return task;
                }
            }
            return null;
        }, task -> task != null);
    }
}
