package io.parley.plugins.sentiment;

import java.util.List;

/**
 * What the {@code satisfaction} operator decides on: a dialogue's satisfaction (0..1), churn risk
 * (0..1), whether it is unsatisfied by default, and its last customer turn (where the signal goes).
 * Either from the fixed {@link DialogueSatisfaction} aggregation and the turn head's calibrated
 * {@link DialogueBands}, or from the trained {@link DialogueHead}: satisfaction P(positive) +
 * ½·P(neutral dialogue), unsatisfied when negative is its likeliest class, and churn risk
 * P(negative dialogue) when its descriptor says the trained churn measured better on held-out
 * dialogues (else the decayed max).
 */
record DialogueVerdict(double satisfaction, double churnRisk, boolean unsatisfied, int lastCustomerTurn) {

    /** Null when the dialogue has no customer turn. */
    static DialogueVerdict aggregated(List<SentimentModel.TurnSentiment> customerTurns, DialogueBands bands) {
        DialogueSatisfaction fixed = DialogueSatisfaction.of(customerTurns);
        return fixed == null ? null : new DialogueVerdict(fixed.satisfaction(), fixed.churnRisk(),
                fixed.satisfaction() < bands.negativeBelow(), fixed.lastCustomerTurn());
    }

    /** Null when the dialogue has no customer turn. */
    static DialogueVerdict trained(List<ContextTurn> turns, List<SentimentModel.TurnSentiment> customerTurns, DialogueHead head) {
        double[] features = DialogueFeatures.of(turns, customerTurns);
        if (features == null) {
            return null;
        }
        double[] p = head.probabilities(List.of(features))[0];
        double negative = p[Sentiment.NEGATIVE.ordinal()];
        double churn = head.descriptor().trainedChurn() ? negative
                : features[DialogueFeatures.NAMES.indexOf("fixed_churn")];
        return new DialogueVerdict(p[Sentiment.POSITIVE.ordinal()] + 0.5 * p[Sentiment.NEUTRAL.ordinal()], churn,
                Sentiment.likeliest(p) == Sentiment.NEGATIVE, customerTurns.getLast().index());
    }
}
