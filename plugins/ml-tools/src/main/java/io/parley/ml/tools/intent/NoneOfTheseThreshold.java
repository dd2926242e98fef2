package io.parley.ml.tools.intent;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Measures the "none of these" threshold of intent by examples: with in-scope test texts (their
 * best cosine and whether the nearest intent was right) and out-of-scope texts (their best
 * cosine), a text is handled right when it is in scope, reaches the threshold and gets the right
 * intent, or is out of scope and stays below it. Reports that accuracy at the model's default
 * threshold and the threshold (in steps of 0.01) that maximises it on this data (the middle of the
 * run of thresholds that do, when several do) — the calibration
 * docs/models.md describes, run on a validation split, never on the test split it reports.
 */
final class NoneOfTheseThreshold {
    private NoneOfTheseThreshold() {
    }

    static double accuracy(double[] inScopeBest, boolean[] inScopeRight, double[] outOfScopeBest, double threshold) {
        int right = 0;
        for (int i = 0; i < inScopeBest.length; i++) {
            right += inScopeRight[i] && inScopeBest[i] >= threshold ? 1 : 0;
        }
        for (double best : outOfScopeBest) {
            right += best < threshold ? 1 : 0;
        }
        return (double) right / (inScopeBest.length + outOfScopeBest.length);
    }

    static double rejected(double[] outOfScopeBest, double threshold) {
        int below = 0;
        for (double best : outOfScopeBest) {
            below += best < threshold ? 1 : 0;
        }
        return (double) below / outOfScopeBest.length;
    }

    /** The threshold (in steps of 0.01) with the best accuracy: the middle of the run of thresholds that reach it. */
    static double calibrate(double[] inScopeBest, boolean[] inScopeRight, double[] outOfScopeBest) {
        double[] accuracies = new double[101];
        int first = 0;
        for (int step = 0; step <= 100; step++) {
            accuracies[step] = accuracy(inScopeBest, inScopeRight, outOfScopeBest, step / 100.0);
            if (accuracies[step] > accuracies[first]) {
                first = step;
            }
        }
        // The middle of the run of thresholds that reach the best accuracy: the widest margin on both sides.
        int last = first;
        while (last < 100 && accuracies[last + 1] == accuracies[first]) {
            last++;
        }
        return (first + last) / 2 / 100.0;
    }

    static List<String> report(double[] inScopeBest, boolean[] inScopeRight, double[] outOfScopeBest, double defaultThreshold,
                               String outOfScopeName) {
        double bestThreshold = calibrate(inScopeBest, inScopeRight, outOfScopeBest);
        double bestAccuracy = accuracy(inScopeBest, inScopeRight, outOfScopeBest, bestThreshold);
        List<String> lines = new ArrayList<>();
        lines.add("# none of these: " + inScopeBest.length + " in-scope test texts and " + outOfScopeBest.length
                + " out-of-scope texts from " + outOfScopeName);
        lines.add(line("oos.accuracy_at_threshold", accuracy(inScopeBest, inScopeRight, outOfScopeBest, defaultThreshold)));
        lines.add(line("oos.rejected_at_threshold", rejected(outOfScopeBest, defaultThreshold)));
        lines.add(line("oos.best_threshold", bestThreshold));
        lines.add(line("oos.best_accuracy", bestAccuracy));
        lines.add(line("oos.rejected_at_best_threshold", rejected(outOfScopeBest, bestThreshold)));
        return lines;
    }

    private static String line(String name, double value) {
        return String.format(Locale.ROOT, "eval.intent.%s = %.4f", name, value);
    }
}
