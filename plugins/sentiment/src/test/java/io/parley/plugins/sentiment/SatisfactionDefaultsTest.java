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
 * The satisfaction operator without bounds takes the bundled head's calibrated bands (below 0.37,
 * churn above 0.56); a bound given in the rule file wins.
 */
class SatisfactionDefaultsTest {
    private static RuleSetEvaluator evaluator;

    @BeforeAll
    static void compile() {
        evaluator = RuleFiles.evaluator("defaults.parley", """
                        template "defaults" version 1 language zh
                        operator unhappy = satisfaction {}
                        operator churning = satisfaction { churn: true }
                        operator churning_early = satisfaction { churn_above: 0.3 }
                        rule unhappy_customer: customer turn matches unhappy
                        rule churn_risk: customer turn matches churning
                        rule churn_risk_early: customer turn matches churning_early
                        """);
    }

    @AfterAll
    static void close() {
        evaluator.close();
    }

    @Test
    void anUnhappyDialogueIsFlaggedByTheCalibratedBands() {
        Map<String, Double> hits = confidences(AcceptanceDialogues.dialogue(
                "c@0: 我的退款一周了还没到账", "a@30: 亲，请您耐心等待", "c@50: 已经等了一周了，你们到底什么时候处理"));

        assertThat(hits).containsOnlyKeys("unhappy_customer", "churn_risk", "churn_risk_early");
        assertThat(hits.get("unhappy_customer")).isCloseTo(0.1354, within(1e-3));
        assertThat(hits.get("churn_risk")).isCloseTo(0.7161, within(1e-3));
    }

    @Test
    void aGivenChurnBoundWinsOverTheCalibratedOne() {
        Map<String, Double> hits = confidences(AcceptanceDialogues.dialogue(
                "c@0: 请问这个有货吗", "a@10: 有的亲，今天下单明天到", "c@20: 好的，太好了"));

        // Satisfaction 0.67 and churn risk 0.35: under the calibrated 0.56, over the rule's 0.3.
        assertThat(hits).containsOnlyKeys("churn_risk_early");
        assertThat(hits.get("churn_risk_early")).isCloseTo(0.3531, within(1e-3));
    }

    private static Map<String, Double> confidences(Dialogue dialogue) {
        EvaluationResult result = evaluator.evaluate(dialogue);
        return result.hits().stream().collect(Collectors.toMap(Hit::rule, Hit::confidence));
    }
}
