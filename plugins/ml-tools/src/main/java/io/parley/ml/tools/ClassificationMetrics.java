package io.parley.ml.tools;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.TreeSet;

/**
 * Accuracy, macro-F1 and the confusion matrix of predicted against gold classes (indexes into
 * {@code labels}), for every evaluation of intent and sentiment. Macro-F1 averages the F1 of every
 * class that occurs in gold or predictions, so a model that ignores a rare class is not rewarded for
 * the common one.
 */
public record ClassificationMetrics(List<String> labels, int[][] confusion) {

    /** {@code count} examples of class {@code gold} predicted as {@code predicted}. */
    public record Confusion(String gold, String predicted, int count) {
    }

    public static ClassificationMetrics of(List<String> labels, int[] gold, int[] predicted) {
        if (gold.length != predicted.length) {
            throw new IllegalArgumentException("gold and predicted differ in length: " + gold.length + " vs " + predicted.length);
        }
        int[][] confusion = new int[labels.size()][labels.size()];
        for (int i = 0; i < gold.length; i++) {
            confusion[gold[i]][predicted[i]]++;
        }
        return new ClassificationMetrics(List.copyOf(labels), confusion);
    }

    /** Classes by name: the labels are every class that occurs in either list, in name order. */
    public static ClassificationMetrics of(List<String> gold, List<String> predicted) {
        if (gold.size() != predicted.size() || gold.isEmpty()) {
            throw new IllegalArgumentException("need as many predictions as gold labels, at least one");
        }
        TreeSet<String> classes = new TreeSet<>(gold);
        classes.addAll(predicted);
        List<String> labels = List.copyOf(classes);
        return of(labels, gold.stream().mapToInt(labels::indexOf).toArray(), predicted.stream().mapToInt(labels::indexOf).toArray());
    }

    public int total() {
        int total = 0;
        for (int[] row : confusion) {
            for (int n : row) {
                total += n;
            }
        }
        return total;
    }

    public double accuracy() {
        int correct = 0;
        for (int i = 0; i < confusion.length; i++) {
            correct += confusion[i][i];
        }
        return total() == 0 ? 0 : (double) correct / total();
    }

    public double f1(int label) {
        int truePositives = confusion[label][label];
        int goldCount = 0;
        int predictedCount = 0;
        for (int i = 0; i < confusion.length; i++) {
            goldCount += confusion[label][i];
            predictedCount += confusion[i][label];
        }
        return goldCount + predictedCount == 0 ? 0 : 2.0 * truePositives / (goldCount + predictedCount);
    }

    public double macroF1() {
        double sum = 0;
        int classes = 0;
        for (int label = 0; label < confusion.length; label++) {
            int seen = 0;
            for (int i = 0; i < confusion.length; i++) {
                seen += confusion[label][i] + confusion[i][label];
            }
            if (seen > 0) {
                sum += f1(label);
                classes++;
            }
        }
        return classes == 0 ? 0 : sum / classes;
    }

    /** The wrong predictions by gold and predicted class, the most frequent first (then by class names). */
    public List<Confusion> confusions() {
        List<Confusion> confusions = new ArrayList<>();
        for (int gold = 0; gold < confusion.length; gold++) {
            for (int predicted = 0; predicted < confusion.length; predicted++) {
                if (gold != predicted && confusion[gold][predicted] > 0) {
                    confusions.add(new Confusion(labels.get(gold), labels.get(predicted), confusion[gold][predicted]));
                }
            }
        }
        confusions.sort(Comparator.comparingInt(Confusion::count).reversed()
                .thenComparing(Confusion::gold).thenComparing(Confusion::predicted));
        return List.copyOf(confusions);
    }

    /** A figure as the heads' descriptors record it: to the 4 decimals the reports print. */
    public static double rounded(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }

    /** {@code <prefix>.accuracy = …} and {@code <prefix>.macro_f1 = …}. */
    public void printMetrics(PrintStream out, String prefix) {
        out.printf(Locale.ROOT, "%s.accuracy = %.4f%n", prefix, accuracy());
        out.printf(Locale.ROOT, "%s.macro_f1 = %.4f%n", prefix, macroF1());
    }

    /** The confusion matrix, gold classes as rows. */
    public void printConfusion(PrintStream out, String title) {
        out.println(title + " (rows gold, columns predicted):");
        StringBuilder header = new StringBuilder(String.format("  %-10s", ""));
        labels.forEach(label -> header.append(String.format("%10s", label)));
        out.println(header);
        for (int gold = 0; gold < labels.size(); gold++) {
            StringBuilder row = new StringBuilder(String.format("  %-10s", labels.get(gold)));
            for (int predicted = 0; predicted < labels.size(); predicted++) {
                row.append(String.format("%10d", confusion[gold][predicted]));
            }
            out.println(row);
        }
    }
}
