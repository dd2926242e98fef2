package io.parley.engine.api.model;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * A model as the model registry records it: what produced an ML signal, so a result's
 * {@code id@version} can be traced to exact files. A version is immutable: its {@link #files()}
 * (name, size, SHA-256) never change once registered.
 *
 * @param runner       what runs it: a model-runner plugin ({@code onnx}) or the operator that embeds it ({@code intent})
 * @param source       where it came from: {@code bundled: <Maven artifact>} or {@code descriptor: <path>}
 * @param tokenizer    the tokenizer file's name, or null when the model takes no text tokens
 * @param labels       output labels in output order; empty for an embedding model
 * @param inputs       the model's input tensors by role ({@code ids → input_ids}); may be empty
 * @param outputs      the model's output tensors by role ({@code logits → logits}); may be empty
 * @param metrics      held-out figures as measured when it was built ({@code heldOut_macroF1 → 0.61}); may be empty
 * @param registeredAt when the registry first stored this version; null in what a plugin declares
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RegisteredModel(String id, String version, String runner, String source, List<ModelFile> files,
                              String tokenizer, List<String> labels, Map<String, String> inputs,
                              Map<String, String> outputs, Map<String, Double> metrics, Instant registeredAt) {
    public RegisteredModel {
        require("id", id);
        require("version", version);
        require("runner", runner);
        require("source", source);
        files = files == null ? List.of() : List.copyOf(files);
        labels = labels == null ? List.of() : List.copyOf(labels);
        inputs = inputs == null ? Map.of() : Map.copyOf(inputs);
        outputs = outputs == null ? Map.of() : Map.copyOf(outputs);
        metrics = metrics == null ? Map.of() : Map.copyOf(metrics);
        String ref = id + "@" + version;
        requireKeys(ref, "inputs", inputs);
        requireKeys(ref, "outputs", outputs);
        requireKeys(ref, "metrics", metrics);
        metrics.forEach((name, value) -> {
            if (value == null || !Double.isFinite(value)) {
                throw new IllegalArgumentException("model " + ref + ": metric '" + name + "' is " + value + ", not a number");
            }
        });
    }

    /** What a plugin declares: not registered yet. */
    public RegisteredModel(String id, String version, String runner, String source, List<ModelFile> files,
                           String tokenizer, List<String> labels, Map<String, String> inputs,
                           Map<String, String> outputs, Map<String, Double> metrics) {
        this(id, version, runner, source, files, tokenizer, labels, inputs, outputs, metrics, null);
    }

    private static void require(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("a registered model needs a " + field);
        }
    }

    /** Keys become stored field names: no dots, no leading {@code $}. */
    private static void requireKeys(String ref, String field, Map<String, ?> map) {
        map.keySet().forEach(key -> {
            if (key.isBlank() || key.contains(".") || key.startsWith("$")) {
                throw new IllegalArgumentException("model " + ref + ": " + field + " key '" + key
                        + "' must not be blank, hold a '.' or start with '$' (write heldOut_macroF1, not heldOut.macroF1)");
            }
        });
    }

    /**
     * Metrics as the registry can store them: dotted names ({@code jddc.macro_f1}, as descriptors
     * write them) become {@code jddc_macro_f1}, since stored field names cannot hold dots.
     */
    public static Map<String, Double> storableMetrics(Map<String, Double> metrics) {
        Map<String, Double> storable = new TreeMap<>();
        metrics.forEach((name, value) -> storable.put(name.replace('.', '_'), value));
        return storable;
    }

    /** {@code id@version}, how signals, results and logs name the model. */
    @JsonIgnore
    public String ref() {
        return id + "@" + version;
    }

    public RegisteredModel withRegisteredAt(Instant when) {
        return new RegisteredModel(id, version, runner, source, files, tokenizer, labels, inputs, outputs, metrics, when);
    }

    /** Whether both have the same files (by name, size and SHA-256), in whatever order: the same version. */
    public boolean sameFiles(RegisteredModel other) {
        Comparator<ModelFile> byName = Comparator.comparing(ModelFile::name);
        return Objects.equals(files.stream().sorted(byName).toList(), other.files.stream().sorted(byName).toList());
    }
}
