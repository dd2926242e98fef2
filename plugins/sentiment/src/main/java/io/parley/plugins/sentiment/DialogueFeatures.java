package io.parley.plugins.sentiment;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * What the trained dialogue head ({@link DialogueHead}) reads of a dialogue: the per-turn head's
 * probabilities over the customer's turns (mean, min, max, last, the one before last), the fixed
 * {@link DialogueSatisfaction} aggregation itself, and counts of neglect and repetition. All in
 * 0..1. Whether the dialogue ends with the customer is not a feature: every training dialogue
 * (JDDC's labelled turns, STC-3 up to its last customer turn) does, so no weight could be learned
 * for it.
 */
public final class DialogueFeatures {
    public static final List<String> NAMES = List.of(
            "neg_mean", "neg_min", "neg_max", "neg_last", "neg_prev",
            "pos_mean", "pos_min", "pos_max", "pos_last", "pos_prev",
            "fixed_satisfaction", "fixed_churn",
            "customer_turns", "unanswered_runs", "max_unanswered_run", "repeated_asks", "thanks_last");
    /** Customer turns at which {@code customer_turns} saturates (log scale). */
    static final int MANY_TURNS = 20;
    /** Runs and repetitions counted up to this many. */
    static final int MAX_COUNT = 5;

    private DialogueFeatures() {
    }

    /**
     * The features of {@code turns}, whose customer turns the per-turn head scored as
     * {@code customerTurns} (in order, each with its index in {@code turns}). Null without a customer turn.
     */
    public static double[] of(List<ContextTurn> turns, List<SentimentModel.TurnSentiment> customerTurns) {
        DialogueSatisfaction fixed = DialogueSatisfaction.of(customerTurns);
        if (fixed == null) {
            return null;
        }
        int n = customerTurns.size();
        double[] negative = customerTurns.stream().mapToDouble(t -> t.probability(Sentiment.NEGATIVE)).toArray();
        double[] positive = customerTurns.stream().mapToDouble(t -> t.probability(Sentiment.POSITIVE)).toArray();
        List<Integer> runs = unansweredRuns(turns);
        ContextTurn last = turns.get(customerTurns.get(n - 1).index());
        return new double[]{
                mean(negative), min(negative), max(negative), negative[n - 1], negative[Math.max(0, n - 2)],
                mean(positive), min(positive), max(positive), positive[n - 1], positive[Math.max(0, n - 2)],
                fixed.satisfaction(), fixed.churnRisk(),
                Math.min(1, Math.log1p(n) / Math.log1p(MANY_TURNS)),
                Math.min(runs.size(), MAX_COUNT) / (double) MAX_COUNT,
                Math.min(runs.stream().mapToInt(Integer::intValue).max().orElse(0), MAX_COUNT) / (double) MAX_COUNT,
                Math.min(repeatedAsks(turns), MAX_COUNT) / (double) MAX_COUNT,
                TurnContextFeatures.hasThanks(last.text()) ? 1 : 0};
    }

    /**
     * For each place where the customer wrote again before an agent or bot answered: how many
     * customer turns went unanswered before the next one (a run of 3 customer turns in a row is 2).
     */
    static List<Integer> unansweredRuns(List<ContextTurn> turns) {
        List<Integer> runs = new ArrayList<>();
        int inRow = 0;
        for (ContextTurn turn : turns) {
            if (turn.isCustomer()) {
                inRow++;
            } else if (turn.isAnswer()) {
                if (inRow > 1) {
                    runs.add(inRow - 1);
                }
                inRow = 0;
            }
        }
        if (inRow > 1) {
            runs.add(inRow - 1);
        }
        return runs;
    }

    /** Customer turns that repeat an earlier customer turn, compared without spaces and punctuation. */
    static int repeatedAsks(List<ContextTurn> turns) {
        Set<String> said = new HashSet<>();
        int repeated = 0;
        for (ContextTurn turn : turns) {
            if (turn.isCustomer()) {
                String normalised = turn.text().replaceAll("[\\p{P}\\p{S}\\s]+", "");
                if (!normalised.isEmpty() && !said.add(normalised)) {
                    repeated++;
                }
            }
        }
        return repeated;
    }

    private static double mean(double[] values) {
        double sum = 0;
        for (double value : values) {
            sum += value;
        }
        return sum / values.length;
    }

    private static double min(double[] values) {
        double min = Double.POSITIVE_INFINITY;
        for (double value : values) {
            min = Math.min(min, value);
        }
        return min;
    }

    private static double max(double[] values) {
        double max = Double.NEGATIVE_INFINITY;
        for (double value : values) {
            max = Math.max(max, value);
        }
        return max;
    }
}
