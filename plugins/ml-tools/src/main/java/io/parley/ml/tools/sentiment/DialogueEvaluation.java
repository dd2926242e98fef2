package io.parley.ml.tools.sentiment;

import io.parley.ml.tools.ClassificationMetrics;
import io.parley.plugins.sentiment.DialogueBands;
import io.parley.plugins.sentiment.DialogueFeatures;
import io.parley.plugins.sentiment.Sentiment;

import java.io.PrintStream;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Dialogue-level satisfaction (three classes) on labelled dialogues, side by side: the trained
 * {@link DialogueHead} (its likeliest class), the fixed {@link DialogueSatisfaction} aggregation
 * with the turn head's calibrated {@link DialogueBands}, always the commonest class, and
 * {@link KeywordBaseline} on the last customer turn. Churn risk has no label of its own: it is
 * measured as a detector of dialogues rated unsatisfied (F1), the trained P(negative dialogue)
 * above its cut-off against the decayed-max churn risk above the bands' cut-off and against
 * flagging every dialogue.
 */
public record DialogueEvaluation(int examples, ClassificationMetrics trained, ClassificationMetrics fixed,
                                 ClassificationMetrics majority, ClassificationMetrics keyword,
                                 double trainedChurnF1, double decayedMaxChurnF1, double flagAllChurnF1) {

    static final List<String> UNSATISFIED = List.of("other", "unsatisfied");

    /**
     * @param features    {@link DialogueFeatures} of each dialogue
     * @param trainedHead the dialogue head's probabilities of each dialogue
     */
    public static DialogueEvaluation measure(List<LabelledDialogue> dialogues, List<double[]> features, double[][] trainedHead,
                                             DialogueBands bands, double trainedChurnAbove) {
        int n = dialogues.size();
        int satisfaction = DialogueFeatures.NAMES.indexOf("fixed_satisfaction");
        int churn = DialogueFeatures.NAMES.indexOf("fixed_churn");
        int[] gold = new int[n];
        int[] trained = new int[n];
        int[] fixed = new int[n];
        int[] keyword = new int[n];
        int[] unsatisfied = new int[n];
        int[] trainedChurn = new int[n];
        int[] decayedChurn = new int[n];
        for (int i = 0; i < n; i++) {
            gold[i] = dialogues.get(i).overall().ordinal();
            trained[i] = Sentiment.likeliest(trainedHead[i]).ordinal();
            fixed[i] = bands.verdict(features.get(i)[satisfaction]).ordinal();
            keyword[i] = KeywordBaseline.classify(dialogues.get(i).lastCustomerTurn().text()).ordinal();
            unsatisfied[i] = gold[i] == Sentiment.NEGATIVE.ordinal() ? 1 : 0;
            trainedChurn[i] = trainedHead[i][Sentiment.NEGATIVE.ordinal()] > trainedChurnAbove ? 1 : 0;
            decayedChurn[i] = features.get(i)[churn] > bands.churnAbove() ? 1 : 0;
        }
        int commonest = Arrays.stream(gold).boxed().collect(Collectors.groupingBy(Function.identity(), Collectors.counting()))
                .entrySet().stream().max(Map.Entry.comparingByValue()).map(Map.Entry::getKey).orElse(0);
        int[] majority = new int[n];
        Arrays.fill(majority, commonest);
        int[] all = new int[n];
        Arrays.fill(all, 1);
        List<String> three = HeldOutReport.THREE;
        return new DialogueEvaluation(n, ClassificationMetrics.of(three, gold, trained), ClassificationMetrics.of(three, gold, fixed),
                ClassificationMetrics.of(three, gold, majority), ClassificationMetrics.of(three, gold, keyword),
                ClassificationMetrics.of(UNSATISFIED, unsatisfied, trainedChurn).f1(1),
                ClassificationMetrics.of(UNSATISFIED, unsatisfied, decayedChurn).f1(1),
                ClassificationMetrics.of(UNSATISFIED, unsatisfied, all).f1(1));
    }

    /** {@code <prefix>.trained.*}, {@code .aggregate.*} (the fixed aggregation with calibrated bands), {@code .majority.*}, {@code .keyword.*}, churn F1s and both confusion matrices. */
    public void print(PrintStream out, String prefix) {
        out.println(prefix + ".examples = " + examples);
        trained.printMetrics(out, prefix + ".trained");
        fixed.printMetrics(out, prefix + ".aggregate");
        majority.printMetrics(out, prefix + ".majority");
        keyword.printMetrics(out, prefix + ".keyword");
        out.printf(Locale.ROOT, "%s.churn.trained.f1_unsatisfied = %.4f%n", prefix, trainedChurnF1);
        out.printf(Locale.ROOT, "%s.churn.decayed_max.f1_unsatisfied = %.4f%n", prefix, decayedMaxChurnF1);
        out.printf(Locale.ROOT, "%s.churn.flag_all.f1_unsatisfied = %.4f%n", prefix, flagAllChurnF1);
        trained.printConfusion(out, "  " + prefix + ": trained dialogue head");
        fixed.printConfusion(out, "  " + prefix + ": fixed aggregation, calibrated bands");
    }

    /** The figures for a descriptor, under {@code <name>.}. */
    Map<String, Double> metrics(String name) {
        Map<String, Double> metrics = new LinkedHashMap<>();
        metrics.put(name + ".examples", (double) examples);
        metrics.put(name + ".accuracy", ClassificationMetrics.rounded(trained.accuracy()));
        metrics.put(name + ".macro_f1", ClassificationMetrics.rounded(trained.macroF1()));
        metrics.put(name + ".aggregate.accuracy", ClassificationMetrics.rounded(fixed.accuracy()));
        metrics.put(name + ".aggregate.macro_f1", ClassificationMetrics.rounded(fixed.macroF1()));
        metrics.put(name + ".majority.macro_f1", ClassificationMetrics.rounded(majority.macroF1()));
        metrics.put(name + ".keyword.macro_f1", ClassificationMetrics.rounded(keyword.macroF1()));
        metrics.put(name + ".churn.trained.f1_unsatisfied", ClassificationMetrics.rounded(trainedChurnF1));
        metrics.put(name + ".churn.decayed_max.f1_unsatisfied", ClassificationMetrics.rounded(decayedMaxChurnF1));
        return metrics;
    }
}
