package io.parley.workflow;

import io.parley.engine.api.TenantId;
import io.parley.storage.mongo.MongoStorage;
import io.parley.engine.spi.storage.Storage;
import io.parley.workflow.impl.CamundaScoringWorkflow;
import io.parley.engine.impl.security.AccessControl;
import io.parley.http.HttpApi;
import io.parley.http.HttpSettings;
import io.parley.http.security.RequestAuthenticator;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static io.parley.workflow.ScoredDialogues.hit;
import static io.parley.workflow.ScoredDialogues.store;
import static org.assertj.core.api.Assertions.assertThat;

/** The workflow API over real HTTP: identity headers, role checks with 403s, and a review → appeal → arbitration. */
class WorkflowRoutesTest {
    @TempDir
    static Path dataDir;
    static Storage storage;
    static CamundaScoringWorkflow workflow;
    static Vertx vertx;
    static HttpApi server;
    static int port;
    static WebClient client;

    @BeforeAll
    static void start() {
        storage = MongoStorage.embedded(dataDir);
        workflow = CamundaScoringWorkflow.open(
                WorkflowSettings.inMemory(new SamplingPolicy(true, 60.0, null, 0, 0, 1L)), storage, n -> { });
        vertx = Vertx.vertx();
        // Callers are named by a trusted proxy (this test, from 127.0.0.1): the X-Parley-* headers.
        AccessControl access = new AccessControl(storage, Clock.systemUTC(), Duration.ofMinutes(30));
        for (String tenant : List.of("default", "acme", "globex", "initech")) {
            access.createTenant(TenantId.of(tenant), tenant, "test", "");
        }
        server = new HttpApi(vertx, List.of(new WorkflowRoutes(workflow, storage)),
                new RequestAuthenticator(access, Set.of("127.0.0.1")), HttpSettings.DEFAULTS);
        port = server.start("127.0.0.1", 0);
        client = WebClient.create(vertx);
    }

    @AfterAll
    static void stop() {
        client.close();
        server.stop();
        vertx.close().await();
        workflow.close();
        storage.close();
    }

    @Test
    void aCallerWithoutIdentityIsRefusedWith401() {
        HttpResponse<Buffer> response = client.get(port, "127.0.0.1", "/api/v1/tasks").send().await();

        assertThat(response.statusCode()).isEqualTo(401);
        assertThat(response.bodyAsJsonObject().getString("error"))
                .isEqualTo("sign in, or send an API key: Authorization: Bearer <key>");
    }

    @Test
    void eachEndpointRefusesTheRolesItIsNotForWithAClear403() {
        assertRefused(call(HttpMethod.POST, "/api/v1/tasks/any/complete", "a-17", "agent", "{}"),
                "the role agent cannot review", "TASKS_REVIEW");
        assertRefused(call(HttpMethod.POST, "/api/v1/tasks/any/arbitrate", "li.qa", "reviewer", "{}"),
                "the role reviewer cannot arbitrate and calibrate", "TASKS_ARBITRATE");
        assertRefused(call(HttpMethod.POST, "/api/v1/tasks/any/appeal", "li.qa", "reviewer", "{}"),
                "the role reviewer cannot appeal", "TASKS_APPEAL");
        assertRefused(call(HttpMethod.POST, "/api/v1/workflows", "wang.senior", "qa-lead", "<x/>"),
                "the role qa-lead cannot deploy workflows", "WORKFLOWS_DEPLOY");
        assertRefused(call(HttpMethod.GET, "/api/v1/agents/tiers", "a-17", "agent", null),
                "the role agent cannot arbitrate and calibrate", "TASKS_ARBITRATE");
        HttpResponse<Buffer> unknown = call(HttpMethod.GET, "/api/v1/tasks", "x", "superuser", null);
        assertThat(unknown.statusCode()).isEqualTo(401);
        assertThat(unknown.bodyAsJsonObject().getString("error")).startsWith(
                "the trusted proxy's identity headers are wrong: unknown role 'superuser': use one of admin, agent, qa-lead");
    }

    @Test
    void reviewAppealAndArbitrationOverHttpStoreVerdicts() {
        workflow.start(null, store(storage, "http-1", "a-17", 50, null, hit("forbidden_phrase", 1.0)));

        JsonArray inbox = call(HttpMethod.GET, "/api/v1/tasks", "li.qa", "reviewer", null).bodyAsJsonObject()
                .getJsonArray("tasks");
        JsonObject review = task(inbox, "http-1");
        assertThat(review.getString("kind")).isEqualTo("review");
        assertThat(review.getJsonArray("candidateGroups")).containsExactly("qa");
        assertThat(review.getJsonObject("ruleset")).isEqualTo(new JsonObject().put("id", "ecommerce-presale").put("version", 3));
        String reviewId = review.getString("id");

        HttpResponse<Buffer> claimed = call(HttpMethod.POST, "/api/v1/tasks/" + reviewId + "/claim", "li.qa", "reviewer", null);
        assertThat(claimed.statusCode()).isEqualTo(200);
        assertThat(claimed.bodyAsJsonObject().getString("assignee")).isEqualTo("li.qa");
        HttpResponse<Buffer> stolen = call(HttpMethod.POST, "/api/v1/tasks/" + reviewId + "/claim", "zhao.qa", "reviewer", null);
        assertThat(stolen.statusCode()).isEqualTo(409);
        assertThat(stolen.bodyAsJsonObject().getString("error")).isEqualTo("task " + reviewId + " is already claimed by li.qa");

        HttpResponse<Buffer> noHits = call(HttpMethod.POST, "/api/v1/tasks/" + reviewId + "/complete", "li.qa", "reviewer",
                "{\"score\": 70}");
        assertThat(noHits.statusCode()).isEqualTo(400);
        assertThat(noHits.bodyAsJsonObject().getString("error")).isEqualTo("/hits is required");
        HttpResponse<Buffer> badHit = call(HttpMethod.POST, "/api/v1/tasks/" + reviewId + "/complete", "li.qa", "reviewer",
                "{\"hits\": [{\"rule\": \"forbidden_phrase\", \"confirmed\": \"yes\"}]}");
        assertThat(badHit.bodyAsJsonObject().getString("error")).isEqualTo("/hits/0/confirmed must be true or false");
        HttpResponse<Buffer> reviewed = call(HttpMethod.POST, "/api/v1/tasks/" + reviewId + "/complete", "li.qa", "reviewer",
                "{\"hits\": [{\"rule\": \"forbidden_phrase\", \"confirmed\": true}], \"score\": 45, \"reason\": \"禁语属实，再扣5分\"}");
        assertThat(reviewed.statusCode()).isEqualTo(200);

        JsonObject appeal = task(call(HttpMethod.GET, "/api/v1/tasks", "a-17", "agent", null).bodyAsJsonObject()
                .getJsonArray("tasks"), "http-1");
        assertThat(appeal.getString("kind")).isEqualTo("appeal");
        assertThat(appeal.getDouble("score")).isEqualTo(45.0);
        HttpResponse<Buffer> othersAppeal = call(HttpMethod.POST, "/api/v1/tasks/" + appeal.getString("id") + "/appeal",
                "a-99", "agent", "{\"appeal\": true, \"reason\": \"不是我\"}");
        assertThat(othersAppeal.statusCode()).isEqualTo(403);
        assertThat(othersAppeal.bodyAsJsonObject().getString("error"))
                .isEqualTo("task " + appeal.getString("id") + " is not for a-99: it is assigned to a-17");
        assertThat(call(HttpMethod.POST, "/api/v1/tasks/" + appeal.getString("id") + "/appeal", "a-17", "agent",
                "{\"appeal\": true, \"reason\": \"客户先辱骂，我是正常回应\"}").statusCode()).isEqualTo(200);

        JsonObject arbitration = task(call(HttpMethod.GET, "/api/v1/tasks", "wang.senior", "qa-lead", null).bodyAsJsonObject()
                .getJsonArray("tasks"), "http-1");
        assertThat(call(HttpMethod.POST, "/api/v1/tasks/" + arbitration.getString("id") + "/arbitrate", "wang.senior", "qa-lead",
                "{\"upheld\": false, \"score\": 80, \"reason\": \"录音证实客户先辱骂\"}").statusCode()).isEqualTo(200);

        JsonArray verdicts = call(HttpMethod.GET, "/api/v1/dialogues/http-1/verdicts", "wang.senior", "qa-lead", null)
                .bodyAsJsonObject().getJsonArray("verdicts");
        assertThat(verdicts.stream().map(v -> ((JsonObject) v).getString("kind") + ":" + ((JsonObject) v).getString("actor")))
                .containsExactly("REVIEW:li.qa", "APPEAL:a-17", "ARBITRATION:wang.senior", "FINAL:workflow");
        assertThat(verdicts.getJsonObject(3).getDouble("score")).isEqualTo(80.0);
        JsonArray precision = call(HttpMethod.GET, "/api/v1/verdicts/precision", "li.qa", "reviewer", null)
                .bodyAsJsonObject().getJsonArray("rules");
        assertThat(precision.getJsonObject(0).getString("rule")).isEqualTo("forbidden_phrase");
        assertThat(precision.getJsonObject(0).getDouble("precision")).isEqualTo(1.0);
        JsonArray tiers = call(HttpMethod.GET, "/api/v1/agents/tiers", "wang.senior", "qa-lead", null)
                .bodyAsJsonObject().getJsonArray("agents");
        assertThat(tiers.getJsonObject(0).getString("agentId")).isEqualTo("a-17");
        assertThat(tiers.getJsonObject(0).getString("band")).isEqualTo("二级");
    }

    @Test
    void anAdminDeploysBpmnPerTenantAndABadFileGets400WithTheParseErrors() throws IOException {
        byte[] good;
        byte[] bad;
        try (InputStream in = getClass().getResourceAsStream("/bpmn/qa-with-coaching.bpmn");
             InputStream broken = getClass().getResourceAsStream("/bpmn/broken-flow.bpmn")) {
            good = in.readAllBytes();
            bad = broken.readAllBytes();
        }

        HttpResponse<Buffer> deployed = deploy("acme", "/api/v1/workflows?file=qa.bpmn", good);
        HttpResponse<Buffer> refused = deploy("acme", "/api/v1/workflows?file=broken.bpmn", bad);
        HttpResponse<Buffer> foreign = deploy("acme", "/api/v1/workflows?tenant=globex&file=qa.bpmn", good);

        assertThat(deployed.statusCode()).isEqualTo(201);
        assertThat(deployed.bodyAsJsonObject().getString("tenant")).isEqualTo("acme");
        assertThat(deployed.bodyAsJsonObject().getJsonArray("processes").getJsonObject(0).getInteger("version")).isEqualTo(1);
        assertThat(refused.statusCode()).isEqualTo(400);
        assertThat(refused.bodyAsJsonObject().getString("error")).isEqualTo("the BPMN file broken.bpmn is not valid");
        assertThat(refused.bodyAsJsonObject().getJsonArray("errors").getString(0)).startsWith("broken.bpmn:5:");
        assertThat(foreign.statusCode()).isEqualTo(400);
        assertThat(foreign.bodyAsJsonObject().getString("field")).isEqualTo("?tenant");
    }

    private static HttpResponse<Buffer> deploy(String tenant, String path, byte[] bpmn) {
        return client.post(port, "127.0.0.1", path).putHeader("X-Parley-User", "root").putHeader("X-Parley-Role", "tenant-admin")
                .putHeader("X-Parley-Tenant", tenant).sendBuffer(Buffer.buffer(bpmn)).await();
    }

    @Test
    void calibrationStaysBlindToReviewersReadingVerdicts() {
        store(storage, "blind-1", "a-17", 90, null, hit("forbidden_phrase", 1.0));
        HttpResponse<Buffer> started = call(HttpMethod.POST, "/api/v1/calibrations", "wang.senior", "qa-lead",
                "{\"dialogueId\": \"blind-1\", \"ruleset\": {\"id\": \"ecommerce-presale\", \"version\": 3},"
                        + " \"reviewers\": [\"li.qa\", \"zhao.qa\"]}");
        assertThat(started.statusCode()).as(started.bodyAsString()).isEqualTo(201);
        for (String reviewer : List.of("li.qa", "zhao.qa")) {
            JsonObject task = task(call(HttpMethod.GET, "/api/v1/tasks", reviewer, "reviewer", null).bodyAsJsonObject()
                    .getJsonArray("tasks"), "blind-1");
            assertThat(task.getString("kind")).isEqualTo("calibration");
            assertThat(call(HttpMethod.POST, "/api/v1/tasks/" + task.getString("id") + "/complete", reviewer, "reviewer",
                    "{\"hits\": [{\"rule\": \"forbidden_phrase\", \"confirmed\": " + reviewer.startsWith("li") + "}]}")
                    .statusCode()).isEqualTo(200);
        }

        JsonArray seenByLi = call(HttpMethod.GET, "/api/v1/dialogues/blind-1/verdicts", "li.qa", "reviewer", null)
                .bodyAsJsonObject().getJsonArray("verdicts");
        JsonArray seenBySenior = call(HttpMethod.GET, "/api/v1/dialogues/blind-1/verdicts", "wang.senior", "qa-lead", null)
                .bodyAsJsonObject().getJsonArray("verdicts");

        assertThat(seenByLi.stream().map(v -> ((JsonObject) v).getString("actor"))).containsExactly("li.qa");
        assertThat(seenBySenior.stream().map(v -> ((JsonObject) v).getString("actor"))).containsExactly("li.qa", "zhao.qa");
        JsonObject calibration = call(HttpMethod.GET, "/api/v1/verdicts/calibration", "wang.senior", "qa-lead", null)
                .bodyAsJsonObject();
        assertThat(calibration.getJsonArray("rules").getJsonObject(0).getDouble("pairwise")).isEqualTo(0.0);
    }

    @Test
    void theInboxShowsOnlyTheCallersTenantAndAnotherTenantsTaskIsNotFound() {
        workflow.start("globex", store(storage, TenantId.of("globex"), "globex-1", "a-17", 50, null, hit("forbidden_phrase", 1.0)));
        workflow.start(null, store(storage, "default-1", "a-17", 50, null, hit("forbidden_phrase", 1.0)));

        JsonArray defaults = call(HttpMethod.GET, "/api/v1/tasks", "li.qa", "reviewer", null, null).bodyAsJsonObject()
                .getJsonArray("tasks");
        JsonArray globex = call(HttpMethod.GET, "/api/v1/tasks", "li.qa", "reviewer", "globex", null).bodyAsJsonObject()
                .getJsonArray("tasks");
        assertThat(dialogueIds(defaults)).contains("default-1").doesNotContain("globex-1");
        assertThat(dialogueIds(globex)).containsExactly("globex-1");

        String globexTask = task(globex, "globex-1").getString("id");
        String notFound = "no open task " + globexTask;
        for (HttpResponse<Buffer> refused : List.of(
                call(HttpMethod.GET, "/api/v1/tasks/" + globexTask, "li.qa", "reviewer", null, null),
                call(HttpMethod.POST, "/api/v1/tasks/" + globexTask + "/claim", "li.qa", "reviewer", "initech", null),
                call(HttpMethod.POST, "/api/v1/tasks/" + globexTask + "/complete", "li.qa", "reviewer", null,
                        "{\"hits\": [{\"rule\": \"forbidden_phrase\", \"confirmed\": true}]}"),
                call(HttpMethod.POST, "/api/v1/tasks/" + globexTask + "/appeal", "a-17", "agent", null,
                        "{\"appeal\": true, \"reason\": \"不是我\"}"),
                call(HttpMethod.POST, "/api/v1/tasks/" + globexTask + "/arbitrate", "wang.senior", "qa-lead", null,
                        "{\"upheld\": true, \"reason\": \"维持\"}"))) {
            assertThat(refused.statusCode()).as(refused.bodyAsString()).isEqualTo(404);
            assertThat(refused.bodyAsJsonObject().getString("error")).isEqualTo(notFound);
        }

        HttpResponse<Buffer> claimed = call(HttpMethod.POST, "/api/v1/tasks/" + globexTask + "/claim", "li.qa", "reviewer",
                "globex", null);
        assertThat(claimed.statusCode()).isEqualTo(200);
        assertThat(call(HttpMethod.POST, "/api/v1/tasks/" + globexTask + "/complete", "li.qa", "reviewer", "globex",
                "{\"hits\": [{\"rule\": \"forbidden_phrase\", \"confirmed\": true}]}").statusCode()).isEqualTo(200);
        assertThat(dialogueIds(call(HttpMethod.GET, "/api/v1/tasks", "a-17", "agent", "globex", null).bodyAsJsonObject()
                .getJsonArray("tasks"))).containsExactly("globex-1");

        HttpResponse<Buffer> calibration = call(HttpMethod.POST, "/api/v1/calibrations", "wang.senior", "qa-lead", "globex",
                "{\"dialogueId\": \"globex-1\", \"ruleset\": {\"id\": \"ecommerce-presale\", \"version\": 3},"
                        + " \"reviewers\": [\"li.qa\", \"zhao.qa\"]}");
        assertThat(calibration.statusCode()).as(calibration.bodyAsString()).isEqualTo(201);
        assertThat(task(call(HttpMethod.GET, "/api/v1/tasks", "zhao.qa", "reviewer", "globex", null).bodyAsJsonObject()
                .getJsonArray("tasks"), "globex-1").getString("kind")).isEqualTo("calibration");
        HttpResponse<Buffer> foreign = call(HttpMethod.POST, "/api/v1/calibrations", "wang.senior", "qa-lead", "globex",
                "{\"tenant\": \"initech\", \"dialogueId\": \"globex-1\", \"ruleset\": {\"id\": \"ecommerce-presale\", "
                        + "\"version\": 3}, \"reviewers\": [\"li.qa\", \"zhao.qa\"]}");
        assertThat(foreign.statusCode()).isEqualTo(400);
        assertThat(foreign.bodyAsJsonObject().getString("error"))
                .isEqualTo("/tenant must be the caller's tenant (globex); leave it out");
    }

    @Test
    void anSopFlowDeployedForATenantScoresADialogueOverHttp() throws IOException {
        byte[] sop;
        try (InputStream in = getClass().getResourceAsStream("/bpmn/sop-presale.bpmn")) {
            sop = in.readAllBytes();
        }
        HttpResponse<Buffer> deployed = deploy("acme", "/api/v1/workflows?file=sop-presale.bpmn", sop);
        assertThat(deployed.statusCode()).as(deployed.bodyAsString()).isEqualTo(201);
        String late = """
                {"id": "sop-late", "turns": [
                  {"role": "agent", "text": "您好，欢迎光临"},
                  {"role": "agent", "text": "推荐您这款，卖得最好"},
                  {"role": "agent", "text": "请问您想要多大的？预算多少？"},
                  {"role": "agent", "text": "感谢您，再见"}]}""";

        HttpResponse<Buffer> checked = call(HttpMethod.POST, "/api/v1/sop/check?flow=sop-presale", "li.qa", "reviewer",
                "acme", late);

        assertThat(checked.statusCode()).as(checked.bodyAsString()).isEqualTo(200);
        JsonObject report = checked.bodyAsJsonObject();
        assertThat(report.getString("dialogueId")).isEqualTo("sop-late");
        assertThat(report.getString("flow")).isEqualTo("sop-presale");
        // five stages at 20: 需求挖掘 out of order and 异议处理 missing fail; the rest pass
        assertThat(report.getDouble("score")).isEqualTo(60.0);
        assertThat(report.getDouble("maxScore")).isEqualTo(100.0);
        assertThat(report.getJsonArray("stages").stream().map(stage -> ((JsonObject) stage).getString("stage") + ":"
                + ((JsonObject) stage).getString("status") + ":" + ((JsonObject) stage).getDouble("awarded")))
                .containsExactly("开场问候:PASSED:20.0", "需求挖掘:OUT_OF_ORDER:0.0", "产品推荐:PASSED:20.0",
                        "异议处理:MISSING:0.0", "礼貌结束:PASSED:20.0");
        assertThat(report.getJsonArray("deviations").getJsonObject(0).getString("detail"))
                .isEqualTo("需求挖掘 should come before 产品推荐 (turn 2)");

        HttpResponse<Buffer> bad = call(HttpMethod.POST, "/api/v1/sop/check?flow=sop-presale", "wang.senior", "qa-lead",
                "acme", late.replace("\"role\": \"agent\", \"text\": \"您好", "\"role\": \"agnet\", \"text\": \"您好"));
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.bodyAsJsonObject().getString("error")).isEqualTo("invalid dialogue");
        assertThat(bad.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("pointer"))
                .isEqualTo("/turns/0/role");

        assertRefused(call(HttpMethod.POST, "/api/v1/sop/check?flow=sop-presale", "a-17", "agent", "acme", late),
                "the role agent cannot review", "TASKS_REVIEW");

        HttpResponse<Buffer> unknown = call(HttpMethod.POST, "/api/v1/sop/check?flow=sop-aftersale", "root", "tenant-admin",
                "acme", late);
        assertThat(unknown.statusCode()).isEqualTo(404);
        assertThat(unknown.bodyAsJsonObject().getString("error"))
                .isEqualTo("no SOP flow sop-aftersale is deployed for tenant acme or shared");
        HttpResponse<Buffer> otherTenant = call(HttpMethod.POST, "/api/v1/sop/check?flow=sop-presale", "li.qa", "reviewer",
                null, late);
        assertThat(otherTenant.statusCode()).as("acme's flow is not the default tenant's").isEqualTo(404);
        HttpResponse<Buffer> notSop = call(HttpMethod.POST, "/api/v1/sop/check?flow=parley-scoring", "li.qa", "reviewer",
                null, late);
        assertThat(notSop.statusCode()).isEqualTo(400);
        assertThat(notSop.bodyAsJsonObject().getString("error")).startsWith("the process parley-scoring is not an SOP flow: ");
    }

    @Test
    void emptyOrMalformedBodiesAreA400ProblemNeverA500() {
        for (String path : List.of("/api/v1/tasks/no-such-task/complete", "/api/v1/tasks/no-such-task/appeal",
                "/api/v1/tasks/no-such-task/arbitrate", "/api/v1/calibrations", "/api/v1/workflows",
                "/api/v1/sop/check?flow=sop-presale")) {
            for (String body : java.util.Arrays.asList(null, "", " ", "null", "[]", "{", "\u0000", "{\"hits\": [null, 1]}")) {
                HttpResponse<Buffer> response = call(HttpMethod.POST, path, "root", "tenant-admin", body);
                assertThat(response.statusCode()).as(path + " with " + body).isBetween(400, 499);
                assertThat(response.statusCode()).as(path).isNotEqualTo(403);
                assertThat(response.getHeader("Content-Type")).as(path + " with " + body)
                        .startsWith("application/problem+json");
            }
        }
    }

    private static List<String> dialogueIds(JsonArray tasks) {
        return tasks.stream().map(task -> ((JsonObject) task).getString("dialogueId")).toList();
    }

    private static void assertRefused(HttpResponse<Buffer> response, String error, String permission) {
        assertThat(response.statusCode()).isEqualTo(403);
        assertThat(response.getHeader("Content-Type")).startsWith("application/problem+json");
        assertThat(response.bodyAsJsonObject().getString("error")).isEqualTo(error);
        assertThat(response.bodyAsJsonObject().getString("permission")).isEqualTo(permission);
    }

    private static HttpResponse<Buffer> call(HttpMethod method, String path, String user, String role, String json) {
        return call(method, path, user, role, null, json);
    }

    private static HttpResponse<Buffer> call(HttpMethod method, String path, String user, String role, String tenant,
                                             String json) {
        var request = client.request(method, port, "127.0.0.1", path)
                .putHeader("X-Parley-User", user).putHeader("X-Parley-Role", role)
                .putHeader("X-Parley-Tenant", tenant == null ? "default" : tenant);
        return (json == null ? request.send() : request.putHeader("Content-Type", "application/json")
                .sendBuffer(Buffer.buffer(json))).await();
    }

    private static JsonObject task(JsonArray tasks, String dialogueId) {
        List<JsonObject> mine = tasks.stream().map(JsonObject.class::cast)
                .filter(task -> dialogueId.equals(task.getString("dialogueId"))).toList();
        assertThat(mine).hasSize(1);
        return mine.getFirst();
    }
}
