package io.parley.plugins.webhook;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.engine.api.EvaluationResult;
import io.parley.engine.api.Evidence;
import io.parley.engine.api.Hit;
import io.parley.engine.api.RuleSetRef;
import io.parley.engine.api.Score;
import io.parley.engine.spi.plugin.ConfigOption;
import io.parley.engine.spi.plugin.ConfigValidator;
import io.parley.engine.spi.plugin.Plugin;
import io.parley.engine.spi.plugin.PluginException;
import io.parley.engine.spi.plugin.PluginKind;
import io.parley.engine.spi.plugin.ResultSinkPlugin.DeadLetters;
import io.parley.engine.spi.plugin.ResultSinkPlugin.SinkContext;
import io.parley.engine.testing.Await;
import io.parley.engine.testing.TestClock;
import io.parley.plugins.webhook.ScriptedReceiver.Received;
import io.parley.plugins.webhook.ScriptedReceiver.Reply;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WebhookSinkTest {
    private static final Instant NOW = Instant.parse("2026-11-11T02:05:00Z");
    private static final ObjectMapper JSON = new ObjectMapper();

    record Letter(String sinkId, String destination, String payload, int attempts, String reason) {
    }

    private final List<Letter> deadLetters = new CopyOnWriteArrayList<>();
    private final TestClock clock = new TestClock(NOW);
    private final SinkContext context = new SinkContext() {
        @Override
        public DeadLetters deadLetters() {
            return (sinkId, destination, payload, attempts, reason) ->
                    deadLetters.add(new Letter(sinkId, destination, payload, attempts, reason));
        }

        @Override
        public Clock clock() {
            return clock;
        }
    };
    private final WebhookPlugin plugin = new WebhookPlugin();
    private ScriptedReceiver receiver;
    private WebhookSink sink;

    @BeforeEach
    void startReceiver() throws IOException {
        receiver = new ScriptedReceiver();
    }

    @AfterEach
    void stop() {
        receiver.close();
        if (sink != null) {
            sink.close();
        }
    }

    @Test
    void eachDeliveryIsStampedWithTheSinksClockWhenItIsSent() {
        sink = open(Map.of("secret", "whsec-test"));

        sink.deliver(result("jd-1", true));
        await("the first delivered", () -> sink.delivered() == 1);
        clock.advance(Duration.ofSeconds(90));
        sink.deliver(result("jd-2", true));
        await("the second delivered", () -> sink.delivered() == 2);

        assertThat(receiver.received()).extracting(request -> request.header("X-Parley-Timestamp"))
                .containsExactly(String.valueOf(NOW.getEpochSecond()), String.valueOf(NOW.getEpochSecond() + 90));
    }

    @Test
    void deliversASignedPayloadThatTheReceiverCanVerify() throws Exception {
        sink = open(Map.of("secret", "whsec-test"));

        sink.deliver(result("jd-1", true));

        await("delivered", () -> sink.delivered() == 1);
        Received request = receiver.received().getFirst();
        String signature = request.header("X-Parley-Signature");
        assertThat(verifies("whsec-test", request.body(), signature)).isTrue();
        assertThat(verifies("another-secret", request.body(), signature)).isFalse();
        byte[] tampered = request.text().replace("\"value\":85.0", "\"value\":99.0").getBytes(StandardCharsets.UTF_8);
        assertThat(verifies("whsec-test", tampered, signature)).isFalse();
        assertThat(request.header("X-Parley-Timestamp")).isEqualTo(String.valueOf(NOW.getEpochSecond()));
        assertThat(request.header("Content-Type")).isEqualTo("application/json; charset=utf-8");

        JsonNode body = JSON.readTree(request.body());
        assertThat(body.get("event").asText()).isEqualTo("evaluation");
        assertThat(body.get("deliveryId").asText()).isNotBlank().isEqualTo(request.header("X-Parley-Delivery"));
        assertThat(body.get("dialogueId").asText()).isEqualTo("jd-1");
        assertThat(body.at("/ruleset/id").asText()).isEqualTo("ecommerce-presale");
        assertThat(body.at("/ruleset/version").asInt()).isEqualTo(3);
        assertThat(body.get("evaluatedAt").asText()).isEqualTo("2026-11-11T02:05:00Z");
        assertThat(body.at("/hits/0/rule").asText()).isEqualTo("forbidden_phrase");
        assertThat(body.at("/hits/0/tags/0").asText()).isEqualTo("服务态度");
        assertThat(body.at("/hits/0/evidence/0/span").toString()).isEqualTo("[0,3]");
        assertThat(body.at("/hits/0/evidence/0/text").asText()).isEqualTo("不知道");
        assertThat(body.at("/score/value").asDouble()).isEqualTo(85.0);
        assertThat(body.at("/score/grade").asText()).isEqualTo("B");
        assertThat(body.at("/score/breakdown/0/points").asDouble()).isEqualTo(-15.0);
        assertThat(sink.retried()).isZero();
        assertThat(deadLetters).isEmpty();
    }

    @Test
    void retriesAfterTwoServerErrorsThenDelivers() {
        receiver.answer(Reply.status(500), Reply.status(500));
        sink = open(Map.of());

        sink.deliver(result("jd-1", true));

        await("delivered", () -> sink.delivered() == 1);
        List<Received> requests = receiver.received();
        assertThat(requests).hasSize(3);
        assertThat(requests).extracting(Received::text).containsOnly(requests.getFirst().text());
        assertThat(sink.retried()).isEqualTo(2);
        assertThat(deadLetters).isEmpty();
    }

    @Test
    void deadLettersTheBodyWithTheLastReasonOnceAttemptsRunOut() {
        receiver.otherwise(new Reply(503, "upstream\n down"));
        sink = open(Map.of("maxAttempts", 3));

        sink.deliver(result("jd-1", true));

        await("dead-lettered", () -> sink.deadLettered() == 1);
        assertThat(receiver.received()).hasSize(3);
        assertThat(deadLetters).singleElement().satisfies(letter -> {
            assertThat(letter.sinkId()).isEqualTo("webhook");
            assertThat(letter.destination()).isEqualTo(receiver.url());
            assertThat(letter.payload()).isEqualTo(receiver.received().getFirst().text());
            assertThat(letter.attempts()).isEqualTo(3);
            assertThat(letter.reason()).isEqualTo("gave up after 3 attempts; last: HTTP 503: upstream down");
        });
        assertThat(sink.delivered()).isZero();
        assertThat(sink.retried()).isEqualTo(2);
    }

    @ParameterizedTest
    @ValueSource(ints = {400, 401, 404, 422})
    void aClientErrorIsNotRetried(int status) {
        receiver.otherwise(new Reply(status, "{\"error\": \"bad payload\"}"));
        sink = open(Map.of());

        sink.deliver(result("jd-1", true));

        await("dead-lettered", () -> sink.deadLettered() == 1);
        assertThat(deadLetters).singleElement().satisfies(letter -> {
            assertThat(letter.attempts()).isEqualTo(1);
            assertThat(letter.reason()).isEqualTo("HTTP " + status + ": {\"error\": \"bad payload\"} (not retried)");
        });
        assertThat(receiver.received()).hasSize(1);
        assertThat(sink.retried()).isZero();
    }

    @ParameterizedTest
    @ValueSource(ints = {408, 429})
    void requestTimeoutAndTooManyRequestsAreRetried(int status) {
        receiver.answer(Reply.status(status));
        sink = open(Map.of());

        sink.deliver(result("jd-1", true));

        await("delivered", () -> sink.delivered() == 1);
        assertThat(sink.retried()).isEqualTo(1);
        assertThat(deadLetters).isEmpty();
    }

    @Test
    void aRequestWithoutAnAnswerInTimeIsRetried() {
        receiver.answer(Reply.HANG);
        // Long enough that the answered retry never times out on a busy machine too.
        sink = open(Map.of("timeout", "1s"));

        sink.deliver(result("jd-1", true));

        await("delivered", () -> sink.delivered() == 1);
        assertThat(receiver.received()).hasSize(2);
        assertThat(sink.retried()).isEqualTo(1);
    }

    @Test
    void timeoutsToTheLastAttemptEndAsADeadLetter() {
        receiver.otherwise(Reply.HANG);
        sink = open(Map.of("timeout", "100ms", "maxAttempts", 2));

        sink.deliver(result("jd-1", true));

        await("dead-lettered", () -> sink.deadLettered() == 1);
        assertThat(deadLetters).extracting(Letter::reason)
                .containsExactly("gave up after 2 attempts; last: no response within 100ms");
    }

    @Test
    void anUnreachableEndpointIsRetriedThenDeadLettered() {
        String url = receiver.url();
        receiver.close();
        sink = open(Map.of("url", url, "maxAttempts", 2));

        sink.deliver(result("jd-1", true));

        await("dead-lettered", () -> sink.deadLettered() == 1);
        assertThat(deadLetters).singleElement().satisfies(letter -> {
            assertThat(letter.attempts()).isEqualTo(2);
            assertThat(letter.reason()).startsWith("gave up after 2 attempts; last: connection failed: ");
        });
    }

    @Test
    void closeDeliversWhatIsStillQueued() {
        sink = open(Map.of("concurrency", 1));

        IntStream.range(0, 20).forEach(i -> sink.deliver(result("jd-" + i, true)));
        sink.close();

        assertThat(sink.delivered()).isEqualTo(20);
        assertThat(receiver.received()).extracting(request -> dialogueId(request.text()))
                .containsExactlyInAnyOrderElementsOf(IntStream.range(0, 20).mapToObj(i -> "jd-" + i).toList());
        assertThat(deadLetters).isEmpty();
    }

    @Test
    void closeDeadLettersWhatItCouldNotDeliverInTime() {
        receiver.otherwise(Reply.HANG);
        sink = open(Map.of("concurrency", 1, "timeout", "30s", "drainTimeout", "100ms"));
        IntStream.range(0, 3).forEach(i -> sink.deliver(result("jd-" + i, true)));
        await("the first request in flight", () -> receiver.received().size() == 1);

        sink.close();

        assertThat(sink.deadLettered()).isEqualTo(3);
        assertThat(sink.delivered()).isZero();
        assertThat(deadLetters).extracting(Letter::attempts).containsExactlyInAnyOrder(1, 0, 0);
        assertThat(deadLetters).extracting(Letter::reason)
                .allSatisfy(reason -> assertThat(reason).startsWith("the sink closed before the result was"));
        assertThat(deadLetters).extracting(letter -> dialogueId(letter.payload()))
                .containsExactlyInAnyOrder("jd-0", "jd-1", "jd-2");

        sink.deliver(result("late", true));

        assertThat(deadLetters.getLast().reason()).isEqualTo("the sink was already closed");
        assertThat(dialogueId(deadLetters.getLast().payload())).isEqualTo("late");
    }

    @Test
    void aFullQueueDeadLettersAtOnceWithoutBlocking() {
        receiver.otherwise(Reply.HANG);
        sink = open(Map.of("concurrency", 1, "queueSize", 2, "drainTimeout", "100ms"));

        IntStream.range(0, 3).forEach(i -> sink.deliver(result("jd-" + i, true)));

        assertThat(sink.deadLettered()).isEqualTo(1);
        assertThat(deadLetters).singleElement().satisfies(letter -> {
            assertThat(dialogueId(letter.payload())).isEqualTo("jd-2");
            assertThat(letter.attempts()).isZero();
            assertThat(letter.reason()).isEqualTo("queue full: 2 results were already waiting for " + receiver.url());
        });
        assertThat(sink.pending()).isEqualTo(2);
    }

    @Test
    void hitsSubscribersGetOnlyResultsWithHitsAndNoScore() throws IOException {
        sink = open(Map.of("events", List.of("hits")));

        sink.deliver(result("no-hits", false));
        sink.deliver(result("with-hits", true));
        sink.close();

        Received request = receiver.received().getFirst();
        assertThat(receiver.received()).hasSize(1);
        JsonNode body = JSON.readTree(request.body());
        assertThat(body.get("dialogueId").asText()).isEqualTo("with-hits");
        assertThat(body.has("hits")).isTrue();
        assertThat(body.has("score")).isFalse();
        assertThat(request.header("X-Parley-Signature")).as("no secret, no signature").isNull();
    }

    @Test
    void scoreSubscribersGetEveryScoredResultWithoutHits() {
        sink = open(Map.of("events", List.of("score")));

        sink.deliver(result("no-hits", false));
        sink.deliver(result("with-hits", true));
        sink.close();

        assertThat(receiver.received()).hasSize(2).allSatisfy(request -> {
            JsonNode body = JSON.readTree(request.body());
            assertThat(body.has("hits")).isFalse();
            assertThat(body.at("/score/value").asDouble()).isEqualTo(85.0);
        });
    }

    @Test
    void describesItselfAndIsFoundAsAPlugin() {
        assertThat(ServiceLoader.load(Plugin.class)).anySatisfy(found -> assertThat(found).isInstanceOf(WebhookPlugin.class));
        assertThat(plugin.info().id()).isEqualTo("webhook");
        assertThat(plugin.info().kind()).isEqualTo(PluginKind.RESULT_SINK);
        assertThat(plugin.info().description()).contains("X-Parley-Signature: sha256=", "deliveryId", "dead letter");
        assertThat(plugin.info().config()).extracting(ConfigOption::name).containsExactly(
                "url", "secret", "events", "maxAttempts", "initialBackoff", "timeout", "concurrency", "queueSize", "drainTimeout");
        assertThat(plugin.info().config()).allSatisfy(option -> assertThat(option.description()).isNotBlank());
    }

    @Test
    void refusesConfigurationsThatCannotWork() {
        assertThatThrownBy(() -> open(Map.of("url", "ftp://example.com/results")))
                .isInstanceOf(PluginException.class).hasMessageContaining("'url' must be an http:// or https:// URL");
        assertThatThrownBy(() -> open(Map.of("maxAttempts", 0)))
                .isInstanceOf(PluginException.class).hasMessage("option 'maxAttempts' must be at least 1, not 0");
        assertThatThrownBy(() -> open(Map.of("initialBackoff", "0s")))
                .isInstanceOf(PluginException.class).hasMessageContaining("'initialBackoff' must be a positive duration");
        assertThatThrownBy(() -> open(Map.of("events", List.of("hit"))))
                .isInstanceOf(PluginException.class).hasMessageContaining("unknown event 'hit' (did you mean 'hits'?)");
        assertThatThrownBy(() -> open(Map.of("events", List.of())))
                .isInstanceOf(PluginException.class).hasMessageContaining("'events' is empty");
        assertThatThrownBy(() -> open(Map.of("secret", " ")))
                .isInstanceOf(PluginException.class).hasMessageContaining("'secret' is empty");
    }

    /** A sink on the receiver with 1 ms back-off, configured as the engine would (checked, defaults filled in). */
    private WebhookSink open(Map<String, Object> options) {
        Map<String, Object> values = new HashMap<>(Map.of("url", receiver.url(), "initialBackoff", "1ms"));
        values.putAll(options);
        ConfigValidator.Result checked = ConfigValidator.validate(plugin.info(), values);
        assertThat(checked.problems()).isEmpty();
        return plugin.open(checked.config(), context);
    }

    /** What a receiver does: HMAC-SHA256 of the raw body with the shared secret, compared in constant time. */
    private static boolean verifies(String secret, byte[] body, String signatureHeader) throws GeneralSecurityException {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        String expected = "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8), signatureHeader.getBytes(StandardCharsets.UTF_8));
    }

    private static String dialogueId(String payload) {
        try {
            return JSON.readTree(payload).get("dialogueId").asText();
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + payload, e);
        }
    }

    private static EvaluationResult result(String dialogueId, boolean withHit) {
        Hit hit = new Hit("forbidden_phrase", "禁用语", "major", List.of("服务态度"),
                List.of(new Evidence(1, "agent", List.of(0, 3), "不知道")), 1.0);
        Score score = new Score("presale", 85, "B", List.of(new Score.ScoreItem("forbidden_phrase", -15)), null);
        return new EvaluationResult(dialogueId, new RuleSetRef("ecommerce-presale", 3), withHit ? List.of(hit) : List.of(),
                score, 12, NOW);
    }

    /** Waits (at most 10 s) for asynchronous delivery to get somewhere. */
    private static void await(String what, BooleanSupplier condition) {
        Await.until(what, Duration.ofSeconds(10), condition::getAsBoolean, Boolean::booleanValue);
    }
}
