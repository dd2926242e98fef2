package io.parley.app.cli;

import io.parley.app.TestKeys;
import io.parley.engine.api.TenantId;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.parley.app.server.ParleyServer;
import io.parley.app.server.RuleSetLoader;
import io.parley.engine.api.DialogueEvaluator;
import io.parley.engine.api.RuleSetRef;
import io.parley.engine.spi.storage.Storage;
import io.parley.engine.testing.Await;
import io.parley.storage.mongo.StorageFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** The rule-set lifecycle through HTTP against a started server, the real DSL, Drools and embedded MongoDB. */
class RuleSetLifecycleHttpTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final RuleSetRef MINI_1 = new RuleSetRef("mini", 1);
    private static final RuleSetRef MINI_2 = new RuleSetRef("mini", 2);

    private final HttpClient http = HttpClient.newHttpClient();
    private final PrometheusMeterRegistry metrics = ParleyServer.newMetrics();
    @TempDir
    Path dataDir;
    private Storage storage;
    private ParleyServer server;
    private String base;
    private String key;

    @BeforeEach
    void start() {
        startServer();
    }

    private void startServer() {
        RuleSetLoader loader = new RuleSetLoader(System.err, metrics);
        storage = StorageFactory.open(dataDir, null);
        server = new ParleyServer(storage, loader.publish(loader.example(), storage.tenant(TenantId.DEFAULT)).evaluator(), metrics);
        base = "http://127.0.0.1:" + server.startHttp("127.0.0.1", 0);
        key = TestKeys.admin(storage);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void aDraftWithErrorsIsRefusedWithDiagnosticsAndNothingIsStored() throws Exception {
        HttpResponse<String> refused = push("mini.parley", LifecycleRules.V1.replace("any forbidden", "any forbiden"));

        assertThat(refused.statusCode()).isEqualTo(422);
        JsonNode body = JSON.readTree(refused.body());
        assertThat(body.get("error").asText()).isEqualTo("the rule set has errors; nothing was stored");
        JsonNode diagnostic = body.at("/diagnostics/0");
        assertThat(diagnostic.get("severity").asText()).isEqualTo("error");
        assertThat(diagnostic.get("file").asText()).isEqualTo("mini.parley");
        assertThat(diagnostic.get("line").asInt()).isEqualTo(5);
        assertThat(diagnostic.get("column").asInt()).isEqualTo(18);
        assertThat(diagnostic.get("code").asText()).startsWith("PRL");
        assertThat(diagnostic.get("suggestion").asText()).contains("forbidden");
        assertThat(diagnostic.get("rendered").asText()).contains("mini.parley:5:18", "agent says any forbiden", "^^^^^^^");
        assertThat(get("/api/v1/rulesets/mini/versions").statusCode()).isEqualTo(404);
        assertThat(storage.tenant(TenantId.DEFAULT).rulesets().versions("mini")).isEmpty();
    }

    @Test
    void aDraftIsStoredNotServedAndItsVersionsAreImmutable() throws Exception {
        HttpResponse<String> stored = push("mini.parley", LifecycleRules.V1);

        assertThat(stored.statusCode()).as(stored.body()).isEqualTo(201);
        assertThat(stored.headers().firstValue("Location")).contains("/api/v1/rulesets/mini/versions/1");
        assertThat(JSON.readTree(stored.body()).get("status").asText()).isEqualTo("stored");
        assertThat(push("mini.parley", LifecycleRules.V1).statusCode()).isEqualTo(200);
        HttpResponse<String> changed = push("mini.parley", LifecycleRules.V1.replace("-20", "-25"));
        assertThat(changed.statusCode()).isEqualTo(409);
        assertThat(changed.body()).contains("mini@1", "immutable");

        JsonNode versions = JSON.readTree(get("/api/v1/rulesets/mini/versions").body());
        assertThat(versions).hasSize(1);
        assertThat(versions.at("/0/ref/version").asInt()).isEqualTo(1);
        assertThat(versions.at("/0/published").asBoolean()).isFalse();
        assertThat(versions.at("/0/inForce").asBoolean()).isFalse();
        assertThat(JSON.readTree(get("/api/v1/rulesets/mini/versions/1").body()).get("source").asText())
                .isEqualTo(LifecycleRules.V1);
        assertThat(get("/api/v1/rulesets/mini/versions/7").statusCode()).isEqualTo(404);
        assertThat(get("/api/v1/rulesets/mini/versions/seven").body()).contains("version must be a version number");

        // A draft serves nothing: naming it on ingest is refused, naming the field.
        HttpResponse<String> notPublished = post("/api/v1/dialogues?ruleset=mini", "application/json",
                LifecycleRules.forbidden("d-1"));
        assertThat(notPublished.statusCode()).isEqualTo(400);
        assertThat(notPublished.body()).contains("no published rule set 'mini'", "?ruleset");

        JsonNode list = JSON.readTree(get("/api/v1/rulesets").body());
        assertThat(list.findValuesAsText("id")).containsExactly("ecommerce-presale", "mini");
        assertThat(list.at("/0/isDefault").asBoolean()).isTrue();
        assertThat(list.at("/1/inForce").isNull()).isTrue();
    }

    @Test
    void theDiffNamesRulesLexiconsAndWeightsThatChanged() throws Exception {
        push("mini.parley", LifecycleRules.V1);
        push("mini.parley", LifecycleRules.V2);

        HttpResponse<String> response = get("/api/v1/rulesets/mini/diff?from=1&to=2");

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode diff = JSON.readTree(response.body());
        assertThat(texts(diff.get("rulesAdded"))).containsExactly("abusive");
        assertThat(texts(diff.get("rulesRemoved"))).containsExactly("no_greeting");
        assertThat(diff.at("/rulesChanged/0/rule").asText()).isEqualTo("forbidden_phrase");
        assertThat(diff.at("/rulesChanged/0/changes").findValuesAsText("field"))
                .containsExactly("condition", "severity", "weight");
        assertThat(diff.at("/rulesChanged/0/changes/1/from").asText()).isEqualTo("major");
        assertThat(diff.at("/rulesChanged/0/changes/1/to").asText()).isEqualTo("critical");
        assertThat(diff.at("/rulesChanged/0/changes/2/from").asText()).isEqualTo("-20");
        assertThat(diff.at("/rulesChanged/0/changes/2/to").asText()).isEqualTo("-30");
        assertThat(texts(diff.get("lexiconsAdded"))).containsExactly("abuse");
        assertThat(texts(diff.get("lexiconsRemoved"))).containsExactly("greeting");
        assertThat(diff.at("/lexiconsChanged/0/lexicon").asText()).isEqualTo("forbidden");
        assertThat(texts(diff.at("/lexiconsChanged/0/termsAdded"))).containsExactly("没办法");
        assertThat(texts(diff.at("/lexiconsChanged/0/termsRemoved"))).isEmpty();

        assertThat(get("/api/v1/rulesets/mini/diff?from=1").body()).contains("missing ?to=VERSION");
        assertThat(get("/api/v1/rulesets/mini/diff?from=1&to=9").statusCode()).isEqualTo(404);
    }

    @Test
    void tryEvaluatesADraftWithEvidenceAndStoresNothing() throws Exception {
        push("mini.parley", LifecycleRules.V1);
        push("mini.parley", LifecycleRules.V2);

        HttpResponse<String> tried = post("/api/v1/rulesets/mini/try", "application/json", LifecycleRules.noWay("t-1"));

        assertThat(tried.statusCode()).as(tried.body()).isEqualTo(200);
        JsonNode result = JSON.readTree(tried.body());
        assertThat(result.at("/ruleset/version").asInt()).as("the newest version by default").isEqualTo(2);
        assertThat(result.at("/hits/0/rule").asText()).isEqualTo("forbidden_phrase");
        assertThat(result.at("/hits/0/evidence/0/text").asText()).isEqualTo("没办法");
        assertThat(result.at("/score/value").asDouble()).isEqualTo(70.0);
        assertThat(result.at("/score/breakdown/0/points").asDouble()).isEqualTo(-30.0);
        JsonNode v1 = JSON.readTree(post("/api/v1/rulesets/mini/try?version=1", "application/json",
                LifecycleRules.noWay("t-1")).body());
        assertThat(v1.at("/score/value").asDouble()).isEqualTo(100.0);
        assertThat(get("/api/v1/dialogues/t-1").statusCode()).isEqualTo(404);
        assertThat(storage.tenant(TenantId.DEFAULT).results().forDialogue("t-1")).isEmpty();

        HttpResponse<String> bad = post("/api/v1/rulesets/mini/try", "application/json",
                "{\"id\": \"t-2\", \"turns\": [{\"role\": \"agnet\", \"text\": \"x\"}]}");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("/turns/0/role");
    }

    @Test
    void publishingSwitchesEvaluationAtomicallyAndSurvivesARestart() throws Exception {
        push("mini.parley", LifecycleRules.V1);
        push("mini.parley", LifecycleRules.V2);
        HttpResponse<String> first = post("/api/v1/rulesets/mini/versions/1/publish", "text/plain", "");
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        assertThat(awaitResult(ingest("p-1", "mini")).at("/ruleset/version").asInt()).isEqualTo(1);
        assertThat(awaitResult(ingest("p-default", null)).at("/ruleset/id").asText()).isEqualTo("ecommerce-presale");

        // Two threads evaluate without pause while version 2 is published.
        DialogueEvaluator mini = server.published().evaluator("mini");
        var dialogue = new io.parley.engine.api.dialogue.DialogueReader().read(LifecycleRules.noWay("load"));
        AtomicBoolean stop = new AtomicBoolean();
        ConcurrentLinkedQueue<Throwable> failures = new ConcurrentLinkedQueue<>();
        List<List<Integer>> seen = List.of(new ArrayList<>(), new ArrayList<>());
        CountDownLatch running = new CountDownLatch(2);
        List<Thread> threads = seen.stream().map(versions -> Thread.ofPlatform().start(() -> {
            running.countDown();
            while (!stop.get()) {
                try {
                    var result = mini.evaluate(dialogue);
                    // The verdict must be wholly one version's: v1 scores it 100, v2 scores it 70.
                    double expected = result.ruleset().version() == 1 ? 100.0 : 70.0;
                    if (result.score().value() != expected) {
                        throw new AssertionError(result.ruleset() + " scored " + result.score().value());
                    }
                    versions.add(result.ruleset().version());
                } catch (Throwable e) {
                    failures.add(e);
                }
            }
        })).toList();
        running.await();
        Thread.sleep(200);
        HttpResponse<String> second = post("/api/v1/rulesets/mini/versions/2/publish", "text/plain", "");
        int evaluatedWhenPublished = seen.stream().mapToInt(List::size).sum();
        Thread.sleep(200);
        stop.set(true);
        for (Thread thread : threads) {
            thread.join();
        }

        assertThat(second.statusCode()).as(second.body()).isEqualTo(200);
        assertThat(JSON.readTree(second.body()).at("/previous/version").asInt()).isEqualTo(1);
        assertThat(failures).isEmpty();
        for (List<Integer> versions : seen) {
            int firstV2 = versions.indexOf(2);
            assertThat(versions).as("evaluated before and after the publish").contains(1, 2);
            assertThat(versions.subList(firstV2, versions.size())).as("never back to v1 once v2 served").containsOnly(2);
        }
        assertThat(evaluatedWhenPublished).isPositive();
        assertThat(awaitResult(ingest("p-2", "mini")).at("/ruleset/version").asInt()).isEqualTo(2);

        // A stored version that no longer compiles is never published: v2 stays in force.
        storage.tenant(TenantId.DEFAULT).rulesets().save(new RuleSetRef("mini", 3), "mini.parley",
                LifecycleRules.V2.replace("version 2", "version 3").replace("any abuse\n", "any abuze\n"));
        HttpResponse<String> broken = post("/api/v1/rulesets/mini/versions/3/publish", "text/plain", "");
        assertThat(broken.statusCode()).isEqualTo(422);
        assertThat(broken.body()).contains("mini@3 does not compile", "abuze");
        assertThat(storage.tenant(TenantId.DEFAULT).rulesets().published("mini").orElseThrow().ref()).isEqualTo(MINI_2);
        assertThat(server.published().inForce("mini")).contains(MINI_2);

        server.close();
        startServer();

        assertThat(server.published().inForce("mini")).contains(MINI_2);
        assertThat(awaitResult(ingest("p-3", "mini")).at("/ruleset/version").asInt()).isEqualTo(2);
        JsonNode list = JSON.readTree(get("/api/v1/rulesets").body());
        assertThat(list.at("/1/id").asText()).isEqualTo("mini");
        assertThat(list.at("/1/published").asInt()).isEqualTo(2);
        assertThat(list.at("/1/inForce").asInt()).isEqualTo(2);
    }

    @Test
    void aBacktestReportsPerRuleChangesChangedVerdictsAndScoreShift() throws Exception {
        push("mini.parley", LifecycleRules.V1);
        push("mini.parley", LifecycleRules.V2);
        post("/api/v1/rulesets/mini/versions/1/publish", "text/plain", "");
        StringBuilder batch = new StringBuilder();
        for (int i = 0; i < 4; i++) {
            batch.append(LifecycleRules.forbidden("b-f" + i).replace('\n', ' ')).append('\n');
            batch.append(LifecycleRules.noWay("b-n" + i).replace('\n', ' ')).append('\n');
        }
        batch.append(LifecycleRules.noGreeting("b-old", "2026-10-01T10:00:00+08:00").replace('\n', ' ')).append('\n');
        assertThat(post("/api/v1/dialogues/batch?ruleset=mini", "application/x-ndjson", batch.toString()).body())
                .contains("\"accepted\":9");

        HttpResponse<String> started = post("/api/v1/rulesets/mini/backtest?version=2", "text/plain", "");
        assertThat(started.statusCode()).as(started.body()).isEqualTo(202);
        String job = started.headers().firstValue("Location").orElseThrow();
        JsonNode done = awaitJob(job);

        assertThat(done.get("state").asText()).isEqualTo("DONE");
        assertThat(done.at("/baseline/version").asInt()).isEqualTo(1);
        assertThat(done.at("/candidate/version").asInt()).isEqualTo(2);
        JsonNode report = done.get("report");
        // The demo's own default rule set stored nothing here, so every stored dialogue is compared.
        assertThat(report.get("dialogues").asInt()).isEqualTo(9);
        JsonNode forbidden = rule(report, "forbidden_phrase");
        assertThat(forbidden.at("/baseline/hits").asInt()).isEqualTo(4);
        assertThat(forbidden.at("/candidate/hits").asInt()).isEqualTo(8);
        assertThat(forbidden.at("/candidate/rate").asDouble()).isEqualTo(0.8889);
        assertThat(forbidden.get("change").asInt()).isEqualTo(4);
        assertThat(rule(report, "no_greeting").at("/candidate/hits").asInt()).isZero();
        assertThat(report.get("changedVerdicts").asInt()).isEqualTo(9);
        assertThat(report.at("/changedSamples/0/dialogueId").asText()).isEqualTo("b-f0");
        assertThat(report.at("/scoreShift/mean").asDouble()).isEqualTo((4 * -10 + 4 * -30 + 5) / 9.0, org.assertj.core.data.Offset.offset(1e-3));
        assertThat(report.at("/scoreShift/min").asDouble()).isEqualTo(-30.0);
        assertThat(report.at("/scoreShift/max").asDouble()).isEqualTo(5.0);

        JsonNode recent = awaitJob(post("/api/v1/rulesets/mini/backtest?version=2&since=2026-11-01", "text/plain", "")
                .headers().firstValue("Location").orElseThrow());
        assertThat(recent.at("/report/dialogues").asInt()).isEqualTo(8);
        assertThat(recent.get("skipped").asInt()).isEqualTo(1);

        assertThat(post("/api/v1/rulesets/mini/backtest?since=yesterday", "text/plain", "").body())
                .contains("since 'yesterday' is not a date");
        assertThat(get("/api/v1/rulesets/mini/backtest/no-such-job").statusCode()).isEqualTo(404);
    }

    @Test
    void aQueuedBacktestCanBeCancelled() throws Exception {
        push("mini.parley", LifecycleRules.V1);
        push("mini.parley", LifecycleRules.V2);
        post("/api/v1/rulesets/mini/versions/1/publish", "text/plain", "");
        StringBuilder batch = new StringBuilder();
        for (int i = 0; i < 3000; i++) {
            batch.append(LifecycleRules.noWay("c-" + i).replace('\n', ' ')).append('\n');
        }
        post("/api/v1/dialogues/batch?ruleset=mini", "application/x-ndjson", batch.toString());

        String running = post("/api/v1/rulesets/mini/backtest?version=2", "text/plain", "").headers().firstValue("Location").orElseThrow();
        String queued = post("/api/v1/rulesets/mini/backtest?version=2", "text/plain", "").headers().firstValue("Location").orElseThrow();
        HttpResponse<String> cancelled = http.send(TestKeys.request(URI.create(base + queued), key).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(cancelled.statusCode()).isEqualTo(200);
        JsonNode end = awaitJob(queued);
        assertThat(end.get("state").asText()).isEqualTo("CANCELLED");
        assertThat(end.at("/report/dialogues").asInt()).isLessThan(3000);
        assertThat(awaitJob(running).get("state").asText()).isEqualTo("DONE");
    }

    @Test
    void aShadowRunsBesideThePublishedVersionAndIsComparedWithIt() throws Exception {
        push("mini.parley", LifecycleRules.V1);
        push("mini.parley", LifecycleRules.V2);
        post("/api/v1/rulesets/mini/versions/1/publish", "text/plain", "");
        HttpResponse<String> shadow = post("/api/v1/rulesets/mini/shadow?version=2", "text/plain", "");
        assertThat(shadow.statusCode()).as(shadow.body()).isEqualTo(200);

        awaitResult(ingest("s-1", "mini"));
        post("/api/v1/dialogues?ruleset=mini", "application/json", LifecycleRules.noWay("s-2"));
        awaitResult("s-2");
        JsonNode comparison = awaitShadowed(2);

        assertThat(comparison.at("/running/draft/version").asInt()).isEqualTo(2);
        assertThat(comparison.at("/comparison/baseline/version").asInt()).isEqualTo(1);
        assertThat(comparison.at("/comparison/dialogues").asInt()).isEqualTo(2);
        assertThat(rule(comparison.get("comparison"), "forbidden_phrase").at("/candidate/hits").asInt()).isEqualTo(2);
        assertThat(storage.tenant(TenantId.DEFAULT).shadowResults().count(MINI_2)).isEqualTo(2);
        assertThat(storage.tenant(TenantId.DEFAULT).results().count(MINI_2)).as("shadow results are never live results").isZero();
        assertThat(storage.tenant(TenantId.DEFAULT).results().latest("s-2").orElseThrow().ruleset()).isEqualTo(MINI_1);

        assertThat(http.send(TestKeys.request(URI.create(base + "/api/v1/rulesets/mini/shadow"), key).DELETE().build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        assertThat(get("/api/v1/rulesets/mini/shadow").statusCode()).isEqualTo(404);
        assertThat(get("/api/v1/rulesets/mini/shadow?version=2").statusCode()).isEqualTo(200);
    }

    /**
     * Backtest jobs and shadow runs are stored: after a restart a finished job is still readable and
     * listed, a job the previous process left running (as a kill -9 leaves it) is interrupted and
     * can be started again, and a running shadow resumes with its counts.
     */
    @Test
    void backtestJobsAndShadowRunsSurviveARestart() throws Exception {
        push("mini.parley", LifecycleRules.V1);
        push("mini.parley", LifecycleRules.V2);
        post("/api/v1/rulesets/mini/versions/1/publish", "text/plain", "");
        post("/api/v1/rulesets/mini/shadow?version=2", "text/plain", "");
        awaitResult(ingest("r-1", "mini"));
        awaitShadowed(1);
        String doneJob = post("/api/v1/rulesets/mini/backtest?version=2", "text/plain", "").headers()
                .firstValue("Location").orElseThrow();
        JsonNode done = awaitJob(doneJob);
        assertThat(done.get("state").asText()).isEqualTo("DONE");
        // What a process killed in the middle of a backtest leaves behind: a job stored as running.
        storage.tenant(TenantId.DEFAULT).backtestJobs().save("killed-job", "mini", """
                {"job":"killed-job","baseline":{"id":"mini","version":1},"candidate":{"id":"mini","version":2},
                 "state":"RUNNING","examined":256,"total":512,"startedAt":"2026-11-24T10:00:00Z"}""");

        server.close();
        startServer();

        JsonNode afterRestart = JSON.readTree(get(doneJob).body());
        assertThat(afterRestart.get("state").asText()).isEqualTo("DONE");
        assertThat(afterRestart.get("report")).isEqualTo(done.get("report"));
        assertThat(afterRestart.get("finishedAt")).isEqualTo(done.get("finishedAt"));
        JsonNode interrupted = JSON.readTree(get("/api/v1/rulesets/mini/backtest/killed-job").body());
        assertThat(interrupted.get("state").asText()).isEqualTo("INTERRUPTED");
        assertThat(interrupted.get("examined").asInt()).isEqualTo(256);
        assertThat(interrupted.get("error").asText()).contains("was running (256 of 512 dialogues examined)",
                "POST /api/v1/rulesets/mini/backtest/killed-job/restart");
        JsonNode listed = JSON.readTree(get("/api/v1/rulesets/mini/backtest").body());
        assertThat(listed.findValuesAsText("job")).containsExactlyInAnyOrder(done.get("job").asText(), "killed-job");

        HttpResponse<String> restarted = post("/api/v1/rulesets/mini/backtest/killed-job/restart", "text/plain", "");
        assertThat(restarted.statusCode()).as(restarted.body()).isEqualTo(202);
        JsonNode rerun = awaitJob(restarted.headers().firstValue("Location").orElseThrow());
        assertThat(rerun.get("state").asText()).isEqualTo("DONE");
        assertThat(rerun.get("restartedFrom").asText()).isEqualTo("killed-job");
        assertThat(rerun.get("report")).isEqualTo(done.get("report"));

        // The shadow runs on after the restart, its count carried over, and shadows new traffic.
        JsonNode shadow = JSON.readTree(get("/api/v1/rulesets/mini/shadow").body()).get("running");
        assertThat(shadow.at("/draft/version").asInt()).isEqualTo(2);
        assertThat(shadow.get("evaluated").asInt()).isEqualTo(1);
        awaitResult(ingest("r-2", "mini"));
        awaitShadowed(2);
        assertThat(storage.tenant(TenantId.DEFAULT).shadowResults().count(MINI_2)).isEqualTo(2);
        http.send(TestKeys.request(URI.create(base + "/api/v1/rulesets/mini/shadow"), key).DELETE().build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode runs = JSON.readTree(get("/api/v1/rulesets/mini/shadow/runs").body());
        assertThat(runs).hasSize(1);
        assertThat(runs.at("/0/state").asText()).isEqualTo("STOPPED");
        assertThat(runs.at("/0/evaluated").asInt()).isEqualTo(2);
    }

    // ---- helpers

    private String ingest(String id, String ruleset) throws Exception {
        HttpResponse<String> accepted = post("/api/v1/dialogues" + (ruleset == null ? "" : "?ruleset=" + ruleset),
                "application/json", LifecycleRules.forbidden(id));
        assertThat(accepted.statusCode()).as(accepted.body()).isEqualTo(202);
        return id;
    }

    private JsonNode awaitResult(String id) throws Exception {
        HttpResponse<String> response = Await.until("the result of " + id, Duration.ofSeconds(30),
                () -> get("/api/v1/dialogues/" + id + "/result"), polled -> {
                    assertThat(polled.statusCode()).as(polled.body()).isIn(200, 202);
                    return polled.statusCode() == 200;
                });
        return JSON.readTree(response.body());
    }

    /** The shadow comparison once the running shadow has evaluated this many dialogues. */
    private JsonNode awaitShadowed(int evaluated) {
        return Await.until(evaluated + " dialogues shadowed", Duration.ofSeconds(20),
                () -> JSON.readTree(get("/api/v1/rulesets/mini/shadow").body()),
                comparison -> comparison.at("/running/evaluated").asInt() >= evaluated);
    }

    private JsonNode awaitJob(String location) {
        return Await.until("the backtest " + location, Duration.ofSeconds(60), () -> JSON.readTree(get(location).body()),
                job -> !List.of("QUEUED", "RUNNING").contains(job.get("state").asText()));
    }

    private static JsonNode rule(JsonNode report, String rule) {
        for (JsonNode each : report.get("rules")) {
            if (each.get("rule").asText().equals(rule)) {
                return each;
            }
        }
        throw new AssertionError("no rule " + rule + " in " + report);
    }

    private static List<String> texts(JsonNode array) {
        List<String> texts = new ArrayList<>();
        array.forEach(node -> texts.add(node.asText()));
        return texts;
    }

    private HttpResponse<String> push(String file, String source) throws IOException, InterruptedException {
        return post("/api/v1/rulesets?file=" + URLEncoder.encode(file, StandardCharsets.UTF_8), "text/plain; charset=utf-8", source);
    }

    private HttpResponse<String> post(String path, String contentType, String body) throws IOException, InterruptedException {
        return http.send(TestKeys.request(URI.create(base + path), key).header("Content-Type", contentType)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(TestKeys.request(URI.create(base + path), key).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
