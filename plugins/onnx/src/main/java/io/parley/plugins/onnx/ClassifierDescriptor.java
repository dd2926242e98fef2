package io.parley.plugins.onnx;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.parley.engine.spi.plugin.PluginException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A customer's own ONNX text classifier, described by a JSON or YAML file (docs/models.md has a
 * worked example): the model and tokenizer files (relative to the descriptor), the labels in the
 * order of the model's output, the names of its inputs and output, the longest input in tokens,
 * and how its output becomes probabilities.
 *
 * @param id         names the model in signals' descriptions and logs, with {@code version}
 * @param activation {@code softmax} (logits of exclusive labels), {@code sigmoid} (independent
 *                   labels) or {@code none} (the model outputs probabilities already)
 * @param metrics    optional figures measured on held-out data ({@code heldOut_accuracy: 0.91}), recorded
 *                   in the model registry with the model
 */
@JsonIgnoreProperties(ignoreUnknown = false)
public record ClassifierDescriptor(String id, String version, String model, String tokenizer, List<String> labels,
                                   Inputs inputs, String output, Integer maxLength, String activation,
                                   Map<String, Double> metrics) {

    /** Input tensor names; {@code typeIds} only for models that take segment ids. */
    public record Inputs(String ids, String mask, String typeIds) {
    }

    static final int DEFAULT_MAX_LENGTH = 128;

    /**
     * @throws PluginException naming the file and what is missing or wrong in it
     */
    public static ClassifierDescriptor read(Path file) {
        ObjectMapper mapper = file.toString().toLowerCase(Locale.ROOT).matches(".*\\.ya?ml") ? new ObjectMapper(new YAMLFactory())
                : new ObjectMapper();
        mapper.enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        ClassifierDescriptor descriptor;
        try {
            descriptor = mapper.readValue(Files.readString(file), ClassifierDescriptor.class);
        } catch (NoSuchFileException e) {
            throw new PluginException("model descriptor " + file + " does not exist");
        } catch (UnrecognizedPropertyException e) {
            throw new PluginException("model descriptor " + file + ": unknown field '" + e.getPropertyName()
                    + "'; fields: id, version, model, tokenizer, labels, inputs {ids, mask, typeIds}, output, maxLength, activation, metrics");
        } catch (IOException e) {
            throw new PluginException("model descriptor " + file + " cannot be read: " + e.getMessage(), e);
        }
        if (descriptor == null) {
            throw new PluginException("model descriptor " + file + " is empty");
        }
        descriptor.check(file);
        return descriptor;
    }

    private void check(Path file) {
        require(file, "id", id);
        require(file, "version", version);
        require(file, "model", model);
        require(file, "tokenizer", tokenizer);
        require(file, "output", output);
        if (labels == null || labels.size() < 2) {
            throw new PluginException("model descriptor " + file + ": 'labels' must list the model's output labels in order (at least 2)");
        }
        if (inputs == null || inputs.ids() == null || inputs.mask() == null) {
            throw new PluginException("model descriptor " + file + ": 'inputs' must name the model's 'ids' and 'mask' inputs (and 'typeIds' if it takes them)");
        }
        if (!List.of("softmax", "sigmoid", "none").contains(activation())) {
            throw new PluginException("model descriptor " + file + ": 'activation' is '" + activation + "'; use softmax, sigmoid or none");
        }
        if (maxLength() < 2) {
            throw new PluginException("model descriptor " + file + ": 'maxLength' must be at least 2 tokens");
        }
    }

    private static void require(Path file, String field, String value) {
        if (value == null || value.isBlank()) {
            throw new PluginException("model descriptor " + file + ": '" + field + "' is missing");
        }
    }

    @Override
    public Map<String, Double> metrics() {
        return metrics == null ? Map.of() : metrics;
    }

    @Override
    public String activation() {
        return activation == null ? "softmax" : activation;
    }

    @Override
    public Integer maxLength() {
        return maxLength == null ? DEFAULT_MAX_LENGTH : maxLength;
    }

    public String ref() {
        return id + "@" + version;
    }
}
