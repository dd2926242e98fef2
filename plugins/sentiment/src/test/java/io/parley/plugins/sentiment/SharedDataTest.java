package io.parley.plugins.sentiment;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** On the real data in /work/shared/data (PARLEY_DATA overrides); skipped where it is absent. */
class SharedDataTest {
    private static final Path DATA = Path.of(System.getenv().getOrDefault("PARLEY_DATA", "/work/shared/data"));

    @BeforeAll
    static void needsTheData() {
        assumeTrue(Files.isDirectory(DATA.resolve("uss_jddc_satisfaction")), "no shared data at " + DATA);
    }

    @Test
    void jddcValidHas330DialoguesWithTheReadmesClassCounts() throws IOException {
        List<JddcSatisfactionFile.JddcDialogue> dialogues = JddcSatisfactionFile.read(DATA.resolve(SentimentCorpus.JDDC));

        Map<Sentiment, Integer> counts = new EnumMap<>(Sentiment.class);
        dialogues.forEach(d -> d.turns().forEach(t -> counts.merge(t.label(), 1, Integer::sum)));
        assertThat(dialogues).hasSize(330).allMatch(d -> d.overall() != null);
        assertThat(counts).isEqualTo(Map.of(Sentiment.NEGATIVE, 1185, Sentiment.NEUTRAL, 2563, Sentiment.POSITIVE, 928));
    }

    @Test
    void stc3HasEveryAnnotatedDialogue() throws IOException {
        assertThat(Stc3Dialogues.read(DATA.resolve(SentimentCorpus.STC3))).hasSize(3324);
    }

    @Test
    void theBundledHeadWasTrainedOnThisJddcFileAndBeatsTheBaselinesOnHeldOutDialogues() throws IOException {
        SentimentModel model = new SentimentModel(SharedModels.encoder(), SentimentHead.bundled(), 3);
        Path jddc = DATA.resolve(SentimentCorpus.JDDC);
        HeadDescriptor head = model.head().descriptor();
        assertThat(head.trainingFiles()).containsEntry(SentimentCorpus.JDDC, SentimentCorpus.sha256(jddc));

        // The first 15 held-out dialogues (≈200 turns) keep this test short; `parley eval satisfaction` measures all.
        List<LabelledTurn> heldOut = JddcSatisfactionFile.read(jddc).stream().filter(d -> head.split().isHeldOut(d.key()))
                .limit(15).flatMap(d -> d.turns().stream()).toList();
        HeldOutReport report = HeldOutReport.measure("satisfaction", heldOut, model.examples(heldOut), true);

        assertThat(report.model().macroF1()).isGreaterThan(report.majority().macroF1()).isGreaterThan(report.keyword().macroF1());
    }

    @Test
    void theTrainedDialogueHeadBeatsTheAggregationAndTheBaselinesOnHeldOutStc3Dialogues() throws IOException {
        SentimentModel model = new SentimentModel(SharedModels.encoder(), SentimentHead.bundled(), 3);
        DialogueHead head = DialogueHead.bundled();
        assertThat(head.descriptor().trainingFiles())
                .containsEntry(SentimentCorpus.STC3, SentimentCorpus.sha256(DATA.resolve(SentimentCorpus.STC3)));

        // The first 80 held-out dialogues keep this test short; DialogueTraining measures all 625.
        List<LabelledDialogue> heldOut = LabelledDialogue.stc3(DATA.resolve(SentimentCorpus.STC3)).stream()
                .filter(d -> head.descriptor().split().isHeldOut(d.key())).limit(80).toList();
        List<double[]> features = DialogueTraining.features(heldOut, model);
        DialogueEvaluation evaluation = DialogueEvaluation.measure(heldOut, features, head.probabilities(features),
                model.head().descriptor().bands(), head.descriptor().churnAbove());

        assertThat(evaluation.trained().macroF1()).isGreaterThan(evaluation.fixed().macroF1())
                .isGreaterThan(evaluation.keyword().macroF1()).isGreaterThan(evaluation.majority().macroF1());
        assertThat(evaluation.trainedChurnF1()).isGreaterThan(evaluation.flagAllChurnF1());
    }
}
