package io.parley.ml.tools.sentiment;

import io.parley.ml.tools.ClassificationMetrics;
import io.parley.plugins.sentiment.Sentiment;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The model's metrics on labelled examples next to the two baselines it must beat: always the
 * commonest class, and {@link KeywordBaseline}. Three classes for dialogue data; two (negative,
 * positive) for reviews and comments, where the model's prediction is the likelier of the two.
 */
public record HeldOutReport(String source, int examples, ClassificationMetrics model, ClassificationMetrics majority,
                            ClassificationMetrics keyword) {

    static final List<String> THREE = Arrays.stream(Sentiment.values()).map(Sentiment::label).toList();
    static final List<String> TWO = List.of("negative", "positive");

    public static HeldOutReport measure(String source, List<LabelledTurn> examples, double[][] probabilities, boolean threeClasses) {
        int n = examples.size();
        int[] gold = new int[n];
        int[] predicted = new int[n];
        int[] keyword = new int[n];
        for (int i = 0; i < n; i++) {
            LabelledTurn example = examples.get(i);
            double[] p = probabilities[i];
            String text = example.turn().text();
            if (threeClasses) {
                gold[i] = example.label().ordinal();
                predicted[i] = Sentiment.likeliest(p).ordinal();
                keyword[i] = KeywordBaseline.classify(text).ordinal();
            } else {
                gold[i] = example.label() == Sentiment.POSITIVE ? 1 : 0;
                predicted[i] = p[Sentiment.POSITIVE.ordinal()] > p[Sentiment.NEGATIVE.ordinal()] ? 1 : 0;
                keyword[i] = KeywordBaseline.classifyPolarity(text) == Sentiment.POSITIVE ? 1 : 0;
            }
        }
        int commonest = Arrays.stream(gold).boxed().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()))
                .entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(0);
        int[] majority = new int[n];
        Arrays.fill(majority, commonest);
        List<String> labels = threeClasses ? THREE : TWO;
        return new HeldOutReport(source, n, ClassificationMetrics.of(labels, gold, predicted),
                ClassificationMetrics.of(labels, gold, majority), ClassificationMetrics.of(labels, gold, keyword));
    }

    /** {@code <prefix>.accuracy}, {@code .macro_f1}, the baselines' as {@code <prefix>.majority.*} and {@code .keyword.*}, the confusion matrix. */
    public void print(PrintStream out, String prefix) {
        out.println(prefix + ".examples = " + examples);
        model.printMetrics(out, prefix);
        majority.printMetrics(out, prefix + ".majority");
        keyword.printMetrics(out, prefix + ".keyword");
        model.printConfusion(out, "  " + source + ": model confusion matrix");
    }
}
