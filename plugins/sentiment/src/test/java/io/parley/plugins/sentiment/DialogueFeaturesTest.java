package io.parley.plugins.sentiment;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class DialogueFeaturesTest {

    private static SentimentModel.TurnSentiment turn(int index, double negative, double positive) {
        return new SentimentModel.TurnSentiment(index, new double[]{negative, 1 - negative - positive, positive});
    }

    private static double feature(double[] features, String name) {
        return features[DialogueFeatures.NAMES.indexOf(name)];
    }

    @Test
    void aHandMadeDialogueGivesExactFeatures() {
        List<ContextTurn> turns = List.of(
                ContextTurn.customer("我的快递呢"),
                ContextTurn.customer("我的快递呢？"),        // the same ask again, unanswered
                ContextTurn.agent("正在查询"),
                ContextTurn.customer("好吧"),
                new ContextTurn("system", "转接中", null),    // a notice answers nobody
                ContextTurn.customer("还没好吗"),
                ContextTurn.customer("谢谢你"));
        List<SentimentModel.TurnSentiment> customer = List.of(
                turn(0, 0.1, 0.8), turn(1, 0.3, 0.4), turn(3, 0.2, 0.5), turn(5, 0.6, 0.1), turn(6, 0.5, 0.2));

        double[] features = DialogueFeatures.of(turns, customer);

        assertThat(features).hasSize(DialogueFeatures.NAMES.size());
        assertThat(feature(features, "neg_mean")).isCloseTo(0.34, within(1e-12));
        assertThat(feature(features, "neg_min")).isEqualTo(0.1);
        assertThat(feature(features, "neg_max")).isEqualTo(0.6);
        assertThat(feature(features, "neg_last")).isEqualTo(0.5);
        assertThat(feature(features, "neg_prev")).isEqualTo(0.6);
        assertThat(feature(features, "pos_mean")).isCloseTo(0.4, within(1e-12));
        assertThat(feature(features, "pos_min")).isEqualTo(0.1);
        assertThat(feature(features, "pos_max")).isEqualTo(0.8);
        assertThat(feature(features, "pos_last")).isEqualTo(0.2);
        assertThat(feature(features, "pos_prev")).isEqualTo(0.1);
        // Weights 0.25, 0.354, 0.5, 0.707, 1 on P(pos) + ½P(neu) = 0.85, 0.55, 0.65, 0.25, 0.35.
        assertThat(feature(features, "fixed_satisfaction")).isCloseTo(1.258731 / 2.810660, within(1e-6));
        assertThat(feature(features, "fixed_churn")).isEqualTo(0.5);
        assertThat(feature(features, "customer_turns")).isCloseTo(Math.log(6) / Math.log(21), within(1e-12));
        // Two runs: 1 unanswered before the agent's reply, 2 at the end (the notice does not answer).
        assertThat(feature(features, "unanswered_runs")).isEqualTo(0.4);
        assertThat(feature(features, "max_unanswered_run")).isEqualTo(0.4);
        assertThat(feature(features, "repeated_asks")).isEqualTo(0.2);
        assertThat(feature(features, "thanks_last")).isEqualTo(1.0);
    }

    @Test
    void oneAnsweredCustomerTurn() {
        List<ContextTurn> turns = List.of(ContextTurn.customer("能退款吗"), ContextTurn.agent("可以"));

        double[] features = DialogueFeatures.of(turns, List.of(turn(0, 0.7, 0.1)));

        assertThat(feature(features, "neg_prev")).isEqualTo(0.7);
        assertThat(feature(features, "pos_prev")).isEqualTo(0.1);
        assertThat(feature(features, "customer_turns")).isCloseTo(Math.log(2) / Math.log(21), within(1e-12));
        assertThat(feature(features, "unanswered_runs")).isZero();
        assertThat(feature(features, "max_unanswered_run")).isZero();
        assertThat(feature(features, "repeated_asks")).isZero();
        assertThat(feature(features, "thanks_last")).isZero();
        assertThat(feature(features, "fixed_churn")).isEqualTo(0.7);
    }

    @Test
    void noCustomerTurnGivesNoFeatures() {
        assertThat(DialogueFeatures.of(List.of(ContextTurn.agent("您好")), List.of())).isNull();
    }
}
