package io.parley.engine.impl.lifecycle;

import io.parley.engine.api.Dialogue;
import io.parley.engine.api.RuleSetRef;
import io.parley.engine.api.Turn;
import io.parley.engine.api.ruleset.LexiconDefinition;
import io.parley.engine.api.ruleset.RuleDefinition;
import io.parley.engine.api.ruleset.RuleSetDefinition;
import io.parley.engine.impl.evaluate.RuleSetEvaluator;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LeasedEvaluatorTest {
    private static final String DRL = """
            package parley.rules.shop;
            import io.parley.engine.api.facts.SignalFact;
            global io.parley.engine.api.facts.HitCollector hits;
            rule "forbidden"
            when
                SignalFact(name == "forbidden")
            then
                hits.hit("forbidden", kcontext.getMatch().getObjects().toArray());
            end
            """;

    private static LeasedEvaluator compiled() {
        return new LeasedEvaluator(RuleSetEvaluator.compile(new RuleSetDefinition(new RuleSetRef("shop", 1), "zh",
                List.of(new LexiconDefinition("forbidden", List.of("不知道"))), List.of(),
                List.of(new RuleDefinition("forbidden", "禁语", "major", List.of())), DRL, null)));
    }

    @Test
    void aRetiredVersionStaysOpenUntilItsLastEvaluationIsDone() {
        LeasedEvaluator leased = compiled();
        assertThat(leased.acquire()).isTrue();
        assertThat(leased.acquire()).isTrue();

        leased.retire();

        assertThat(leased.closed()).isFalse();
        assertThat(leased.evaluator().evaluate(new Dialogue("d-1", "im", null, null, null, null,
                List.of(new Turn("agent", "不知道")), null, null)).hits()).hasSize(1);
        leased.release();
        assertThat(leased.closed()).isFalse();
        leased.release();
        assertThat(leased.closed()).isTrue();
        assertThat(leased.acquire()).as("nobody gets a closed version").isFalse();
    }

    @Test
    void anIdleVersionClosesWhenRetiredAndAServingOneNever() {
        LeasedEvaluator idle = compiled();
        LeasedEvaluator serving = compiled();
        assertThat(serving.acquire()).isTrue();
        serving.release();

        idle.retire();

        assertThat(idle.closed()).isTrue();
        assertThat(serving.closed()).isFalse();
        serving.retire();
    }
}
