package io.parley.plugins.sentiment;

import io.parley.engine.api.Dialogue;
import io.parley.engine.api.EvaluationResult;
import io.parley.engine.api.Hit;
import io.parley.engine.impl.evaluate.RuleSetEvaluator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The bundled trained dialogue head ({@code dialogue_model: "trained"}): its descriptor, and what it
 * makes of acceptance dialogues through the DSL, in ONNX Runtime.
 */
class TrainedDialogueHeadTest {
    private static RuleSetEvaluator evaluator;

    @BeforeAll
    static void compile() {
        evaluator = RuleFiles.evaluator("trained.parley", """
                        template "trained" version 1 language zh
                        operator unhappy = satisfaction { dialogue_model: "trained" }
                        operator churning = satisfaction { dialogue_model: "trained", churn: true }
                        rule unhappy_customer: customer turn matches unhappy
                        rule churn_risk: customer turn matches churning
                        """);
    }

    @AfterAll
    static void close() {
        evaluator.close();
    }

    @Test
    void thanksAfterNeglectIsAnUnsatisfiedDialogue() {
        Map<String, Double> hits = confidences(AcceptanceDialogues.NEGLECTED_THANKS);

        assertThat(hits).containsOnlyKeys("unhappy_customer", "churn_risk");
        assertThat(hits.get("unhappy_customer")).isCloseTo(0.0381, within(1e-3));
        assertThat(hits.get("churn_risk")).isCloseTo(0.9416, within(1e-3));
    }

    @Test
    void sincereThanksAfterASolvedProblemIsNot() {
        Map<String, Double> hits = confidences(AcceptanceDialogues.SOLVED_THANKS);

        assertThat(hits).isEmpty();
    }

    @Test
    void thanksForWastingMyTimeIsUnsatisfiedByTheHeadsOwnVerdict() {
        Map<String, Double> hits = confidences(AcceptanceDialogues.TIME_WASTED_THANKS);

        // Classed unsatisfied and P(negative) over the calibrated 0.43, though its satisfaction
        // (0.43) is above the 0.4 that sarcasm.parley gives the aggregation.
        assertThat(hits).containsOnlyKeys("unhappy_customer", "churn_risk");
        assertThat(hits.get("unhappy_customer")).isCloseTo(0.4261, within(1e-3));
        assertThat(hits.get("churn_risk")).isCloseTo(0.4953, within(1e-3));
    }

    @Test
    void thanksAfterARefundIsNot() {
        Map<String, Double> hits = confidences(AcceptanceDialogues.REFUND_THANKS);

        assertThat(hits).isEmpty();
    }

    private static Map<String, Double> confidences(Dialogue dialogue) {
        EvaluationResult result = evaluator.evaluate(dialogue);
        return result.hits().stream().collect(Collectors.toMap(Hit::rule, Hit::confidence));
    }
}
