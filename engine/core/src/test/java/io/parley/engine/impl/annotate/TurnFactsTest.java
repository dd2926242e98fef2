package io.parley.engine.impl.annotate;

import io.parley.engine.api.Dialogue;
import io.parley.engine.api.Turn;
import io.parley.engine.api.facts.TurnFact;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class TurnFactsTest {

    @Test
    void numbersTurnsOverallAndWithinTheirRole() {
        Dialogue dialogue = dialogue(List.of(
                new Turn("customer", "在吗"),
                new Turn("agent", "您好"),
                new Turn("customer", "能装在卫生间吗"),
                new Turn("bot", "[自动回复]"),
                new Turn("agent", "可以的哦")));

        assertThat(TurnFacts.of(dialogue))
                .extracting(TurnFact::getIndex, TurnFact::getRole, TurnFact::getRoleIndex, TurnFact::getText)
                .containsExactly(
                        tuple(0, "customer", 0, "在吗"),
                        tuple(1, "agent", 0, "您好"),
                        tuple(2, "customer", 1, "能装在卫生间吗"),
                        tuple(3, "bot", 0, "[自动回复]"),
                        tuple(4, "agent", 1, "可以的哦"));
    }

    @Test
    void convertsTimesToEpochMillisAndKeepsMissingTimesNull() {
        OffsetDateTime at = OffsetDateTime.parse("2026-11-11T10:00:03+08:00");
        OffsetDateTime end = OffsetDateTime.parse("2026-11-11T10:00:05.250+08:00");
        Dialogue dialogue = dialogue(List.of(
                new Turn("customer", "喂", at, end, null),
                new Turn("agent", "您好")));

        List<TurnFact> facts = TurnFacts.of(dialogue);

        assertThat(facts.get(0).getAtMillis()).isEqualTo(at.toInstant().toEpochMilli());
        assertThat(facts.get(0).getEndMillis() - facts.get(0).getAtMillis()).isEqualTo(2250L);
        assertThat(facts.get(1).getAtMillis()).isNull();
        assertThat(facts.get(1).getEndMillis()).isNull();
    }

    private static Dialogue dialogue(List<Turn> turns) {
        return new Dialogue("d-1", "im", null, null, null, null, turns, null, null);
    }
}
