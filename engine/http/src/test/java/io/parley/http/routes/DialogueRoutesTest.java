package io.parley.http.routes;

import io.parley.engine.api.TenantId;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.parley.engine.api.DialogueEvaluator;
import io.parley.engine.api.RuleSetRef;
import io.parley.engine.impl.ingest.DialogueIngestor;
import io.parley.engine.impl.lifecycle.RuleSetNotFoundException;
import io.parley.engine.impl.lifecycle.RuleSetsInForce;
import io.parley.engine.testing.ScriptedEvaluator;
import io.parley.engine.impl.plugin.PluginFailure;
import io.parley.storage.mongo.StorageFactory;
import io.parley.engine.spi.plugin.DialogueMapperPlugin.DialogueMapper;
import io.parley.engine.spi.plugin.PluginException;
import io.parley.engine.spi.plugin.PluginInfo;
import io.parley.engine.spi.plugin.PluginKind;
import io.parley.engine.api.security.Permission;
import io.parley.engine.api.security.Principal;
import io.parley.engine.api.security.Role;
import io.parley.engine.spi.storage.Storage;
import io.parley.http.HttpSettings;
import io.parley.http.HttpApi;
import io.parley.http.Reply;
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
import java.time.Duration;
import java.util.Arrays;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Proxy;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class DialogueRoutesTest {
    private static final RuleSetRef V1 = new RuleSetRef("ecommerce-presale", 1);
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dataDir;

    private static final PluginInfo MAPPER = new PluginInfo("chat-json", "1.0", PluginKind.DIALOGUE_MAPPER,
            "maps {conversation, messages: [{from, body}]}", List.of());

    private final ScriptedEvaluator evaluator = new ScriptedEvaluator(V1);
    private final AtomicBoolean healthEvaluatorBreaks = new AtomicBoolean();
    private final AtomicReference<Optional<DialogueMapper>> mapper = new AtomicReference<>(Optional.empty());
    private final PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private Storage storage;
    private DialogueIngestor ingestor;
    private Vertx vertx;
    private HttpApi api;
    private WebClient client;

    @BeforeEach
    void start() {
        storage = StorageFactory.open(dataDir, null);
        ingestor = new DialogueIngestor(storage.tenant(TenantId.DEFAULT), () -> evaluator, 2);
        vertx = Vertx.vertx();
        // Breaks on demand, to see an unexpected exception answered with a 500.
        Supplier<DialogueEvaluator> current = () -> {
            if (healthEvaluatorBreaks.getAndSet(false)) {
                throw new IllegalStateException("evaluator registry is broken");
            }
            return evaluator;
        };
        RuleSetsInForce rulesets = new RuleSetsInForce() {
            @Override
            public DialogueEvaluator defaultEvaluator() {
                return current.get();
            }

            @Override
            public DialogueEvaluator evaluator(String id) {
                throw new RuleSetNotFoundException("no published rule set '" + id + "'; published: " + V1.id());
            }

            @Override
            public Optional<DialogueMapper> defaultMapper() {
                return mapper.get();
            }
        };
        // Who calls is the guard's business (AccessMatrixTest and the security tests): here, an admin of the default tenant.
        api = new HttpApi(vertx, List.of(new DialogueRoutes(tenant -> new DialogueRoutes.TenantDialogues(
                        storage.tenant(tenant), ingestor, rulesets)),
                new SystemRoutes(storage, metrics),
                routes -> routes.get("/extra", Permission.DIALOGUES_READ, request -> {
                    if (healthEvaluatorBreaks.getAndSet(false)) {
                        throw new IllegalStateException("evaluator registry at 127.0.0.1:27017 is broken");
                    }
                    return Reply.text(200, "text/plain", "mounted");
                })),
                ctx -> new Principal(TenantId.DEFAULT, "tester", Role.ADMIN, "tester", "127.0.0.1"), HttpSettings.DEFAULTS);
        int port = api.start("127.0.0.1", 0);
        client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
    }

    @AfterEach
    void stop() {
        evaluator.release();
        client.close();
        api.stop();
        vertx.close().await();
        ingestor.close();
        storage.close();
    }

    @Test
    void acceptsADialogueOnceStoredAndEvaluatesItLater() throws InterruptedException {
        HttpResponse<Buffer> response = post("/api/v1/dialogues", dialogue("jd-1", "block"));

        assertThat(response.statusCode()).isEqualTo(202);
        assertThat(response.bodyAsJsonObject()).isEqualTo(new JsonObject().put("id", "jd-1").put("status", "accepted")
                .put("stored", "created").put("result", "/api/v1/dialogues/jd-1/result"));
        assertThat(response.getHeader("Location")).isEqualTo("/api/v1/dialogues/jd-1/result");
        // Stored before the answer, while its evaluation has not finished.
        assertThat(storage.tenant(TenantId.DEFAULT).dialogues().find("jd-1")).isPresent();
        evaluator.awaitBlocked();
        HttpResponse<Buffer> pending = get("/api/v1/dialogues/jd-1/result");
        assertThat(pending.statusCode()).isEqualTo(202);
        assertThat(pending.bodyAsJsonObject()).isEqualTo(new JsonObject().put("status", "pending"));
        assertThat(pending.getHeader("Retry-After")).isEqualTo("1");

        evaluator.release();
        ingestor.awaitIdle(WAIT);

        HttpResponse<Buffer> result = get("/api/v1/dialogues/jd-1/result");
        assertThat(result.statusCode()).isEqualTo(200);
        assertThat(result.getHeader("Content-Type")).startsWith("application/json");
        assertThat(result.bodyAsJsonObject().getString("dialogueId")).isEqualTo("jd-1");
        assertThat(result.bodyAsJsonObject().getJsonObject("ruleset"))
                .isEqualTo(new JsonObject().put("id", "ecommerce-presale").put("version", 1));
        assertThat(result.bodyAsJsonObject().getString("evaluatedAt")).endsWith("Z");
    }

    @Test
    void refusesAnInvalidDialogueNamingTheField() {
        HttpResponse<Buffer> response = post("/api/v1/dialogues",
                "{\"id\": \"jd-1\", \"turns\": [{\"role\": \"agnet\", \"text\": \"您好\"}], \"outcom\": {}}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.bodyAsJsonObject()).isEqualTo(problem(400, "Bad Request", "invalid dialogue")
                .put("errors", new JsonArray()
                        .add(new JsonObject().put("pointer", "/outcom")
                                .put("message", "unknown field 'outcom' — did you mean 'outcome'?"))
                        .add(new JsonObject().put("pointer", "/turns/0/role").put("message", "unknown role 'agnet' "
                                + "(expected customer, agent, bot, system or a declared party role) — did you mean 'agent'?"))));
        assertThat(storage.tenant(TenantId.DEFAULT).dialogues().count()).isZero();
    }

    @Test
    void refusesMalformedJsonAndAnEmptyBody() {
        HttpResponse<Buffer> malformed = post("/api/v1/dialogues", "{\"id\": ");
        HttpResponse<Buffer> empty = post("/api/v1/dialogues", "");

        assertThat(malformed.statusCode()).isEqualTo(400);
        assertThat(malformed.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("message"))
                .startsWith("malformed JSON at line 1, column 8");
        assertThat(empty.statusCode()).isEqualTo(400);
        assertThat(empty.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("message"))
                .isEqualTo("empty input: expected a dialogue (a JSON object)");
    }

    @Test
    void postingTheSameDialogueAgainIsIdempotent() throws InterruptedException {
        assertThat(post("/api/v1/dialogues", dialogue("jd-1", null)).bodyAsJsonObject().getString("stored"))
                .isEqualTo("created");
        ingestor.awaitIdle(WAIT);

        HttpResponse<Buffer> again = post("/api/v1/dialogues", dialogue("jd-1", null));
        ingestor.awaitIdle(WAIT);

        assertThat(again.statusCode()).isEqualTo(202);
        assertThat(again.bodyAsJsonObject().getString("stored")).isEqualTo("unchanged");
        assertThat(evaluator.evaluations("jd-1")).isEqualTo(1);
        assertThat(storage.tenant(TenantId.DEFAULT).results().count(V1)).isEqualTo(1);
        assertThat(get("/api/v1/dialogues/jd-1/result").statusCode()).isEqualTo(200);
    }

    @Test
    void aBodyOverTheLimitIs413() {
        String huge = dialogue("big", null).replace("在吗", "在".repeat(DialogueRoutes.MAX_DIALOGUE_BYTES / 3 + 1));

        HttpResponse<Buffer> response = post("/api/v1/dialogues", huge);

        assertThat(response.statusCode()).isEqualTo(413);
        assertThat(response.bodyAsJsonObject().getString("error")).startsWith("request body too large: at most 2 MB");
        assertThat(storage.tenant(TenantId.DEFAULT).dialogues().count()).isZero();
    }

    @Test
    void batchStoresGoodLinesAndReportsBadOnesEachByLineNumber() {
        String ndjson = String.join("\n",
                dialogue("b-1", null),
                "{\"id\": \"b-2\", \"turns\": [{\"role\": \"agnet\", \"text\": \"x\"}]}",
                "",
                "{not json",
                dialogue("b-3", null) + "\r",
                dialogue("b-1", null)) + "\n";

        HttpResponse<Buffer> response = post("/api/v1/dialogues/batch", ndjson);

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.getHeader("Content-Type")).startsWith("application/x-ndjson");
        List<JsonObject> lines = ndjsonLines(response);
        assertThat(lines).hasSize(6);
        assertThat(lines.get(0)).isEqualTo(new JsonObject().put("line", 1).put("id", "b-1").put("status", "accepted")
                .put("stored", "created"));
        assertThat(lines.get(1)).isEqualTo(new JsonObject().put("line", 2).put("id", "b-2").put("status", "rejected")
                .put("errors", new JsonArray().add(new JsonObject().put("pointer", "/turns/0/role").put("message",
                        "unknown role 'agnet' (expected customer, agent, bot, system or a declared party role) "
                                + "— did you mean 'agent'?"))));
        assertThat(lines.get(2).getInteger("line")).isEqualTo(4);
        assertThat(lines.get(2).getString("status")).isEqualTo("rejected");
        assertThat(lines.get(2).containsKey("id")).isFalse();
        assertThat(lines.get(2).getJsonArray("errors").getJsonObject(0).getString("message")).startsWith("malformed JSON");
        assertThat(lines.get(3)).isEqualTo(new JsonObject().put("line", 5).put("id", "b-3").put("status", "accepted")
                .put("stored", "created"));
        assertThat(lines.get(4)).isEqualTo(new JsonObject().put("line", 6).put("id", "b-1").put("status", "accepted")
                .put("stored", "unchanged"));
        assertThat(lines.get(5)).isEqualTo(new JsonObject()
                .put("summary", new JsonObject().put("accepted", 3).put("rejected", 2)));
        assertThat(storage.tenant(TenantId.DEFAULT).dialogues().find("b-1")).isPresent();
        assertThat(storage.tenant(TenantId.DEFAULT).dialogues().find("b-3")).isPresent();
        assertThat(storage.tenant(TenantId.DEFAULT).dialogues().count()).isEqualTo(2);
    }

    @Test
    void aPoisonedLineIsRejectedAloneNamingItsFieldAndTheRestOfItsGroupIsStored() {
        String ndjson = String.join("\n",
                dialogue("p-1", null),
                dialogue("p-2", null).replace("\"channel\":\"im\"", "\"channel\":\"im\",\"attributes\":{\"a\":null}"),
                dialogue("p-3", null).replace("\"channel\":\"im\"", "\"channel\":\"im\",\"attributes\":{\"a\\u0000b\":1}"),
                dialogue("SUR1", null).replace("\"SUR1\"", "\"s\\ud800\""),
                dialogue("SUR2", null).replace("\"SUR2\"", "\"s\\udbff\""),
                dialogue("DOT", null).replace("\"DOT\"", "\"..\""),
                dialogue("p-4", null));

        HttpResponse<Buffer> response = post("/api/v1/dialogues/batch", ndjson);

        assertThat(response.statusCode()).isEqualTo(200);
        List<JsonObject> lines = ndjsonLines(response);
        assertThat(lines).extracting(line -> line.getValue("line"), line -> line.getValue("status"))
                .containsExactly(tuple(1, "accepted"), tuple(2, "accepted"), tuple(3, "rejected"), tuple(4, "rejected"),
                        tuple(5, "rejected"), tuple(6, "rejected"), tuple(7, "accepted"), tuple(null, null));
        assertThat(lines.subList(2, 6)).extracting(line -> line.getJsonArray("errors").getJsonObject(0).getString("pointer"))
                .containsExactly("/attributes/a\u0000b", "/id", "/id", "/id");
        assertThat(storage.tenant(TenantId.DEFAULT).dialogues().count()).isEqualTo(3);
        assertThat(storage.tenant(TenantId.DEFAULT).dialogues().find("p-2").orElseThrow().attributes()).isEmpty();
    }

    @Test
    void aPoisonedSingleDialogueIsA400NamingItsFieldNeverA500() {
        assertThat(post("/api/v1/dialogues", dialogue("s-1", null).replace("\"channel\":\"im\"",
                "\"channel\":\"im\",\"attributes\":{\"a\":null}")).statusCode()).isEqualTo(202);
        for (String poisoned : List.of(
                dialogue("s-2", null).replace("\"channel\":\"im\"", "\"channel\":\"im\",\"attributes\":{\"\\u0000\":1}"),
                dialogue("X", null).replace("\"X\"", "\"x\\udc00\""),
                dialogue("X", null).replace("\"X\"", "\".\""),
                dialogue("X", null).replace("\"X\"", "\"a\\u0007\""))) {
            HttpResponse<Buffer> response = post("/api/v1/dialogues", poisoned);
            assertThat(response.statusCode()).as(poisoned).isEqualTo(400);
            assertThat(response.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("pointer"))
                    .as(poisoned).isIn("/id", "/attributes/\u0000");
        }
        assertThat(storage.tenant(TenantId.DEFAULT).dialogues().count()).isEqualTo(1);
    }

    @Test
    void idsWithDifferentLoneSurrogatesNoLongerCollapseOntoOne() {
        HttpResponse<Buffer> first = post("/api/v1/dialogues", dialogue("X", null).replace("\"X\"", "\"k\\ud800\""));
        HttpResponse<Buffer> second = post("/api/v1/dialogues", dialogue("X", null).replace("\"X\"", "\"k\\ud801\""));

        assertThat(first.statusCode()).isEqualTo(400);
        assertThat(second.statusCode()).isEqualTo(400);
        assertThat(storage.tenant(TenantId.DEFAULT).dialogues().count()).isZero();
    }

    @Test
    void aLineOverTheLimitIsRejectedAloneAndTheStreamGoesOn() {
        String tooLong = dialogue("long", null).replace("在吗", "在".repeat(DialogueRoutes.MAX_DIALOGUE_BYTES / 3 + 1));
        String ndjson = dialogue("b-1", null) + "\n" + tooLong + "\n" + dialogue("b-2", null); // no final newline

        List<JsonObject> lines = ndjsonLines(post("/api/v1/dialogues/batch", ndjson));

        assertThat(lines).extracting(line -> line.getValue("line"), line -> line.getValue("status"))
                .containsExactly(tuple(1, "accepted"),
                        tuple(2, "rejected"),
                        tuple(3, "accepted"),
                        tuple(null, null));
        assertThat(lines.get(1).getJsonArray("errors").getJsonObject(0).getString("message"))
                .isEqualTo("line is longer than 2 MB, the limit per dialogue");
        assertThat(storage.tenant(TenantId.DEFAULT).dialogues().count()).isEqualTo(2);
    }

    @Test
    void aLargeBatchStreamsThroughInManyChunks() throws InterruptedException {
        String ndjson = IntStream.range(0, 2_000).mapToObj(i -> dialogue(String.format("m-%04d", i), null))
                .collect(Collectors.joining("\n"));

        List<JsonObject> lines = ndjsonLines(post("/api/v1/dialogues/batch", ndjson));
        ingestor.awaitIdle(WAIT);

        assertThat(lines).hasSize(2_001);
        assertThat(lines.subList(0, 2_000)).as("every line answered once, in order, across the groups stored together")
                .extracting(line -> line.getInteger("line")).containsExactlyElementsOf(IntStream.rangeClosed(1, 2_000).boxed().toList());
        assertThat(lines.get(1_999).getString("id")).isEqualTo("m-1999");
        assertThat(lines.get(2_000).getJsonObject("summary"))
                .isEqualTo(new JsonObject().put("accepted", 2_000).put("rejected", 0));
        assertThat(storage.tenant(TenantId.DEFAULT).dialogues().count()).isEqualTo(2_000);
        assertThat(storage.tenant(TenantId.DEFAULT).results().count(V1)).isEqualTo(2_000);
    }

    @Test
    void aFailedEvaluationIs422WithItsReason() throws InterruptedException {
        post("/api/v1/dialogues", dialogue("jd-1", "fail"));
        ingestor.awaitIdle(WAIT);

        HttpResponse<Buffer> response = get("/api/v1/dialogues/jd-1/result");

        assertThat(response.statusCode()).isEqualTo(422);
        assertThat(response.bodyAsJsonObject()).isEqualTo(problem(422, "Unprocessable Entity", "evaluation failed")
                .put("reason", "rule 'slow_first_reply' needs turn times; turn 0 has none"));
    }

    @Test
    void returnsTheStoredDialogueAsWritten() {
        post("/api/v1/dialogues", dialogue("jd-1", null));

        HttpResponse<Buffer> response = get("/api/v1/dialogues/jd-1");

        assertThat(response.statusCode()).isEqualTo(200);
        // Written back in canonical form: absent lists and maps come back empty.
        assertThat(response.bodyAsJsonObject()).isEqualTo(new JsonObject(dialogue("jd-1", null))
                .put("parties", new JsonArray()).put("attributes", new JsonObject()));
    }

    @Test
    void idsAreAddressedUrlEncoded() {
        String id = "订单/42 #1";
        HttpResponse<Buffer> accepted = post("/api/v1/dialogues", dialogue(id, null));
        String encoded = URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");

        assertThat(accepted.bodyAsJsonObject().getString("result")).isEqualTo("/api/v1/dialogues/" + encoded + "/result");
        assertThat(get("/api/v1/dialogues/" + encoded).bodyAsJsonObject().getString("id")).isEqualTo(id);
    }

    @Test
    void unknownThingsAre404Json() {
        assertThat(get("/api/v1/dialogues/nope")).satisfies(r -> {
            assertThat(r.statusCode()).isEqualTo(404);
            assertThat(r.getHeader("Content-Type")).startsWith("application/problem+json");
            assertThat(r.bodyAsJsonObject()).isEqualTo(problem(404, "Not Found", "no dialogue with id 'nope'"));
        });
        assertThat(get("/api/v1/dialogues/nope/result").bodyAsJsonObject())
                .isEqualTo(problem(404, "Not Found", "no dialogue with id 'nope'"));
        assertThat(get("/api/v2/whatever")).satisfies(r -> {
            assertThat(r.statusCode()).isEqualTo(404);
            assertThat(r.getHeader("Content-Type")).startsWith("application/problem+json");
            assertThat(r.bodyAsJsonObject()).isEqualTo(problem(404, "Not Found", "no such resource: GET /api/v2/whatever"));
        });
        HttpResponse<Buffer> wrongMethod = client.delete("/api/v1/dialogues/jd-1").send().await();
        assertThat(wrongMethod.statusCode()).isEqualTo(405);
        assertThat(wrongMethod.bodyAsJsonObject().getString("error")).isEqualTo("DELETE is not allowed on /api/v1/dialogues/jd-1");
    }

    @Test
    void healthSaysOnlyWhetherStorageAnswers() {
        HttpResponse<Buffer> response = get("/health");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.bodyAsJsonObject()).isEqualTo(new JsonObject().put("status", "up"));
    }

    @Test
    void healthIs503WhenStorageIsDown() {
        storage.close();

        HttpResponse<Buffer> response = get("/health");

        assertThat(response.statusCode()).isEqualTo(503);
        assertThat(response.getHeader("Content-Type")).startsWith("application/problem+json");
        assertThat(response.bodyAsJsonObject()).isEqualTo(new JsonObject().put("status", 503)
                .put("title", "Service Unavailable").put("error", "storage unreachable"));
        storage = StorageFactory.open(dataDir, null); // for stop()
    }

    @Test
    void liveAndReadyAreUpWhileStorageTakesWrites() {
        assertThat(get("/health/live").statusCode()).isEqualTo(200);
        assertThat(get("/health/ready").statusCode()).isEqualTo(200);
        assertThat(get("/health/ready").bodyAsJsonObject()).isEqualTo(new JsonObject().put("status", "up"));
    }

    @Test
    void withStorageDownTheProcessIsLiveButNotReady() {
        storage.close();

        assertThat(get("/health/live").statusCode()).isEqualTo(200);
        HttpResponse<Buffer> ready = get("/health/ready");
        assertThat(ready.statusCode()).isEqualTo(503);
        assertThat(ready.getHeader("Content-Type")).startsWith("application/problem+json");
        storage = StorageFactory.open(dataDir, null); // for stop()
    }

    @Test
    void readinessProbesAWriteNotAPing() throws Exception {
        client.close();
        api.stop();
        vertx.close().await();
        // Storage that answers a ping but cannot store (H2's file closed after a write error).
        Storage answersButCannotStore = (Storage) Proxy.newProxyInstance(Storage.class.getClassLoader(),
                new Class<?>[]{Storage.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "writable" -> false;
                    case "ping" -> true;
                    default -> {
                        try {
                            yield method.invoke(storage, args);
                        } catch (InvocationTargetException e) {
                            throw e.getCause();
                        }
                    }
                });
        vertx = Vertx.vertx();
        api = new HttpApi(vertx, List.of(new SystemRoutes(answersButCannotStore, metrics)),
                ctx -> new Principal(TenantId.DEFAULT, "tester", Role.ADMIN, "tester", "127.0.0.1"), HttpSettings.DEFAULTS);
        int port = api.start("127.0.0.1", 0);
        client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));

        for (String path : List.of("/health", "/health/ready")) {
            HttpResponse<Buffer> response = get(path);
            assertThat(response.statusCode()).as(path).isEqualTo(503);
            assertThat(response.bodyAsJsonObject()).isEqualTo(new JsonObject().put("status", 503)
                    .put("title", "Service Unavailable").put("error", "storage not writable"));
        }
        assertThat(get("/health/live").statusCode()).isEqualTo(200);
    }

    @Test
    void anUnexpectedExceptionIs500JsonWithoutItsDetailsAndTheServerCarriesOn() {
        healthEvaluatorBreaks.set(true);

        HttpResponse<Buffer> broken = get("/extra");

        assertThat(broken.statusCode()).isEqualTo(500);
        JsonObject body = broken.bodyAsJsonObject();
        String incident = body.getString("incident");
        assertThat(incident).matches("[0-9a-f]+");
        assertThat(body).isEqualTo(problem(500, "Internal Server Error",
                "internal error: the server's log has the details under incident " + incident).put("incident", incident));
        assertThat(broken.bodyAsString()).doesNotContain("27017", "127.0.0.1", "Exception", "broken");
        assertThat(get("/extra").statusCode()).isEqualTo(200);
    }

    @Test
    void aRawRecordIsMappedThenValidatedAndStoredLikeADialogue() throws InterruptedException {
        mapper.set(Optional.of(DialogueRoutesTest::mapChatJson));

        HttpResponse<Buffer> response = post("/api/v1/dialogues/raw", """
                {"conversation": "chat-9", "messages": [{"from": "buyer", "body": "在吗"}, {"from": "staff", "body": "亲，在的"}]}""");

        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(202);
        assertThat(response.bodyAsJsonObject().getString("id")).isEqualTo("chat-9");
        assertThat(storage.tenant(TenantId.DEFAULT).dialogues().find("chat-9").orElseThrow().turns())
                .extracting(turn -> turn.role() + ": " + turn.text()).containsExactly("customer: 在吗", "agent: 亲，在的");
        ingestor.awaitIdle(WAIT);
        assertThat(get("/api/v1/dialogues/chat-9/result").statusCode()).isEqualTo(200);
    }

    @Test
    void aRecordTheMapperRefusesIs400WithTheMappersReason() {
        mapper.set(Optional.of(DialogueRoutesTest::mapChatJson));

        HttpResponse<Buffer> response = post("/api/v1/dialogues/raw", "{\"conversation\": \"chat-9\"}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.bodyAsJsonObject()).isEqualTo(problem(400, "Bad Request", "the record could not be mapped to a dialogue")
                .put("reason", "dialogue mapper 'map' (chat-json 1.0) failed: the record has no 'messages'"));
        assertThat(storage.tenant(TenantId.DEFAULT).dialogues().count()).isZero();
    }

    @Test
    void aMappedRecordThatIsNoValidDialogueIs400NamingTheField() {
        mapper.set(Optional.of(DialogueRoutesTest::mapChatJson));

        HttpResponse<Buffer> response = post("/api/v1/dialogues/raw",
                "{\"conversation\": \"chat-9\", \"messages\": [{\"from\": \"bot\", \"body\": \"hi\"}]}");

        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.bodyAsJsonObject().getString("error")).isEqualTo("the mapped record is not a valid dialogue");
        assertThat(response.bodyAsJsonObject().getJsonArray("errors").getJsonObject(0).getString("pointer"))
                .isEqualTo("/turns/0/role");
    }

    @Test
    void rawRecordsAre409WhenTheRuleSetInForceHasNoMapper() {
        HttpResponse<Buffer> response = post("/api/v1/dialogues/raw", "{\"conversation\": \"chat-9\"}");

        assertThat(response.statusCode()).isEqualTo(409);
        assertThat(response.bodyAsJsonObject().getString("error"))
                .isEqualTo("the rule set in force (ecommerce-presale@1) declares no dialogue mapper");
        assertThat(response.bodyAsJsonObject().getString("hint")).contains("script map = js");
    }

    @Test
    void metricsAreServedInThePrometheusTextFormat() {
        metrics.counter("parley.plugin.failures", "kind", "operator", "plugin", "js", "name", "long_wait").increment(2);

        HttpResponse<Buffer> response = get("/metrics");

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.getHeader("Content-Type")).startsWith("text/plain");
        assertThat(response.bodyAsString())
                .contains("# TYPE parley_plugin_failures_total counter")
                .contains("parley_plugin_failures_total{kind=\"operator\",name=\"long_wait\",plugin=\"js\"} 2.0");
    }

    /** {"conversation", "messages": [{"from": "buyer"|"staff"|…, "body"}]} → a dialogue. */
    private static JsonNode mapChatJson(JsonNode raw) {
        return PluginFailure.guard(MAPPER, "map", Duration.ofSeconds(10), () -> {
            if (!raw.has("messages")) {
                throw new PluginException("the record has no 'messages'");
            }
            ObjectNode dialogue = JsonNodeFactory.instance.objectNode().put("id", raw.get("conversation").asText());
            ArrayNode turns = dialogue.putArray("turns");
            raw.get("messages").forEach(message -> turns.addObject()
                    .put("role", switch (message.get("from").asText()) {
                        case "buyer" -> "customer";
                        case "staff" -> "agent";
                        default -> message.get("from").asText() + "?";
                    })
                    .put("text", message.get("body").asText()));
            return dialogue;
        });
    }

    @Test
    void mountsExtraRoutesBesideTheApi() {
        assertThat(get("/extra").bodyAsString()).isEqualTo("mounted");
    }

    private HttpResponse<Buffer> post(String path, String body) {
        return client.post(path).putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(body)).await();
    }

    private HttpResponse<Buffer> get(String path) {
        return client.get(path).send().await();
    }

    private static List<JsonObject> ndjsonLines(HttpResponse<Buffer> response) {
        return Arrays.stream(response.bodyAsString().split("\n")).map(JsonObject::new).toList();
    }

    private static String dialogue(String id, String script) {
        JsonObject dialogue = new JsonObject().put("id", id).put("channel", "im")
                .put("startedAt", "2026-11-11T10:00:00+08:00")
                .put("turns", new JsonArray()
                        .add(new JsonObject().put("role", "customer").put("text", "在吗").put("at", "2026-11-11T10:00:03+08:00"))
                        .add(new JsonObject().put("role", "agent").put("text", "亲，您好").put("at", "2026-11-11T10:00:41+08:00")));
        if (script != null) {
            dialogue.put("attributes", new JsonObject().put("test", script));
        }
        return dialogue.encode();
    }

    /** Every error is problem JSON: status, title, then the message under "error" and the route's own members. */
    private static JsonObject problem(int status, String title, String error) {
        return new JsonObject().put("status", status).put("title", title).put("error", error);
    }
}
