package io.parley.plugins.sentiment;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class DialogueSatisfactionTest {

    @Test
    void dialogueSatisfactionWeighsRecentTurnsAndChurnTakesTheWorstTurnFadedByWhatFollowed() {
        List<SentimentModel.TurnSentiment> turns = List.of(
                new SentimentModel.TurnSentiment(0, new double[]{0.9, 0.1, 0.0}),
                new SentimentModel.TurnSentiment(2, new double[]{0.2, 0.6, 0.2}),
                new SentimentModel.TurnSentiment(5, new double[]{0.0, 0.2, 0.8}));

        DialogueSatisfaction verdict = DialogueSatisfaction.of(turns);

        double w0 = 0.5;
        double w1 = Math.pow(0.5, 0.5);
        double expected = (w0 * 0.05 + w1 * 0.5 + 0.9) / (w0 + w1 + 1);
        assertThat(verdict.satisfaction()).isCloseTo(expected, within(1e-9));
        // The opening complaint (0.9) is two customer turns back: halved twice.
        assertThat(verdict.churnRisk()).isCloseTo(0.225, within(1e-9));
        assertThat(verdict.lastCustomerTurn()).isEqualTo(5);
        assertThat(DialogueSatisfaction.of(List.of())).isNull();
    }
}
