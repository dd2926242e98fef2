package io.parley.ml.tools.sentiment;

import io.parley.plugins.sentiment.DialogueFeatures;
import io.parley.plugins.sentiment.DialogueHead;
import io.parley.plugins.sentiment.DialogueHeadDescriptor;
import io.parley.plugins.sentiment.HeadDescriptor;
import io.parley.plugins.sentiment.SentimentHead;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What the bundled heads record of their training: the data, the split and the held-out figures. */
class BundledHeadsProvenanceTest {

    @Test
    void theBundledDialogueHeadReadsTheBundledTurnHeadAndRecordsItsData() {
        DialogueHeadDescriptor descriptor = DialogueHead.bundled().descriptor();
        HeadDescriptor turnHead = SentimentHead.bundled().descriptor();

        assertThat(descriptor.turnHead()).isEqualTo(turnHead.id() + " " + turnHead.version());
        assertThat(descriptor.features()).containsExactlyInAnyOrderElementsOf(DialogueFeatures.NAMES);
        assertThat(descriptor.labels()).containsExactlyInAnyOrder("negative", "neutral", "positive");
        assertThat(HeldOutSplit.of(descriptor)).isEqualTo(HeldOutSplit.of(turnHead));
        assertThat(descriptor.trainingFiles()).containsOnlyKeys(SentimentCorpus.JDDC, SentimentCorpus.STC3)
                .containsEntry(SentimentCorpus.JDDC, turnHead.trainingFiles().get(SentimentCorpus.JDDC));
        assertThat(descriptor.churn()).isEqualTo("trained");
        assertThat(descriptor.churnAbove()).isEqualTo(0.43);
        assertThat(descriptor.metrics()).containsEntry("stc3.macro_f1", 0.668).containsEntry("jddc.macro_f1", 0.4097);
    }
}
