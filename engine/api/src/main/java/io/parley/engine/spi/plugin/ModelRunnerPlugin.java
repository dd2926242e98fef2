package io.parley.engine.spi.plugin;

import io.parley.engine.api.model.RegisteredModel;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs text classifiers of one format (ONNX, …): loads a model from its configuration and gives
 * one probability per label for each text. The {@code model} operator turns those probabilities
 * into signals, naming the model's id and version, so a new model format needs only a runner.
 */
public interface ModelRunnerPlugin extends Plugin {

    /**
     * Once per rule-set version.
     *
     * @param config follows {@link PluginInfo#config()}, already checked, defaults filled in;
     *               relative paths in it are relative to the rule file named by {@code origin}
     * @param origin where the use was declared ("rules.parley:12:3")
     * @throws PluginException naming the file or mismatch when the model cannot work
     */
    LoadedModel load(Map<String, Object> config, String origin);

    /** A model, ready. Shared by every evaluation thread: must be thread-safe. */
    interface LoadedModel extends AutoCloseable {
        /** Names the model in signals and logs, with {@link #version()}. */
        String id();

        String version();

        /** The labels, in the order of each row {@link #classify} returns. */
        List<String> labels();

        /**
         * One row per text, in order: each label's probability (0..1), in {@link #labels()} order.
         *
         * @throws PluginException when the model fails or its output is not finite (NaN)
         */
        List<double[]> classify(List<String> texts);

        /**
         * What the model registry records about this model: its files (with SHA-256), tokenizer,
         * inputs, outputs, metrics. Empty by default: the engine then records the id, version,
         * labels, the runner and where the use was declared, without files.
         */
        default Optional<RegisteredModel> registration() {
            return Optional.empty();
        }

        @Override
        default void close() {
        }
    }
}
