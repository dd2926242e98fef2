package io.parley.plugins.onnx;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Accuracy, macro-F1 (the unweighted mean of per-class F1 over every class that occurs in the gold
 * labels or the predictions) and the most frequent confusions of a set of predictions.
 */
public record ClassificationScores(double accuracy, double macroF1, List<Confusion> confusions) {

    /** {@code count} texts of class {@code gold} predicted as {@code predicted}. */
    public record Confusion(String gold, String predicted, int count) {
    }

    public static ClassificationScores of(List<String> gold, List<String> predicted) {
        if (gold.size() != predicted.size() || gold.isEmpty()) {
            throw new IllegalArgumentException("need as many predictions as gold labels, at least one");
        }
        Map<String, Integer> truePositives = new HashMap<>();
        Map<String, Integer> goldCounts = new HashMap<>();
        Map<String, Integer> predictedCounts = new HashMap<>();
        Map<List<String>, Integer> confused = new HashMap<>();
        int correct = 0;
        for (int i = 0; i < gold.size(); i++) {
            String g = gold.get(i);
            String p = predicted.get(i);
            goldCounts.merge(g, 1, Integer::sum);
            predictedCounts.merge(p, 1, Integer::sum);
            if (g.equals(p)) {
                correct++;
                truePositives.merge(g, 1, Integer::sum);
            } else {
                confused.merge(List.of(g, p), 1, Integer::sum);
            }
        }
        TreeSet<String> classes = new TreeSet<>(goldCounts.keySet());
        classes.addAll(predictedCounts.keySet());
        double f1Sum = 0;
        for (String c : classes) {
            int tp = truePositives.getOrDefault(c, 0);
            int denominator = goldCounts.getOrDefault(c, 0) + predictedCounts.getOrDefault(c, 0);
            f1Sum += denominator == 0 ? 0 : 2.0 * tp / denominator;
        }
        List<Confusion> confusions = new ArrayList<>();
        confused.forEach((pair, count) -> confusions.add(new Confusion(pair.get(0), pair.get(1), count)));
        confusions.sort(Comparator.comparingInt(Confusion::count).reversed()
                .thenComparing(Confusion::gold).thenComparing(Confusion::predicted));
        return new ClassificationScores((double) correct / gold.size(), f1Sum / classes.size(), List.copyOf(confusions));
    }
}
