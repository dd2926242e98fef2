package io.parley.engine.impl.evaluate;

import io.parley.engine.api.Evidence;
import io.parley.engine.api.facts.SignalFact;
import io.parley.engine.api.facts.TurnFact;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class EvidenceCollectorTest {

    private static final SignalFact FORBIDDEN_IN_TURN_5 = signal(5, 0, 3, "不知道");
    private static final SignalFact FORBIDDEN_LATER_IN_TURN_5 = signal(5, 8, 11, "自己看");
    private static final SignalFact FORBIDDEN_IN_TURN_1 = signal(1, 2, 5, "爱买不");
    private static final TurnFact AGENT_TURN_3 = new TurnFact(3, "agent", 1, "好的", null, null);

    private final EvidenceCollector collector = new EvidenceCollector();

    @Test
    void signalsPointAtTheirSpanAndTurnsAtTheWholeTurn() {
        collector.hit("r", FORBIDDEN_IN_TURN_5, AGENT_TURN_3);

        assertThat(collector.evidenceByRule()).containsOnlyKeys("r");
        assertThat(collector.evidenceByRule().get("r")).containsExactly(
                new Evidence(3, "agent", null, null),
                new Evidence(5, "agent", List.of(0, 3), "不知道"));
    }

    @Test
    void mergesActivationsOfOneRuleDeduplicatedAndSortedByTurnThenStart() {
        collector.hit("forbidden", FORBIDDEN_LATER_IN_TURN_5);
        collector.hit("forbidden", FORBIDDEN_IN_TURN_5, FORBIDDEN_LATER_IN_TURN_5);
        collector.hit("forbidden", signal(5, 0, 3, "不知道"), FORBIDDEN_IN_TURN_1);

        assertThat(collector.evidenceByRule().get("forbidden"))
                .extracting(Evidence::turn, Evidence::span)
                .containsExactly(
                        tuple(1, List.of(2, 5)),
                        tuple(5, List.of(0, 3)),
                        tuple(5, List.of(8, 11)));
    }

    @Test
    void flattensCollectionsAndArraysAsAccumulateResultsBindThem() {
        // A multi-function accumulate binds Object[]{collectSet of terms, collectList of signals}.
        Object accumulateResult = new Object[]{Set.of("不知道", "自己看"), List.of(FORBIDDEN_IN_TURN_5, FORBIDDEN_LATER_IN_TURN_5)};

        collector.hit("n_of", AGENT_TURN_3, accumulateResult, List.of(List.of(FORBIDDEN_IN_TURN_1)));

        assertThat(collector.evidenceByRule().get("n_of"))
                .extracting(Evidence::turn)
                .containsExactly(1, 3, 5, 5);
    }

    @Test
    void ignoresFactsThatPointAtNothing() {
        collector.hit("absence", new Object(), 42L, "text", null);
        collector.hit("no_facts");

        assertThat(collector.evidenceByRule()).containsOnlyKeys("absence", "no_facts");
        assertThat(collector.evidenceByRule().values()).allSatisfy(evidence -> assertThat(evidence).isEmpty());
    }

    @Test
    void listsRulesInTheOrderTheyFirstFired() {
        collector.hit("second_declared", FORBIDDEN_IN_TURN_1);
        collector.hit("first_declared", FORBIDDEN_IN_TURN_1);
        collector.hit("second_declared", FORBIDDEN_IN_TURN_5);

        assertThat(collector.evidenceByRule().keySet()).containsExactly("second_declared", "first_declared");
    }

    private static SignalFact signal(int turn, int start, int end, String text) {
        return new SignalFact("lexicon", "forbidden", text, turn, "agent", turn / 2, start, end, text);
    }
}
