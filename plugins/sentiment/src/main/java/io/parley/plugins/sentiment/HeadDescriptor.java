package io.parley.plugins.sentiment;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What travels with a head's {@code .onnx} file, as {@code <name>.json} beside it: the encoder and
 * context it was trained with, its input features by name in the model's input order, its output
 * labels in output order, the split and the SHA-256 of every file it was trained on (so an
 * evaluation can tell a file it has seen from one it has not), and its held-out metrics.
 */
public record HeadDescriptor(
        String id,
        String version,
        String encoder,
        int dimension,
        int contextTurns,
        List<String> labels,
        List<String> features,
        long splitSeed,
        int heldOutPercent,
        Map<String, String> trainingFiles,
        Map<String, Double> metrics) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public HeadDescriptor {
        labels = List.copyOf(labels);
        features = List.copyOf(features);
        // Sorted, so the same training writes the same file.
        trainingFiles = Collections.unmodifiableMap(new TreeMap<>(trainingFiles));
        metrics = Collections.unmodifiableMap(new TreeMap<>(metrics));
    }

    public HeldOutSplit split() {
        return new HeldOutSplit(splitSeed, heldOutPercent);
    }

    public static HeadDescriptor read(InputStream in) throws IOException {
        return JSON.readValue(in, HeadDescriptor.class);
    }

    public void write(Path file) throws IOException {
        JSON.writeValue(file.toFile(), this);
    }
}
