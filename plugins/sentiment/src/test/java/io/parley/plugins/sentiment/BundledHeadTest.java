package io.parley.plugins.sentiment;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What the shipped head carries besides its weights: its text stage and its calibrated dialogue bands. */
class BundledHeadTest {

    @Test
    void theBundledHeadHasItsTextStageAndCalibratedBands() {
        SentimentHead head = SentimentHead.bundled();

        assertThat(head.descriptor().textStage()).isEqualTo("sentiment-text.onnx");
        assertThat(head.descriptor().bands()).isEqualTo(new DialogueBands(0.37, 0.40, 0.56));
        assertThat(head.descriptor().features()).contains("x_rest_negative", "x_thanks_x_rest_negative", "x_thanks_x_wait")
                .doesNotContain("x_wait", "x_has_times");
        // The text stage scores what is said besides the thanks, in ONNX Runtime.
        TurnContextFeatures features = new TurnContextFeatures(BgeSmallZhEncoder.shared(), 3, head.contentScore());
        int restNegative = features.names().indexOf("x_rest_negative");
        assertThat(features.turn(List.of(ContextTurn.customer("质量太差了，我要退货，谢谢")), 0)[restNegative]).isGreaterThan(0.8f);
        assertThat(features.turn(List.of(ContextTurn.customer("谢谢，质量很好，物流也快")), 0)[restNegative]).isLessThan(0.2f);
    }

    @Test
    void aHeadWithoutCalibratedBandsFallsBackToThirds() {
        HeadDescriptor old = new HeadDescriptor("old", "0", "e", 2, 3, List.of("negative"), List.of("turn_e000"), 1, 20,
                java.util.Map.of(), java.util.Map.of(), null, null);

        assertThat(old.bands()).isEqualTo(DialogueBands.FIXED);
        assertThat(old.measured(java.util.Map.of("x", 1.0), new DialogueBands(0.3, 0.5, 0.7)).bands())
                .isEqualTo(new DialogueBands(0.3, 0.5, 0.7));
    }
}
