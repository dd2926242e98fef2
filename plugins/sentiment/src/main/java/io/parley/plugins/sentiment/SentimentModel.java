package io.parley.plugins.sentiment;

import io.parley.engine.spi.plugin.PluginException;

import java.util.ArrayList;
import java.util.List;

/**
 * Sentence encoder, context features and head together: the sentiment of every customer turn of a
 * dialogue, each read with what came before it. Thread-safe.
 */
public final class SentimentModel {
    private final TurnContextFeatures features;
    private final SentimentHead head;

    public SentimentModel(SentenceEncoder encoder, SentimentHead head, int contextTurns) {
        if (!encoder.modelId().equals(head.descriptor().encoder())) {
            throw new PluginException("sentiment head " + head.descriptor().id() + " was trained on " + head.descriptor().encoder()
                    + " embeddings, not " + encoder.modelId());
        }
        this.features = new TurnContextFeatures(encoder, contextTurns, head.contentScore());
        this.head = head;
    }

    /** The sentiment of one customer turn: its index in the dialogue and a probability per class. */
    public record TurnSentiment(int index, double[] probabilities) {
        public double probability(Sentiment sentiment) {
            return probabilities[sentiment.ordinal()];
        }

    }

    public List<TurnSentiment> customerTurns(List<ContextTurn> turns) {
        float[][] byTurn = features.customerTurns(turns);
        List<float[]> rows = new ArrayList<>();
        List<Integer> indexes = new ArrayList<>();
        for (int i = 0; i < byTurn.length; i++) {
            if (byTurn[i] != null) {
                rows.add(byTurn[i]);
                indexes.add(i);
            }
        }
        double[][] probabilities = head.probabilities(rows);
        List<TurnSentiment> sentiments = new ArrayList<>(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            sentiments.add(new TurnSentiment(indexes.get(i), probabilities[i]));
        }
        return sentiments;
    }

    /** The features the head reads, for evaluating it on labelled turns. */
    public TurnContextFeatures features() {
        return features;
    }

    public SentimentHead head() {
        return head;
    }
}
