package io.parley.ml.tools.sentiment;

import io.parley.plugins.sentiment.ContextTurn;
import io.parley.plugins.sentiment.Sentiment;
import io.parley.plugins.sentiment.SentimentModel;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;

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

    /** The model's probabilities of each example's labelled turn, read in its context; features on all cores. */
    public static double[][] probabilities(List<LabelledTurn> examples, SentimentModel model) {
        float[][] rows = new float[examples.size()][];
        IntStream.range(0, rows.length).parallel()
                .forEach(i -> rows[i] = model.features().turn(examples.get(i).turns(), examples.get(i).index()));
        return model.head().probabilities(Arrays.asList(rows));
    }

    /** A single text with no context (a review, a comment). */
    public static LabelledTurn alone(String source, String key, String text, Sentiment label) {
        return new LabelledTurn(source, key, List.of(ContextTurn.customer(text)), 0, label);
    }
}
