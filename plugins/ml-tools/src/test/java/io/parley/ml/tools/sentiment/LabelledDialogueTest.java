package io.parley.ml.tools.sentiment;

import io.parley.plugins.sentiment.ContextTurn;
import io.parley.plugins.sentiment.Sentiment;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LabelledDialogueTest {

    @Test
    void aJddcDialogueIsRebuiltFromItsSlidingWindows() {
        ContextTurn c1 = ContextTurn.customer("在吗"), c2 = ContextTurn.customer("我的订单呢"), a2 = ContextTurn.agent("在查"),
                c3 = ContextTurn.customer("好的"), c4 = ContextTurn.customer("多久");
        // Each labelled turn carries only a window of what came before it: the first window starts mid-dialogue.
        List<LabelledTurn> labelled = List.of(
                new LabelledTurn("jddc", "k", List.of(c1, c2), 1, Sentiment.NEUTRAL),
                new LabelledTurn("jddc", "k", List.of(c2, a2, c3), 2, Sentiment.POSITIVE),
                new LabelledTurn("jddc", "k", List.of(a2, c3, c4), 2, Sentiment.NEGATIVE));

        assertThat(LabelledDialogue.wholeJddcDialogue(labelled)).containsExactly(c1, c2, a2, c3, c4);
    }

    @Test
    void theKeywordBaselineReadsTheLastCustomerTurn() {
        LabelledDialogue dialogue = new LabelledDialogue("stc3", "s",
                List.of(ContextTurn.customer("太慢了"), ContextTurn.customer("谢谢"), ContextTurn.agent("不客气")), Sentiment.POSITIVE);

        assertThat(dialogue.lastCustomerTurn().text()).isEqualTo("谢谢");
    }
}
