package io.parley.ml.tools.sentiment;

import io.parley.ml.tools.ClassificationMetrics;
import io.parley.plugins.sentiment.DialogueBands;
import io.parley.plugins.sentiment.Sentiment;

import java.util.List;

/**
 * Calibrates a head's {@link DialogueBands} on labelled training dialogues, since where the bands
 * lie depends on the head's probabilities and on how annotators rate dialogues.
 */
public final class DialogueBandsCalibration {
    /** Cut-offs are searched on this grid. */
    static final double STEP = 0.01;

    private DialogueBandsCalibration() {
    }

    /** A labelled dialogue as the calibration sees it: its gold overall label and its two scores. */
    public record Scored(Sentiment gold, double satisfaction, double churnRisk) {
    }

    /**
     * The bands with the highest macro-F1 of the three-class verdict on {@code dialogues} (ties: the
     * higher accuracy, then the lower cut-offs), and the churn cut-off with the highest F1 of "churn
     * risk above it" for gold-negative dialogues (ties: the higher cut-off). Grid of {@link #STEP}.
     */
    public static DialogueBands calibrate(List<Scored> dialogues) {
        if (dialogues.isEmpty()) {
            throw new IllegalArgumentException("no labelled dialogues to calibrate the bands on");
        }
        int steps = (int) Math.round(1 / STEP);
        int[] gold = dialogues.stream().mapToInt(d -> d.gold().ordinal()).toArray();
        double bestF1 = -1;
        double bestAccuracy = -1;
        double negativeBelow = DialogueBands.FIXED.negativeBelow();
        double positiveAbove = DialogueBands.FIXED.positiveAbove();
        for (int low = 0; low <= steps; low++) {
            for (int high = low; high <= steps; high++) {
                DialogueBands candidate = new DialogueBands(low * STEP, high * STEP, 0);
                int[] predicted = dialogues.stream().mapToInt(d -> candidate.verdict(d.satisfaction()).ordinal()).toArray();
                ClassificationMetrics metrics = ClassificationMetrics.of(HeldOutReport.THREE, gold, predicted);
                if (metrics.macroF1() > bestF1 + 1e-12 || (Math.abs(metrics.macroF1() - bestF1) <= 1e-12 && metrics.accuracy() > bestAccuracy + 1e-12)) {
                    bestF1 = metrics.macroF1();
                    bestAccuracy = metrics.accuracy();
                    negativeBelow = candidate.negativeBelow();
                    positiveAbove = candidate.positiveAbove();
                }
            }
        }
        double churnAbove = DialogueBands.FIXED.churnAbove();
        double bestChurnF1 = -1;
        for (int step = 0; step < steps; step++) {
            double cut = step * STEP;
            int truePositives = 0;
            int flagged = 0;
            int negatives = 0;
            for (Scored dialogue : dialogues) {
                boolean negative = dialogue.gold() == Sentiment.NEGATIVE;
                boolean flag = dialogue.churnRisk() > cut;
                negatives += negative ? 1 : 0;
                flagged += flag ? 1 : 0;
                truePositives += negative && flag ? 1 : 0;
            }
            double f1 = flagged + negatives == 0 ? 0 : 2.0 * truePositives / (flagged + negatives);
            if (f1 >= bestChurnF1 - 1e-12) {
                bestChurnF1 = f1;
                churnAbove = cut;
            }
        }
        return new DialogueBands(round(negativeBelow), round(positiveAbove), round(churnAbove));
    }

    private static double round(double value) {
        return Math.round(value / STEP) / (1 / STEP);
    }
}
