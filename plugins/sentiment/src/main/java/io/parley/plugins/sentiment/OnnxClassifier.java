package io.parley.plugins.sentiment;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.parley.engine.spi.plugin.PluginException;

import java.util.List;
import java.util.Map;

/**
 * A classifier exported to ONNX, run by ONNX Runtime: a batch of feature rows in, a probability per
 * {@link Sentiment} (by ordinal) out, whatever the model's own label order. What the turn head, its
 * text stage and the dialogue head share; errors name the model ({@code name}). Thread-safe.
 */
final class OnnxClassifier implements AutoCloseable {
    private final String name;
    private final OrtSession session;
    private final String input;
    private final int[] labelColumn;

    /** @param labels the model's output labels in output order */
    OnnxClassifier(String name, byte[] model, List<String> labels) {
        this.name = name;
        this.labelColumn = new int[Sentiment.values().length];
        for (Sentiment sentiment : Sentiment.values()) {
            labelColumn[sentiment.ordinal()] = labels.indexOf(sentiment.label());
        }
        try {
            OrtSession.SessionOptions options = new OrtSession.SessionOptions();
            options.setIntraOpNumThreads(1);
            this.session = OrtEnvironment.getEnvironment().createSession(model, options);
            this.input = session.getInputNames().iterator().next();
        } catch (OrtException e) {
            throw new PluginException(name + " is not a model ONNX Runtime can load: " + e.getMessage(), e);
        }
    }

    String inputName() {
        return input;
    }

    String outputName() {
        try {
            return session.getOutputNames().iterator().next();
        } catch (RuntimeException e) {
            throw new PluginException(name + " has no output", e);
        }
    }

    /**
     * Probabilities per {@link Sentiment} (by ordinal) for each row of {@code batch}; a label the
     * model does not have gets 0.
     *
     * @throws PluginException when the model fails or gives a non-finite probability
     */
    double[][] probabilities(float[][] batch) {
        try (OnnxTensor tensor = OnnxTensor.createTensor(OrtEnvironment.getEnvironment(), batch);
             OrtSession.Result result = session.run(Map.of(input, tensor))) {
            float[][] output = (float[][]) result.get(0).getValue();
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
        } catch (OrtException e) {
            throw new PluginException(name + " failed in ONNX Runtime: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new PluginException("closing " + name + ": " + e.getMessage(), e);
        }
    }
}
