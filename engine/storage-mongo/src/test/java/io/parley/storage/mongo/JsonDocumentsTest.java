package io.parley.storage.mongo;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.engine.api.json.CanonicalJson;
import io.parley.engine.api.json.ParleyJson;
import io.parley.engine.api.Dialogue;
import io.parley.engine.api.EvaluationResult;
import io.parley.engine.api.Evidence;
import io.parley.engine.api.Hit;
import io.parley.engine.api.Outcome;
import io.parley.engine.api.Participant;
import io.parley.engine.api.RuleSetRef;
import io.parley.engine.api.Score;
import io.parley.engine.api.Turn;
import org.junit.jupiter.api.Test;

import java.security.MessageDigest;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Values are serialised once into Jackson's tokens and stored from them: what is stored and hashed
 * must be exactly what writing their JSON text and reading it back gave before.
 */
class JsonDocumentsTest {
    private static final ObjectMapper JSON = ParleyJson.mapper();

    @Test
    void theHashOfTokensIsTheHashOfTheJsonText() throws Exception {
        Object dialogue = dialogue();

        String expected = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(JSON.writeValueAsBytes(dialogue)));

        assertThat(CanonicalJson.sha256(dialogue)).isEqualTo(expected);
    }

    @Test
    void bsonFromTokensIsBsonFromTheJsonText() throws Exception {
        Map<String, Object> numbers = new LinkedHashMap<>();
        numbers.put("int", 7);
        numbers.put("smallLong", 7L);
        numbers.put("long", 3_000_000_000L);
        numbers.put("float", 0.1f);
        numbers.put("double", 0.1);
        numbers.put("big", new java.math.BigDecimal("12345.678"));
        numbers.put("nested", List.of(Map.of("x", 1.5f), "文字", true));
        for (Object value : List.of(dialogue(), result(), numbers)) {
            var fromText = JsonDocuments.toBson(JSON.getFactory(), JSON.writeValueAsBytes(value), List.of(Map.entry("_id", "k")),
                    Map.of(), List.of(Map.entry("tail", "t")));
            var fromTokens = JsonDocuments.toBson(CanonicalJson.tokens(value), List.of(Map.entry("_id", "k")),
                    Map.of(), List.of(Map.entry("tail", "t")));

            assertThat(fromTokens).isEqualTo(fromText);
            assertThat(fromTokens.toJson()).isEqualTo(fromText.toJson());
        }
    }

    private static Dialogue dialogue() {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("shop", "wanhe-flagship");
        attributes.put("amount", 1299.5);
        attributes.put("views", 3_000_000_000L);
        attributes.put("order", Map.of("no", "123456789012345678", "paid", false));
        return new Dialogue("d-1", "im", OffsetDateTime.parse("2026-11-11T10:00:00+08:00"),
                new Participant("a-17", "pre-sale"), new Participant("c-9001", null), List.of("host"),
                List.of(new Turn("customer", "这个热水器能装在卫生间吗？", OffsetDateTime.parse("2026-11-11T10:00:03+08:00"), null, null),
                        new Turn("agent", "亲，您好，可以的哦", OffsetDateTime.parse("2026-11-11T02:00:41.250Z"),
                                OffsetDateTime.parse("2026-11-11T02:00:44Z"), "a-17"),
                        new Turn("host", "😀 emoji and \"quotes\"")),
                new Outcome(false, 2), attributes);
    }

    private static EvaluationResult result() {
        Hit hit = new Hit("forbidden_phrase", "禁用语", "major", List.of("服务态度"),
                List.of(new Evidence(5, "agent", List.of(0, 3), "不知道"), new Evidence(6, "agent", null, null, "m@1")), 0.875);
        return new EvaluationResult("d-1", new RuleSetRef("presale", 3), List.of(hit),
                new Score("presale", 84.5, "B", List.of(new Score.ScoreItem("forbidden_phrase", -15.5)), null), 42,
                Instant.parse("2026-11-11T02:05:00Z"));
    }
}
