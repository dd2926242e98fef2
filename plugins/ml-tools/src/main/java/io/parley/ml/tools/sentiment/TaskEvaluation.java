package io.parley.ml.tools.sentiment;

import io.parley.ml.tools.ClassificationMetrics;
import io.parley.ml.tools.Sha256;
import io.parley.plugins.sentiment.DialogueBands;
import io.parley.plugins.sentiment.DialogueHead;
import io.parley.plugins.sentiment.DialogueSatisfaction;
import io.parley.plugins.sentiment.HeadDescriptor;
import io.parley.plugins.sentiment.Sentiment;
import io.parley.plugins.sentiment.SentimentModel;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Predicate;

/**
 * {@code parley eval satisfaction} and {@code parley eval sentiment}: the model against the
 * majority-class and keyword baselines on a labelled file, never on examples it was trained on.
 * A file the head was trained on (its SHA-256 is in the head's descriptor) is measured on its
 * held-out dialogues only, with the head's own split; any other file is measured whole.
 */
public final class TaskEvaluation {

    private TaskEvaluation() {
    }

    /**
     * Per-turn satisfaction (3 classes) on a JDDC file in the {@code usda_split_jddc} format; then,
     * as {@code eval.satisfaction.dialogue.*}, the {@link DialogueSatisfaction} of each dialogue's
     * labelled turns against its OVERALL label, with the head's calibrated {@link DialogueBands}
     * and, as {@code eval.satisfaction.dialogue.fixed.*}, with the uncalibrated ⅓ / ⅔.
     */
    public static HeldOutReport satisfaction(Path jddcFile, SentimentModel model, PrintStream out) throws IOException {
        Predicate<String> measured = measuredDialogues(jddcFile, model, out);
        List<JddcSatisfactionFile.JddcDialogue> dialogues = JddcSatisfactionFile.read(jddcFile).stream()
                .filter(d -> measured.test(d.key()) && !d.turns().isEmpty()).toList();
        List<LabelledTurn> examples = dialogues.stream().flatMap(d -> d.turns().stream()).toList();
        long started = System.nanoTime();
        double[][] probabilities = probabilities(examples, model);
        HeldOutReport report = HeldOutReport.measure("satisfaction", examples, probabilities, true);
        report.print(out, "eval.satisfaction");

        List<JddcSatisfactionFile.JddcDialogue> rated = dialogues.stream().filter(d -> d.overall() != null).toList();
        DialogueBands bands = model.head().descriptor().bands();
        int[] gold = new int[rated.size()];
        int[] predicted = new int[rated.size()];
        int[] fixed = new int[rated.size()];
        double[] churn = new double[rated.size()];
        double[] scoreSum = new double[Sentiment.values().length];
        int[] scoreCount = new int[Sentiment.values().length];
        int offset = 0;
        int next = 0;
        for (JddcSatisfactionFile.JddcDialogue dialogue : dialogues) {
            List<SentimentModel.TurnSentiment> turns = new ArrayList<>();
            for (int i = 0; i < dialogue.turns().size(); i++) {
                turns.add(new SentimentModel.TurnSentiment(i, probabilities[offset + i]));
            }
            offset += dialogue.turns().size();
            if (dialogue.overall() == null) {
                continue;
            }
            DialogueSatisfaction verdict = DialogueSatisfaction.of(turns);
            double score = verdict.satisfaction();
            churn[next] = verdict.churnRisk();
            gold[next] = dialogue.overall().ordinal();
            predicted[next] = bands.verdict(score).ordinal();
            fixed[next] = DialogueBands.FIXED.verdict(score).ordinal();
            scoreSum[gold[next]] += score;
            scoreCount[gold[next]]++;
            next++;
        }
        out.println("eval.satisfaction.dialogue.examples = " + rated.size());
        out.printf(Locale.ROOT, "dialogue bands of the head: negative below %.2f, positive above %.2f (churn above %.2f)%n",
                bands.negativeBelow(), bands.positiveAbove(), bands.churnAbove());
        ClassificationMetrics dialogueMetrics = ClassificationMetrics.of(HeldOutReport.THREE, gold, predicted);
        dialogueMetrics.printMetrics(out, "eval.satisfaction.dialogue");
        ClassificationMetrics.of(HeldOutReport.THREE, gold, fixed).printMetrics(out, "eval.satisfaction.dialogue.fixed");
        // Churn risk has no label of its own: measured as a detector of dialogues rated unsatisfied overall.
        for (double cut : new double[]{bands.churnAbove(), DialogueBands.FIXED.churnAbove()}) {
            int[] flagged = new int[gold.length];
            int[] negative = new int[gold.length];
            for (int i = 0; i < gold.length; i++) {
                flagged[i] = churn[i] > cut ? 1 : 0;
                negative[i] = gold[i] == Sentiment.NEGATIVE.ordinal() ? 1 : 0;
            }
            out.printf(Locale.ROOT, "eval.satisfaction.dialogue.churn_above_%.2f.f1_unsatisfied = %.4f%n", cut,
                    ClassificationMetrics.of(List.of("other", "unsatisfied"), negative, flagged).f1(1));
        }
        int commonest = 0;
        for (int label = 1; label < scoreCount.length; label++) {
            commonest = scoreCount[label] > scoreCount[commonest] ? label : commonest;
        }
        int[] majority = new int[gold.length];
        Arrays.fill(majority, commonest);
        ClassificationMetrics.of(HeldOutReport.THREE, gold, majority).printMetrics(out, "eval.satisfaction.dialogue.majority");
        for (Sentiment sentiment : Sentiment.values()) {
            if (scoreCount[sentiment.ordinal()] > 0) {
                out.printf(Locale.ROOT, "eval.satisfaction.dialogue.mean_score.%s = %.4f%n", sentiment.label(),
                        scoreSum[sentiment.ordinal()] / scoreCount[sentiment.ordinal()]);
            }
        }
        dialogueMetrics.printConfusion(out, "  dialogue satisfaction");
        compareTrainedDialogueHead(rated, model, out);
        out.printf(Locale.ROOT, "eval.satisfaction.seconds = %.1f%n", (System.nanoTime() - started) / 1e9);
        return report;
    }

    /**
     * The trained {@link DialogueHead} on the same rated dialogues, beside the aggregation, majority and
     * keyword baselines ({@code eval.satisfaction.dialogue.trained.*}, …); only for the turn head it reads.
     */
    private static void compareTrainedDialogueHead(List<JddcSatisfactionFile.JddcDialogue> rated, SentimentModel model, PrintStream out) {
        try (DialogueHead head = DialogueHead.bundled()) {
            HeadDescriptor turnHead = model.head().descriptor();
            if (!head.descriptor().turnHead().equals(turnHead.id() + " " + turnHead.version())) {
                out.println("trained dialogue head not measured: it reads " + head.descriptor().turnHead() + ", not " + turnHead.id() + " "
                        + turnHead.version());
                return;
            }
            List<LabelledDialogue> dialogues = rated.stream()
                    .map(d -> new LabelledDialogue("jddc", d.key(), LabelledDialogue.wholeJddcDialogue(d.turns()), d.overall())).toList();
            List<double[]> features = DialogueTraining.features(dialogues, model);
            out.println("trained dialogue head: " + head.descriptor().id() + " " + head.descriptor().version()
                    + " (churn: " + head.descriptor().churn() + ", above " + head.descriptor().churnAbove() + ")");
            DialogueEvaluation.measure(dialogues, features, head.probabilities(features), turnHead.bands(),
                    head.descriptor().churnAbove()).print(out, "eval.satisfaction.dialogue");
        }
    }

    /** Review polarity (negative / positive) on a review CSV ({@code label,review}). */
    public static HeldOutReport sentiment(Path reviewCsv, SentimentModel model, PrintStream out) throws IOException {
        Predicate<String> measured = measuredDialogues(reviewCsv, model, out);
        List<LabelledTurn> examples = ReviewCsv.read(reviewCsv).stream().filter(r -> measured.test(r.dialogueKey())).toList();
        return report("sentiment", examples, model, false, out);
    }

    private static HeldOutReport report(String task, List<LabelledTurn> examples, SentimentModel model, boolean threeClasses,
                                        PrintStream out) {
        long started = System.nanoTime();
        HeldOutReport report = HeldOutReport.measure(task, examples, probabilities(examples, model), threeClasses);
        report.print(out, "eval." + task);
        out.printf(Locale.ROOT, "eval.%s.seconds = %.1f%n", task, (System.nanoTime() - started) / 1e9);
        return report;
    }

    private static double[][] probabilities(List<LabelledTurn> examples, SentimentModel model) {
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("no labelled examples to measure");
        }
        return LabelledTurn.probabilities(examples, model);
    }

    private static Predicate<String> measuredDialogues(Path file, SentimentModel model, PrintStream out) throws IOException {
        HeadDescriptor head = model.head().descriptor();
        String sha = Sha256.ofFile(file);
        String trainedOn = head.trainingFiles().entrySet().stream().filter(e -> e.getValue().equals(sha))
                .map(Map.Entry::getKey).findFirst().orElse(null);
        out.println("model: " + head.id() + " " + head.version() + " (" + head.encoder() + ", context " + head.contextTurns() + " turns)");
        if (trainedOn == null) {
            out.println("split: the whole file (" + file.getFileName() + " was not used in training)");
            return key -> true;
        }
        HeldOutSplit split = HeldOutSplit.of(head);
        out.println("split: held-out dialogues of " + trainedOn + " only (" + split.describe() + "); the rest trained the head");
        return split::isHeldOut;
    }
}
