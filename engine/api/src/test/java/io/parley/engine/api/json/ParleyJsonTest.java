package io.parley.engine.api.json;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.parley.engine.api.EvaluationResult;
import io.parley.engine.api.RuleSetRef;
import io.parley.engine.api.Score;
import io.parley.engine.api.Turn;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ParleyJsonTest {

    @Test
    void offsetDateTimesKeepTheirOffset() throws JsonProcessingException {
        String json = "{\"role\":\"agent\",\"text\":\"您好\",\"at\":\"2026-11-11T10:00:41.250+08:00\"}";

        Turn turn = ParleyJson.mapper().readValue(json, Turn.class);

        assertThat(turn.at()).isEqualTo(OffsetDateTime.parse("2026-11-11T10:00:41.250+08:00"));
        assertThat(turn.at().getOffset().getTotalSeconds()).isEqualTo(8 * 3600);
        assertThat(ParleyJson.mapper().writeValueAsString(turn)).isEqualTo(json.replace(".250", ".25"));
    }

    @Test
    void instantsAreIsoStringsAndResultsRoundTrip() throws JsonProcessingException {
        EvaluationResult result = new EvaluationResult("d-1", new RuleSetRef("presale", 3), List.of(),
                new Score("presale", 85, "B", List.of(new Score.ScoreItem("forbidden_phrase", -15)), null), 42,
                Instant.parse("2026-11-11T02:05:00Z"));

        String json = ParleyJson.mapper().writeValueAsString(result);

        assertThat(json).contains("\"evaluatedAt\":\"2026-11-11T02:05:00Z\"");
        assertThat(ParleyJson.mapper().readValue(json, EvaluationResult.class)).isEqualTo(result);
    }

    @Test
    void mapKeysAreWrittenInOrderSoEqualContentIsEqualText() throws JsonProcessingException {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("sku", "JSQ30");
        attributes.put("shop", "wanhe");

        assertThat(ParleyJson.mapper().writeValueAsString(attributes)).isEqualTo("{\"shop\":\"wanhe\",\"sku\":\"JSQ30\"}");
    }

    @Test
    void checkpointStatusesAreSnakeCaseAndResultsStoredBeforeCheckpointsStillRead() throws JsonProcessingException {
        EvaluationResult result = new EvaluationResult("d-2", new RuleSetRef("presale", 4), List.of(), null, 3,
                Instant.parse("2026-11-11T02:05:00Z"), List.of(
                new io.parley.engine.api.CheckpointResult("ask_order", "核实订单号",
                        io.parley.engine.api.CheckpointResult.Status.NOT_APPLICABLE, List.of()),
                new io.parley.engine.api.CheckpointResult("greet", "问候",
                        io.parley.engine.api.CheckpointResult.Status.PASSED,
                        List.of(new io.parley.engine.api.Evidence(1, "agent", List.of(0, 2), "您好")))));

        String json = ParleyJson.mapper().writeValueAsString(result);

        assertThat(json).contains("\"status\":\"not_applicable\"").contains("\"status\":\"passed\"");
        assertThat(ParleyJson.mapper().readValue(json, EvaluationResult.class)).isEqualTo(result);
        String stored = "{\"dialogueId\":\"d-1\",\"ruleset\":{\"id\":\"presale\",\"version\":3},\"hits\":[],"
                + "\"signals\":0,\"evaluatedAt\":\"2026-11-11T02:05:00Z\"}";
        assertThat(ParleyJson.mapper().readValue(stored, EvaluationResult.class).checkpoints()).isEmpty();
    }
}
