package io.parley.plugins.onnx;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * What travels with a trained intent head's {@code .onnx} file, as {@code <name>.json} beside it:
 * the sentence-embedding model whose vectors it reads, its inputs (vector components by name, in
 * the model's input order) and output labels (in output order), the file it was trained on (name,
 * SHA-256, rows) and the split, so an evaluation can tell the texts it has seen from those it has
 * not; how it was trained, the "none of these" probability calibrated for it (null when it was
 * not calibrated) and its metrics on data it did not train on.
 *
 * @param encoder    the embedding model's {@code id@version} ({@link io.parley.ml.EmbeddingModelCard#ref()})
 * @param heldOutPercent the share of each category of {@code trainingFile} held out (0: none, the
 *                   metrics come from {@code measuredOn})
 * @param measuredOn the texts {@code metrics} were measured on
 */
@JsonInclude(JsonInclude.Include.ALWAYS)
public record IntentHeadDescriptor(
        String id,
        String version,
        String encoder,
        int dimension,
        List<String> labels,
        List<String> features,
        String trainingFile,
        String trainingSha256,
        int trainingRows,
        int heldOutPercent,
        long splitSeed,
        String trainer,
        Double noneOfTheseThreshold,
        String measuredOn,
        Map<String, Double> metrics,
        String licence) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public IntentHeadDescriptor {
        labels = List.copyOf(labels);
        features = List.copyOf(features);
        // Sorted, so the same training writes the same file.
        metrics = Collections.unmodifiableMap(new TreeMap<>(metrics));
    }

    /** The name of vector component {@code i} as a head input: zero-padded, so Tribuo's name order is the vector's order. */
    public static String featureName(int i) {
        return String.format(Locale.ROOT, "e%04d", i);
    }

    /** "id@version", how signals and logs name the head. */
    public String ref() {
        return id + "@" + version;
    }

    public IntentHeadDescriptor withMeasurements(Double threshold, String measuredOn, Map<String, Double> metrics) {
        return new IntentHeadDescriptor(id, version, encoder, dimension, labels, features, trainingFile, trainingSha256, trainingRows,
                heldOutPercent, splitSeed, trainer, threshold, measuredOn, metrics, licence);
    }

    public static IntentHeadDescriptor read(InputStream in) throws IOException {
        return JSON.readValue(in, IntentHeadDescriptor.class);
    }

    public void write(Path file) throws IOException {
        JSON.writeValue(file.toFile(), this);
    }
}
