package io.parley.ml.tools.sentiment;

import io.parley.ml.tools.Sha256;
import io.parley.engine.testing.SharedData;
import io.parley.plugins.sentiment.BgeSmallZhEncoder;
import io.parley.plugins.sentiment.DialogueHead;
import io.parley.plugins.sentiment.HeadDescriptor;
import io.parley.plugins.sentiment.Sentiment;
import io.parley.plugins.sentiment.SentimentHead;
import io.parley.plugins.sentiment.SentimentModel;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * On the real data ({@link SharedData}; skipped where it is absent). The heads are measured on a
 * sample of the dialogues they held out: the bundled heads' own split, {@link HeldOutSplit} by
 * dialogue (SHA-256 of seed 20261124 and the dialogue key, 20% held out), never by turn; the whole
 * held-out part is what {@code parley eval satisfaction} and DialogueTraining measure. A few seconds each.
 */
class SharedDataTest {

    @Test
    void jddcValidHas330DialoguesWithTheReadmesClassCounts() throws IOException {
        List<JddcSatisfactionFile.JddcDialogue> dialogues = JddcSatisfactionFile.read(SharedData.require(SentimentCorpus.JDDC));

        Map<Sentiment, Integer> counts = new EnumMap<>(Sentiment.class);
        dialogues.forEach(d -> d.turns().forEach(t -> counts.merge(t.label(), 1, Integer::sum)));
        System.out.println("sentiment.jddc.dialogues = " + dialogues.size() + ", turns by class = " + counts);
        assertThat(dialogues).hasSize(330).allMatch(d -> d.overall() != null);
        assertThat(counts).isEqualTo(Map.of(Sentiment.NEGATIVE, 1185, Sentiment.NEUTRAL, 2563, Sentiment.POSITIVE, 928));
    }

    @Test
    void stc3HasEveryAnnotatedDialogue() throws IOException {
        List<LabelledTurn> dialogues = Stc3Dialogues.read(SharedData.require(SentimentCorpus.STC3));

        System.out.println("sentiment.stc3.dialogues = " + dialogues.size());
        assertThat(dialogues).hasSize(3324);
    }

    @Test
    void theBundledHeadWasTrainedOnThisJddcFileAndBeatsTheBaselinesOnHeldOutDialogues() throws IOException {
        Path jddc = SharedData.require(SentimentCorpus.JDDC);
        SentimentModel model = new SentimentModel(BgeSmallZhEncoder.shared(), SentimentHead.bundled(), 3);
        HeadDescriptor head = model.head().descriptor();
        assertThat(head.trainingFiles()).containsEntry(SentimentCorpus.JDDC, Sha256.ofFile(jddc));

        // The first 15 held-out dialogues (≈200 turns) keep this test short; `parley eval satisfaction` measures all 57.
        List<LabelledTurn> heldOut = JddcSatisfactionFile.read(jddc).stream().filter(d -> HeldOutSplit.of(head).isHeldOut(d.key()))
                .limit(15).flatMap(d -> d.turns().stream()).toList();
        HeldOutReport report = HeldOutReport.measure("satisfaction", heldOut, LabelledTurn.probabilities(heldOut, model), true);

        System.out.printf(Locale.ROOT, "sentiment.jddc.heldout_sample.macro_f1 = %.4f (majority %.4f, keyword %.4f; %d turns of 15 dialogues)%n",
                report.model().macroF1(), report.majority().macroF1(), report.keyword().macroF1(), report.examples());
        assertThat(report.model().macroF1()).isGreaterThan(report.majority().macroF1()).isGreaterThan(report.keyword().macroF1());
    }

    @Test
    void theTrainedDialogueHeadBeatsTheAggregationAndTheBaselinesOnHeldOutStc3Dialogues() throws IOException {
        Path stc3 = SharedData.require(SentimentCorpus.STC3);
        SentimentModel model = new SentimentModel(BgeSmallZhEncoder.shared(), SentimentHead.bundled(), 3);
        DialogueHead head = DialogueHead.bundled();
        assertThat(head.descriptor().trainingFiles()).containsEntry(SentimentCorpus.STC3, Sha256.ofFile(stc3));

        // The first 80 held-out dialogues keep this test short; DialogueTraining measures all 625.
        List<LabelledDialogue> heldOut = LabelledDialogue.stc3(stc3).stream()
                .filter(d -> HeldOutSplit.of(head.descriptor()).isHeldOut(d.key())).limit(80).toList();
        List<double[]> features = DialogueTraining.features(heldOut, model);
        DialogueEvaluation evaluation = DialogueEvaluation.measure(heldOut, features, head.probabilities(features),
                model.head().descriptor().bands(), head.descriptor().churnAbove());

        System.out.printf(Locale.ROOT, "sentiment.stc3.dialogue_head.heldout_sample.macro_f1 = %.4f (aggregation %.4f, keyword %.4f, "
                        + "majority %.4f; churn F1 %.4f, flag-all %.4f; 80 dialogues)%n", evaluation.trained().macroF1(),
                evaluation.fixed().macroF1(), evaluation.keyword().macroF1(), evaluation.majority().macroF1(),
                evaluation.trainedChurnF1(), evaluation.flagAllChurnF1());
        assertThat(evaluation.trained().macroF1()).isGreaterThan(evaluation.fixed().macroF1())
                .isGreaterThan(evaluation.keyword().macroF1()).isGreaterThan(evaluation.majority().macroF1());
        assertThat(evaluation.trainedChurnF1()).isGreaterThan(evaluation.flagAllChurnF1());
    }
}
