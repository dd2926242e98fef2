package io.parley.ml.tools.sentiment;

import io.parley.plugins.sentiment.DialogueBands;
import io.parley.plugins.sentiment.Sentiment;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DialogueBandsCalibrationTest {

    private static DialogueBandsCalibration.Scored scored(Sentiment gold, double satisfaction, double churn) {
        return new DialogueBandsCalibration.Scored(gold, satisfaction, churn);
    }

    @Test
    void calibrationFindsTheCutOffsThatSeparateTheLabels() {
        List<DialogueBandsCalibration.Scored> dialogues = List.of(
                scored(Sentiment.NEGATIVE, 0.30, 0.90), scored(Sentiment.NEGATIVE, 0.42, 0.75),
                scored(Sentiment.NEUTRAL, 0.47, 0.50), scored(Sentiment.NEUTRAL, 0.50, 0.72),
                scored(Sentiment.POSITIVE, 0.53, 0.10), scored(Sentiment.POSITIVE, 0.70, 0.20));

        DialogueBands bands = DialogueBandsCalibration.calibrate(dialogues);

        // The lowest cut-offs of the grid that give macro-F1 1: 0.42 < 0.43 ≤ 0.47 and 0.50 ≤ 0.50 < 0.53.
        assertThat(bands.negativeBelow()).isEqualTo(0.43);
        assertThat(bands.positiveAbove()).isEqualTo(0.50);
        // Churn above 0.72 flags exactly the two negatives (0.90, 0.75); the highest such cut-off is 0.74.
        assertThat(bands.churnAbove()).isEqualTo(0.74);
    }

    @Test
    void noDialoguesAreRefused() {
        assertThatThrownBy(() -> DialogueBandsCalibration.calibrate(List.of())).isInstanceOf(IllegalArgumentException.class);
    }
}
