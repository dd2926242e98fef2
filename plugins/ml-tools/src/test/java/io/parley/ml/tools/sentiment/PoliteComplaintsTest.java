package io.parley.ml.tools.sentiment;

import io.parley.plugins.sentiment.ContextTurn;
import io.parley.plugins.sentiment.Sentiment;
import io.parley.plugins.sentiment.TurnContextFeatures;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PoliteComplaintsTest {
    private static final List<LabelledTurn> EXAMPLES = List.of(
            new LabelledTurn("jddc", "jddc/f/0", List.of(ContextTurn.customer("快递怎么还没到"), ContextTurn.agent("亲，在路上了"),
                    ContextTurn.customer("都三天了，太慢了！")), 2, Sentiment.NEGATIVE),
            new LabelledTurn("jddc", "jddc/f/0", List.of(ContextTurn.customer("快递怎么还没到")), 0, Sentiment.NEUTRAL),
            new LabelledTurn("jddc", "jddc/f/1", List.of(ContextTurn.customer("好的谢谢，东西很好")), 0, Sentiment.POSITIVE),
            LabelledTurn.alone("review", "review/a", "质量很好，物流也快", Sentiment.POSITIVE),
            LabelledTurn.alone("review", "review/b", "差", Sentiment.NEGATIVE),
            LabelledTurn.alone("tosarcasm", "tosarcasm/x", "真是太棒了呢", Sentiment.NEGATIVE));

    @Test
    void aThanksIsAddedToRealLabelledTurnsInTheirContextKeepingTheLabel() {
        List<LabelledTurn> rewrites = PoliteComplaints.generate(EXAMPLES, List.of("谢谢", "多谢了"), 3, 5);

        // Neutral turns, turns that already thank, too-short texts and sarcastic comments are not bases.
        assertThat(rewrites).containsExactly(
                new LabelledTurn("polite", "polite/negative/0", List.of(ContextTurn.customer("快递怎么还没到"), ContextTurn.agent("亲，在路上了"),
                        ContextTurn.customer("都三天了，太慢了，多谢了")), 2, Sentiment.NEGATIVE),
                new LabelledTurn("polite", "polite/positive/0", List.of(ContextTurn.customer("谢谢，质量很好，物流也快")), 0, Sentiment.POSITIVE));
        assertThat(TurnContextFeatures.withoutThanks(rewrites.getFirst().turn().text())).isEqualTo("都三天了，太慢了");
    }

    @Test
    void theThanksGoesBeforeOrAfterTheBase() {
        assertThat(PoliteComplaints.withThanks("太慢了！！", "谢谢", true)).isEqualTo("谢谢，太慢了！！");
        assertThat(PoliteComplaints.withThanks("太慢了！！", "谢谢", false)).isEqualTo("太慢了，谢谢");
        assertThatThrownBy(() -> PoliteComplaints.generate(EXAMPLES, List.of(), 3, 5)).isInstanceOf(IllegalArgumentException.class);
    }
}
