package io.parley.plugin.sentiment;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
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

    /** Per-turn satisfaction (3 classes) on a JDDC file in the {@code usda_split_jddc} format. */
    public static HeldOutReport satisfaction(Path jddcFile, SentimentModel model, PrintStream out) throws IOException {
        List<JddcSatisfactionFile.JddcDialogue> dialogues = JddcSatisfactionFile.read(jddcFile);
        Predicate<String> measured = measuredDialogues(jddcFile, model, out);
        List<LabelledTurn> examples = dialogues.stream().filter(d -> measured.test(d.key()))
                .flatMap(d -> d.turns().stream()).toList();
        return report("satisfaction", examples, model, true, out);
    }

    /** Review polarity (negative / positive) on a review CSV ({@code label,review}). */
    public static HeldOutReport sentiment(Path reviewCsv, SentimentModel model, PrintStream out) throws IOException {
        Predicate<String> measured = measuredDialogues(reviewCsv, model, out);
        List<LabelledTurn> examples = ReviewCsv.read(reviewCsv).stream().filter(r -> measured.test(r.dialogueKey())).toList();
        return report("sentiment", examples, model, false, out);
    }

    private static HeldOutReport report(String task, List<LabelledTurn> examples, SentimentModel model, boolean threeClasses,
                                        PrintStream out) {
        if (examples.isEmpty()) {
            throw new IllegalArgumentException("no labelled examples to measure");
        }
        long started = System.nanoTime();
        HeldOutReport report = HeldOutReport.measure(task, examples, model.examples(examples), threeClasses);
        report.print(out, "eval." + task);
        out.printf(java.util.Locale.ROOT, "eval.%s.seconds = %.1f%n", task, (System.nanoTime() - started) / 1e9);
        return report;
    }

    private static Predicate<String> measuredDialogues(Path file, SentimentModel model, PrintStream out) throws IOException {
        HeadDescriptor head = model.head().descriptor();
        String sha = SentimentCorpus.sha256(file);
        String trainedOn = head.trainingFiles().entrySet().stream().filter(e -> e.getValue().equals(sha))
                .map(Map.Entry::getKey).findFirst().orElse(null);
        out.println("model: " + head.id() + " " + head.version() + " (" + head.encoder() + ", context " + head.contextTurns() + " turns)");
        if (trainedOn == null) {
            out.println("split: the whole file (" + file.getFileName() + " was not used in training)");
            return key -> true;
        }
        HeldOutSplit split = head.split();
        out.println("split: held-out dialogues of " + trainedOn + " only (" + split.describe() + "); the rest trained the head");
        return split::isHeldOut;
    }
}
