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
 * Optional: {@code textStage}, the file name (beside this one) of the text-only stage whose
 * P(negative) of the turn's text without thanks is the {@code rest_negative} feature; and
 * {@code dialogueBands}, the dialogue-level satisfaction cut-offs calibrated on training dialogues.
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
        Map<String, Double> metrics,
        String textStage,
        DialogueBands dialogueBands) {

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public HeadDescriptor {
        labels = List.copyOf(labels);
        features = List.copyOf(features);
        // Sorted, so the same training writes the same file.
        trainingFiles = Collections.unmodifiableMap(new TreeMap<>(trainingFiles));
        metrics = Collections.unmodifiableMap(new TreeMap<>(metrics));
    }

    /** The same head with its held-out metrics and calibrated dialogue bands. */
    public HeadDescriptor measured(Map<String, Double> heldOutMetrics, DialogueBands bands) {
        return new HeadDescriptor(id, version, encoder, dimension, contextTurns, labels, features, splitSeed, heldOutPercent,
                trainingFiles, heldOutMetrics, textStage, bands);
    }

    /** The dialogue bands of this head, or the fixed ⅓ / ⅔ of heads trained before they were calibrated. */
    public DialogueBands bands() {
        return dialogueBands != null ? dialogueBands : DialogueBands.FIXED;
    }

    public static HeadDescriptor read(InputStream in) throws IOException {
        return JSON.readValue(in, HeadDescriptor.class);
    }

    public void write(Path file) throws IOException {
        JSON.writeValue(file.toFile(), this);
    }
}
