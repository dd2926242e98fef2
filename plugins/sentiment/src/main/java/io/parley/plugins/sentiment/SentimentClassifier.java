package io.parley.plugins.sentiment;

import ai.onnxruntime.OrtException;
import io.parley.engine.spi.plugin.PluginException;
import io.parley.ml.OnnxClassifier;

import java.util.List;

/**
 * A head's classifier on the shared {@link OnnxClassifier} runner, its output read as a probability
 * per {@link Sentiment} (by ordinal) whatever the model's own label order: what the turn head, its
 * text stage and the dialogue head share. Errors name the head ({@code name}). Thread-safe.
 */
final class SentimentClassifier implements AutoCloseable {
    private final String name;
    private final OnnxClassifier model;
    private final int labels;
    private final int[] labelColumn;

    /**
     * @param rows   what one row of features is, for errors ("turns", "dialogues")
     * @param labels the model's output labels in output order
     */
    SentimentClassifier(String name, String rows, byte[] model, List<String> labels) {
        this.name = name;
        this.labels = labels.size();
        this.labelColumn = new int[Sentiment.values().length];
        for (Sentiment sentiment : Sentiment.values()) {
            labelColumn[sentiment.ordinal()] = labels.indexOf(sentiment.label());
        }
        try {
            this.model = OnnxClassifier.load(name, rows, model);
        } catch (OrtException e) {
            throw new PluginException(name + " is not a model ONNX Runtime can load: " + e.getMessage(), e);
        }
    }

    String inputName() {
        return model.firstInput();
    }

    String outputName() {
        return model.firstOutput();
    }

    /**
     * Probabilities per {@link Sentiment} (by ordinal) for each row of {@code batch}; a label the
     * model does not have gets 0.
     *
     * @throws PluginException when the model fails or gives a non-finite probability
     */
    double[][] probabilities(float[][] batch) {
        float[][] output = model.scores(batch, labels);
        double[][] probabilities = new double[output.length][Sentiment.values().length];
        for (int row = 0; row < output.length; row++) {
            for (Sentiment sentiment : Sentiment.values()) {
                int column = labelColumn[sentiment.ordinal()];
                double p = column < 0 ? 0 : output[row][column];
                if (!Double.isFinite(p)) {
                    throw new PluginException(name + " gave a non-finite probability (" + p + ") for '" + sentiment.label() + "'");
                }
                probabilities[row][sentiment.ordinal()] = p;
            }
        }
        return probabilities;
    }

    @Override
    public void close() {
        model.close();
    }
}
