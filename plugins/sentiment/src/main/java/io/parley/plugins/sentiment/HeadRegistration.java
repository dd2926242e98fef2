package io.parley.plugins.sentiment;

import io.parley.engine.api.model.ModelFile;
import io.parley.engine.api.model.RegisteredModel;
import io.parley.engine.spi.plugin.OperatorPlugin;
import io.parley.engine.spi.plugin.PluginException;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the model registry records about a sentiment head: its .onnx and .json files (hashed), the
 * labels, the input (features, computed from the named encoder's embeddings) and output, and the
 * held-out metrics of its descriptor. Hashed once per loaded head, like the head itself.
 */
final class HeadRegistration {
    static final String RUNNER = "sentiment-head";
    private static final Map<SentimentHead, RegisteredModel> REGISTERED = new ConcurrentHashMap<>();

    private HeadRegistration() {
    }

    /** How signals name the head: {@code id@version}. */
    static String ref(SentimentHead head) {
        return head.descriptor().id() + "@" + head.descriptor().version();
    }

    /** The head a use runs: the bundled one unless its {@code model} option names a file. */
    static RegisteredModel of(OperatorPlugin.Use use, SentimentHead head) {
        Object model = use.config().get("model");
        return REGISTERED.computeIfAbsent(head, loaded -> model == null || model.toString().isBlank()
                ? registration(loaded, "bundled: parley-plugin-sentiment " + SentimentHead.BUNDLED.substring(1),
                        bundled(SentimentHead.BUNDLED), bundled(SentimentHead.descriptorName(SentimentHead.BUNDLED)))
                : file(loaded, Path.of(model.toString()).toAbsolutePath().normalize()));
    }

    private static RegisteredModel file(SentimentHead head, Path onnx) {
        Path json = Path.of(SentimentHead.descriptorName(onnx.toString()));
        return registration(head, "file: " + onnx, read(onnx), read(json));
    }

    private static RegisteredModel registration(SentimentHead head, String source, ModelFile onnx, ModelFile json) {
        HeadDescriptor descriptor = head.descriptor();
        return new RegisteredModel(descriptor.id(), descriptor.version(), RUNNER, source, List.of(onnx, json), null,
                descriptor.labels(), Map.of("features", head.inputName(), "encoder", descriptor.encoder()),
                Map.of("probabilities", head.outputName()), RegisteredModel.storableMetrics(descriptor.metrics()));
    }

    private static ModelFile bundled(String resource) {
        try (InputStream in = SentimentHead.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new PluginException("the bundled sentiment head file " + resource + " is missing from the jar");
            }
            return ModelFile.of(Path.of(resource).getFileName().toString(), in);
        } catch (IOException | UncheckedIOException e) {
            throw new PluginException("cannot read the bundled sentiment head file " + resource + ": " + e.getMessage(), e);
        }
    }

    private static ModelFile read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return ModelFile.of(file.getFileName().toString(), in);
        } catch (IOException | UncheckedIOException e) {
            throw new PluginException("cannot read sentiment head file " + file + ": " + e.getMessage(), e);
        }
    }
}
