package io.parley.ml;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.parley.engine.spi.plugin.PluginException;

import java.util.Arrays;
import java.util.Map;
import java.util.Set;

/**
 * The one classifier runner: an ONNX classifier on its own ONNX Runtime session
 * ({@link OnnxSessions#open}), a batch of rows in, a row of scores per input row out. Every
 * classifier of the ML plugins runs on it: a customer's text classifier (token inputs), the
 * trained intent heads (sentence vectors) and the sentiment heads (feature vectors). Each run checks
 * that the output is FLOAT scores of shape [rows, labels]; whether they are finite its caller checks,
 * naming what a NaN is about (a text, a label). Errors name the model. Thread-safe: an ONNX Runtime
 * session may be run from several threads at once.
 */
public final class OnnxClassifier implements AutoCloseable {
    private final String name;
    private final String rows;
    private final OrtSession session;

    private OnnxClassifier(String name, String rows, OrtSession session) {
        this.name = name;
        this.rows = rows;
        this.session = session;
    }

    /**
     * @param name how errors name the model ("model tiny-complaint@1.0.0", "intent head banking77@1-33799f5a")
     * @param rows what one input row is, for shape errors ("texts", "turns")
     * @throws OrtException when ONNX Runtime cannot load the model; the caller says which file it was
     */
    public static OnnxClassifier load(String name, String rows, byte[] model) throws OrtException {
        return new OnnxClassifier(name, rows, OnnxSessions.open(model));
    }

    public Map<String, NodeInfo> inputs() throws OrtException {
        return session.getInputInfo();
    }

    public Set<String> outputNames() {
        return session.getOutputNames();
    }

    /** The model's first input: the features of a model that takes one. */
    public String firstInput() {
        return session.getInputNames().iterator().next();
    }

    /** The model's first output: the scores of a model that gives one. */
    public String firstOutput() {
        return session.getOutputNames().iterator().next();
    }

    /**
     * Scores of a model that takes one FLOAT [rows, features] input, from its first output.
     *
     * @throws PluginException when ONNX Runtime fails or the output is not FLOAT [rows, labels]
     */
    public float[][] scores(float[][] features, int labels) {
        try (OnnxTensor tensor = OnnxTensor.createTensor(OnnxSessions.environment(), features)) {
            return scores(Map.of(firstInput(), tensor), firstOutput(), features.length, labels);
        } catch (OrtException e) {
            throw failed(e);
        }
    }

    /**
     * Scores from {@code output}, given every input tensor by name (the caller closes them).
     *
     * @throws PluginException when ONNX Runtime fails or the output is not FLOAT [rows, labels]
     */
    public float[][] scores(Map<String, OnnxTensor> inputs, String output, int rowCount, int labels) {
        try (OrtSession.Result result = session.run(inputs, Set.of(output))) {
            OnnxTensor scores = (OnnxTensor) result.get(output).orElseThrow();
            if (scores.getInfo().type != OnnxJavaType.FLOAT) {
                throw new PluginException(name + " output '" + output + "' holds " + scores.getInfo().type + ", expected FLOAT scores");
            }
            long[] shape = scores.getInfo().getShape();
            if (shape.length != 2 || shape[0] != rowCount || shape[1] != labels) {
                throw new PluginException(name + " output '" + output + "' has shape " + Arrays.toString(shape) + ", expected ["
                        + rowCount + ", " + labels + "] (" + rows + " × the descriptor's " + labels + " labels)");
            }
            return (float[][]) scores.getValue();
        } catch (OrtException e) {
            throw failed(e);
        }
    }

    private PluginException failed(OrtException e) {
        return new PluginException(name + " failed in ONNX Runtime: " + e.getMessage(), e);
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
