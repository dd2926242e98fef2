package io.parley.plugins.sentiment;

import java.util.List;

/**
 * A dialogue's satisfaction and churn risk from the sentiment of its customer turns.
 *
 * <ul>
 *   <li>satisfaction (0..1): each customer turn's expected satisfaction, P(positive) + ½·P(neutral),
 *       averaged with weights halving every {@link #HALF_LIFE_TURNS} turns back from the last: how
 *       the customer leaves counts most, but one polite closing does not erase a bad conversation.</li>
 *   <li>churn risk (0..1): the highest P(negative) of a customer turn, halved for every customer turn
 *       said after it: one bitter turn near the end is enough to lose a customer, however the rest
 *       went, while the complaint a conversation opens with fades once the customer speaks again.</li>
 * </ul>
 */
public record DialogueSatisfaction(double satisfaction, double churnRisk, int lastCustomerTurn) {
    static final double HALF_LIFE_TURNS = 2;

    /** Null when the dialogue has no customer turn. */
    public static DialogueSatisfaction of(List<SentimentModel.TurnSentiment> customerTurns) {
        if (customerTurns.isEmpty()) {
            return null;
        }
        int last = customerTurns.size() - 1;
        double weighted = 0;
        double weights = 0;
        double churn = 0;
        for (int i = 0; i <= last; i++) {
            SentimentModel.TurnSentiment turn = customerTurns.get(i);
            double weight = Math.pow(0.5, (last - i) / HALF_LIFE_TURNS);
            weighted += weight * (turn.probability(Sentiment.POSITIVE) + 0.5 * turn.probability(Sentiment.NEUTRAL));
            weights += weight;
            churn = Math.max(churn, turn.probability(Sentiment.NEGATIVE) * Math.pow(0.5, last - i));
        }
        return new DialogueSatisfaction(weighted / weights, churn, customerTurns.get(last).index());
    }
}
