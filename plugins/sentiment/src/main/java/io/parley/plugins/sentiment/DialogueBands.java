package io.parley.plugins.sentiment;

/**
 * Cut-offs that turn a dialogue's {@link DialogueSatisfaction} into a verdict: satisfaction below
 * {@code negativeBelow} is negative, above {@code positiveAbove} positive, else neutral; churn risk
 * above {@code churnAbove} flags a customer likely to leave. Calibrated on labelled training
 * dialogues when the head is trained (parley-ml-tools) and stored in the head's descriptor, since
 * where the bands lie depends on the head's probabilities and on how annotators rate dialogues.
 */
public record DialogueBands(double negativeBelow, double positiveAbove, double churnAbove) {
    /** The uncalibrated bands of the first heads: thirds, and churn at 0.6. */
    public static final DialogueBands FIXED = new DialogueBands(1 / 3.0, 2 / 3.0, 0.6);

    public DialogueBands {
        if (!(0 <= negativeBelow && negativeBelow <= positiveAbove && positiveAbove <= 1 && 0 <= churnAbove && churnAbove <= 1)) {
            throw new IllegalArgumentException("dialogue bands must satisfy 0 ≤ negativeBelow ≤ positiveAbove ≤ 1 and churnAbove in 0..1, were "
                    + negativeBelow + ", " + positiveAbove + ", " + churnAbove);
        }
    }

    public Sentiment verdict(double satisfaction) {
        return satisfaction < negativeBelow ? Sentiment.NEGATIVE : satisfaction > positiveAbove ? Sentiment.POSITIVE : Sentiment.NEUTRAL;
    }
}
