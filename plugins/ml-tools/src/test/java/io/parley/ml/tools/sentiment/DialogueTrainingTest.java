package io.parley.ml.tools.sentiment;

import io.parley.plugins.sentiment.ContextTurn;
import io.parley.plugins.sentiment.Sentiment;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DialogueTrainingTest {

    @Test
    void sourcesWeighTheSameAndWithinThemEachClass() {
        List<LabelledDialogue> dialogues = List.of(
                new LabelledDialogue("jddc", "j1", List.of(ContextTurn.customer("a")), Sentiment.POSITIVE),
                new LabelledDialogue("jddc", "j2", List.of(ContextTurn.customer("b")), Sentiment.POSITIVE),
                new LabelledDialogue("jddc", "j3", List.of(ContextTurn.customer("c")), Sentiment.NEGATIVE),
                new LabelledDialogue("stc3", "s1", List.of(ContextTurn.customer("d")), Sentiment.NEUTRAL));

        // 4 dialogues / (2 sources × classes in the source × dialogues in the cell).
        assertThat(DialogueTraining.classWeights(dialogues)).containsExactly(0.5, 0.5, 1.0, 2.0);
    }
}
