package io.parley.plugins.sentiment;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DialogueBandsTest {

    private static DialogueBands.Scored scored(Sentiment gold, double satisfaction, double churn) {
        return new DialogueBands.Scored(gold, satisfaction, churn);
    }

    @Test
    void theVerdictFollowsTheBands() {
        DialogueBands bands = new DialogueBands(0.4, 0.55, 0.7);

        assertThat(bands.verdict(0.39)).isEqualTo(Sentiment.NEGATIVE);
        assertThat(bands.verdict(0.4)).isEqualTo(Sentiment.NEUTRAL);
        assertThat(bands.verdict(0.55)).isEqualTo(Sentiment.NEUTRAL);
        assertThat(bands.verdict(0.56)).isEqualTo(Sentiment.POSITIVE);
        assertThat(DialogueBands.FIXED.verdict(0.34)).isEqualTo(Sentiment.NEUTRAL);
    }

    @Test
    void calibrationFindsTheCutOffsThatSeparateTheLabels() {
        List<DialogueBands.Scored> dialogues = List.of(
                scored(Sentiment.NEGATIVE, 0.30, 0.90), scored(Sentiment.NEGATIVE, 0.42, 0.75),
                scored(Sentiment.NEUTRAL, 0.47, 0.50), scored(Sentiment.NEUTRAL, 0.50, 0.72),
                scored(Sentiment.POSITIVE, 0.53, 0.10), scored(Sentiment.POSITIVE, 0.70, 0.20));

        DialogueBands bands = DialogueBands.calibrate(dialogues);

        // The lowest cut-offs of the grid that give macro-F1 1: 0.42 < 0.43 ≤ 0.47 and 0.50 ≤ 0.50 < 0.53.
        assertThat(bands.negativeBelow()).isEqualTo(0.43);
        assertThat(bands.positiveAbove()).isEqualTo(0.50);
        // Churn above 0.72 flags exactly the two negatives (0.90, 0.75); the highest such cut-off is 0.74.
        assertThat(bands.churnAbove()).isEqualTo(0.74);
    }

    @Test
    void badBandsAndNoDialoguesAreRefused() {
        assertThatThrownBy(() -> new DialogueBands(0.6, 0.5, 0.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0.6, 0.5, 0.5");
        assertThatThrownBy(() -> DialogueBands.calibrate(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
