package io.parley.plugins.sentiment;

import java.util.List;

/**
 * One training or evaluation example: the customer turn at {@code index} of {@code turns} (which
 * hold only what came before it, and it), its label, and the dialogue it belongs to: splits are
 * made by {@code dialogueKey}, never by turn, so no dialogue is on both sides.
 */
public record LabelledTurn(String source, String dialogueKey, List<ContextTurn> turns, int index, Sentiment label) {
    public LabelledTurn {
        turns = List.copyOf(turns);
    }

    public ContextTurn turn() {
        return turns.get(index);
    }

    /** A single text with no context (a review, a comment). */
    public static LabelledTurn alone(String source, String key, String text, Sentiment label) {
        return new LabelledTurn(source, key, List.of(ContextTurn.customer(text)), 0, label);
    }
}
