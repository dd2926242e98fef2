package io.parley.plugins.sentiment;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DialogueBandsTest {

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
    void badBandsAreRefused() {
        assertThatThrownBy(() -> new DialogueBands(0.6, 0.5, 0.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0.6, 0.5, 0.5");
    }
}
