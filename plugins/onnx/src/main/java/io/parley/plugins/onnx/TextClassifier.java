package io.parley.plugins.onnx;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import io.parley.engine.spi.plugin.PluginException;
import io.parley.ml.LengthBuckets;
import io.parley.ml.OnnxClassifier;
import io.parley.ml.OnnxSessions;
import io.parley.ml.TextTokenizer;
import io.parley.ml.Tokens;
import io.parley.ml.Vectors;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A customer's ONNX text classifier ({@link ClassifierDescriptor}) with its tokenizer, run by the
 * {@link OnnxClassifier} runner: texts in, one probability per label out. Loading checks what can be
 * checked before any dialogue: the files, that every model input is mapped, and a probe run's
 * output shape; every run checks the shape and that the output is finite. Thread-safe.
 */
public final class TextClassifier implements AutoCloseable {
    private static final int MAX_BATCH = 32;
    private static final String PROBE = "probe";

    private final ClassifierDescriptor descriptor;
    private final TextTokenizer tokenizer;
    private final OnnxClassifier model;

    private TextClassifier(ClassifierDescriptor descriptor, TextTokenizer tokenizer, OnnxClassifier model) {
        this.descriptor = descriptor;
        this.tokenizer = tokenizer;
        this.model = model;
    }

    /**
     * @throws PluginException naming the file or the mismatch when the model cannot work
     */
    public static TextClassifier load(Path descriptorFile) {
        ClassifierDescriptor descriptor = ClassifierDescriptor.read(descriptorFile);
        Path directory = descriptorFile.toAbsolutePath().getParent();
        Path modelFile = directory.resolve(descriptor.model());
        Path tokenizerFile = directory.resolve(descriptor.tokenizer());
        for (Path file : List.of(modelFile, tokenizerFile)) {
            if (!Files.isRegularFile(file)) {
                throw new PluginException("model " + descriptor.ref() + ": file " + file + " does not exist");
            }
        }
        TextTokenizer tokenizer;
        try {
            tokenizer = TextTokenizer.fromFile(tokenizerFile, descriptor.maxLength());
        } catch (IOException e) {
            throw new PluginException("model " + descriptor.ref() + ": " + e.getMessage(), e);
        }
        OnnxClassifier model;
        try {
            model = OnnxClassifier.load("model " + descriptor.ref(), "texts", Files.readAllBytes(modelFile));
        } catch (OrtException | IOException | RuntimeException e) {
            tokenizer.close();
            throw new PluginException("model " + descriptor.ref() + ": ONNX Runtime cannot load " + modelFile + ": " + e.getMessage(), e);
        }
        TextClassifier classifier = new TextClassifier(descriptor, tokenizer, model);
        try {
            classifier.checkSignature();
            classifier.classify(List.of(PROBE));
            return classifier;
        } catch (RuntimeException e) {
            classifier.close();
            throw e;
        }
    }

    public ClassifierDescriptor descriptor() {
        return descriptor;
    }

    private void checkSignature() {
        Set<String> mapped = new HashSet<>();
        mapped.add(descriptor.inputs().ids());
        mapped.add(descriptor.inputs().mask());
        if (descriptor.inputs().typeIds() != null) {
            mapped.add(descriptor.inputs().typeIds());
        }
        Map<String, NodeInfo> inputs;
        try {
            inputs = model.inputs();
        } catch (OrtException e) {
            throw new PluginException("model " + descriptor.ref() + ": cannot read its inputs: " + e.getMessage(), e);
        }
        for (String name : inputs.keySet()) {
            if (!mapped.contains(name)) {
                throw new PluginException("model " + descriptor.ref() + " takes input '" + name + "', which the descriptor's 'inputs' does not name"
                        + " (it names " + mapped + ")");
            }
        }
        for (String name : mapped) {
            if (!inputs.containsKey(name)) {
                throw new PluginException("model " + descriptor.ref() + " has no input '" + name + "'; its inputs: " + inputs.keySet());
            }
        }
        if (!model.outputNames().contains(descriptor.output())) {
            throw new PluginException("model " + descriptor.ref() + " has no output '" + descriptor.output() + "'; its outputs: "
                    + model.outputNames());
        }
    }

    /**
     * One probability per label for each text, in order.
     *
     * @throws PluginException when the model fails, its output is not [texts, labels], or not finite
     */
    public float[][] classify(List<String> texts) {
        List<Tokens> tokens = texts.stream().map(tokenizer::tokenize).toList();
        List<Integer> indexes = new ArrayList<>();
        for (int i = 0; i < texts.size(); i++) {
            indexes.add(i);
        }
        float[][] probabilities = new float[texts.size()][];
        for (List<Integer> batch : LengthBuckets.of(indexes, i -> tokens.get(i).length(), MAX_BATCH)) {
            float[][] rows = run(batch.stream().map(tokens::get).toList());
            for (int row = 0; row < batch.size(); row++) {
                if (!Vectors.isFinite(rows[row])) {
                    throw new PluginException("model " + descriptor.ref() + " returned " + Arrays.toString(rows[row])
                            + " (not finite) for \"" + texts.get(batch.get(row)) + "\"");
                }
                probabilities[batch.get(row)] = activate(rows[row]);
            }
        }
        return probabilities;
    }

    private float[][] run(List<Tokens> batch) {
        int width = batch.stream().mapToInt(Tokens::length).max().orElse(0);
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put(descriptor.inputs().ids(), OnnxSessions.tensor(batch.stream().map(Tokens::ids).toList(), width, 0));
            inputs.put(descriptor.inputs().mask(), OnnxSessions.tensor(batch.stream().map(Tokens::mask).toList(), width, 0));
            if (descriptor.inputs().typeIds() != null) {
                inputs.put(descriptor.inputs().typeIds(), OnnxSessions.tensor(batch.stream().map(Tokens::typeIds).toList(), width, 0));
            }
            return model.scores(inputs, descriptor.output(), batch.size(), descriptor.labels().size());
        } catch (OrtException e) {
            throw new PluginException("model " + descriptor.ref() + " failed: " + e.getMessage(), e);
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    private float[] activate(float[] row) {
        float[] out = row.clone();
        switch (descriptor.activation()) {
            case "softmax" -> {
                float max = Float.NEGATIVE_INFINITY;
                for (float value : out) {
                    max = Math.max(max, value);
                }
                double sum = 0;
                for (int i = 0; i < out.length; i++) {
                    out[i] = (float) Math.exp(out[i] - max);
                    sum += out[i];
                }
                for (int i = 0; i < out.length; i++) {
                    out[i] = (float) (out[i] / sum);
                }
            }
            case "sigmoid" -> {
                for (int i = 0; i < out.length; i++) {
                    out[i] = (float) (1 / (1 + Math.exp(-out[i])));
                }
            }
            default -> {
            }
        }
        return out;
    }

    @Override
    public void close() {
        try {
            model.close();
        } finally {
            tokenizer.close();
        }
    }
}
