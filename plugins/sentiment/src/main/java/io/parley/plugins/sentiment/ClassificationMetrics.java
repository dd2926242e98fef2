package io.parley.plugins.sentiment;

import java.io.PrintStream;
import java.util.List;
import java.util.Locale;

/**
 * Accuracy, macro-F1 and the confusion matrix of predicted against gold classes (indexes into
 * {@code labels}). Macro-F1 averages the F1 of every class that occurs in gold or predictions, so a
 * model that ignores a rare class is not rewarded for the common one.
 */
public record ClassificationMetrics(List<String> labels, int[][] confusion) {

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
