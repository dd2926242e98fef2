package io.parley.ml.tools.sentiment;

import io.parley.ml.tools.ClassificationMetrics;
import io.parley.plugins.sentiment.Sentiment;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class MetricsAndSplitTest {

    @Test
    void accuracyMacroF1AndConfusion() {
        ClassificationMetrics metrics = ClassificationMetrics.of(List.of("negative", "neutral", "positive"),
                new int[]{0, 0, 1, 1, 2, 2}, new int[]{0, 1, 1, 1, 2, 0});

        assertThat(metrics.accuracy()).isCloseTo(4 / 6.0, within(1e-9));
        // F1: negative 2·1/(2+2) = 0.5, neutral 2·2/(2+3) = 0.8, positive 2·1/(2+1) = 2/3.
        assertThat(metrics.macroF1()).isCloseTo((0.5 + 0.8 + 2 / 3.0) / 3, within(1e-9));
        assertThat(metrics.confusion()).isEqualTo(new int[][]{{1, 1, 0}, {0, 2, 0}, {1, 0, 1}});

        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        metrics.printMetrics(new PrintStream(bytes, true, StandardCharsets.UTF_8), "eval.x");
        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("eval.x.accuracy = 0.6667\neval.x.macro_f1 = 0.6556\n");
    }

    @Test
    void aClassNeverSeenDoesNotCountInMacroF1() {
        ClassificationMetrics metrics = ClassificationMetrics.of(List.of("negative", "neutral", "positive"),
                new int[]{0, 2}, new int[]{0, 2});

        assertThat(metrics.macroF1()).isEqualTo(1.0);
    }

    @Test
    void theSplitIsByKeyStableAndNearItsShare() {
        HeldOutSplit split = HeldOutSplit.DEFAULT;
        long heldOut = IntStream.range(0, 10_000).filter(i -> split.isHeldOut("dialogue-" + i)).count();

        assertThat(heldOut).isBetween(1_850L, 2_150L);
        assertThat(split.isHeldOut("dialogue-7")).isEqualTo(new HeldOutSplit(20261124L, 20).isHeldOut("dialogue-7"));
        assertThat(IntStream.range(0, 200).filter(i -> split.isHeldOut("d" + i) != new HeldOutSplit(1, 20).isHeldOut("d" + i)).count())
                .as("another seed gives another split").isPositive();
    }

    @Test
    void keywordBaseline() {
        assertThat(KeywordBaseline.classify("谢谢你，耽误我这么多时间")).isEqualTo(Sentiment.POSITIVE);
        assertThat(KeywordBaseline.classify("怎么还没发货")).isEqualTo(Sentiment.NEGATIVE);
        assertThat(KeywordBaseline.classify("订单号是123")).isEqualTo(Sentiment.NEUTRAL);
        assertThat(KeywordBaseline.classifyPolarity("很好，很方便")).isEqualTo(Sentiment.POSITIVE);
        assertThat(KeywordBaseline.classifyPolarity("送得太慢")).isEqualTo(Sentiment.NEGATIVE);
    }
}
