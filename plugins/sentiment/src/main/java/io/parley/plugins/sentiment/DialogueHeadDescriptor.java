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
 * What travels with the dialogue head's {@code .onnx} as {@code <name>.json}: the per-turn head
 * whose probabilities it reads ({@code turnHead}, id and version), its input features in the
 * model's order ({@link DialogueFeatures#NAMES}), its labels in output order, the split and the
 * SHA-256 of the files it was trained on, held-out metrics, and the churn it gives:
 * {@code churn} is {@code "trained"} (churn risk = P(negative dialogue)) or {@code "decayed_max"}
 * (the fixed {@link DialogueSatisfaction} churn risk, when the trained one was not better on
 * held-out data); {@code churnAbove} the cut-off calibrated on training dialogues for it.
 */
public record DialogueHeadDescriptor(
        String id,
        String version,
        String turnHead,
        List<String> labels,
        List<String> features,
        long splitSeed,
        int heldOutPercent,
        Map<String, String> trainingFiles,
        Map<String, Double> metrics,
        String churn,
        double churnAbove) {

    public static final String TRAINED_CHURN = "trained";
    public static final String DECAYED_MAX_CHURN = "decayed_max";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    public DialogueHeadDescriptor {
        labels = List.copyOf(labels);
        features = List.copyOf(features);
        trainingFiles = Collections.unmodifiableMap(new TreeMap<>(trainingFiles));
        metrics = Collections.unmodifiableMap(new TreeMap<>(metrics));
        if (!TRAINED_CHURN.equals(churn) && !DECAYED_MAX_CHURN.equals(churn)) {
            throw new IllegalArgumentException("dialogue head churn must be '" + TRAINED_CHURN + "' or '" + DECAYED_MAX_CHURN
                    + "', was '" + churn + "'");
        }
    }

    boolean trainedChurn() {
        return TRAINED_CHURN.equals(churn);
    }

    public static DialogueHeadDescriptor read(InputStream in) throws IOException {
        return JSON.readValue(in, DialogueHeadDescriptor.class);
    }

    public void write(Path file) throws IOException {
        JSON.writeValue(file.toFile(), this);
    }
}
