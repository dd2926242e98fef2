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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * What the model registry records about a sentiment head: its .onnx and .json files (hashed), the
 * labels, the input (features, computed from the named encoder's embeddings) and output, and the
 * held-out metrics of its descriptor. Hashed once per loaded head, like the head itself.
 */
final class HeadRegistration {
    static final String RUNNER = "sentiment-head";
    static final String DIALOGUE_RUNNER = "sentiment-dialogue-head";
    /** By loaded head (a {@link SentimentHead} or a {@link DialogueHead}). */
    private static final Map<Object, RegisteredModel> REGISTERED = new ConcurrentHashMap<>();

    private HeadRegistration() {
    }

    /** How signals name the head: {@code id@version}. */
    static String ref(SentimentHead head) {
        return head.descriptor().id() + "@" + head.descriptor().version();
    }

    static String ref(DialogueHead head) {
        return head.descriptor().id() + "@" + head.descriptor().version();
    }

    /** The bundled dialogue head: its .onnx and .json, its labels, the turn head whose probabilities it reads, its held-out metrics. */
    static RegisteredModel of(DialogueHead head) {
        return REGISTERED.computeIfAbsent(head, key -> {
            String directory = DialogueHead.BUNDLED.substring(0, DialogueHead.BUNDLED.lastIndexOf('/') + 1);
            String name = DialogueHead.BUNDLED.substring(directory.length());
            DialogueHeadDescriptor descriptor = head.descriptor();
            return new RegisteredModel(descriptor.id(), descriptor.version(), DIALOGUE_RUNNER,
                    "bundled: parley-plugin-sentiment " + DialogueHead.BUNDLED.substring(1),
                    List.of(bundled(directory + name), bundled(directory + SentimentHead.descriptorName(name))), null,
                    descriptor.labels(), Map.of("features", head.inputName(), "turn_head", descriptor.turnHead()),
                    Map.of("probabilities", head.outputName()), RegisteredModel.storableMetrics(descriptor.metrics()));
        });
    }

    /** The head a use runs: the bundled one unless its {@code model} option names a file. */
    static RegisteredModel of(OperatorPlugin.Use use, SentimentHead head) {
        Object model = use.config().get("model");
        if (model == null || model.toString().isBlank()) {
            String directory = SentimentHead.BUNDLED.substring(0, SentimentHead.BUNDLED.lastIndexOf('/') + 1);
            return REGISTERED.computeIfAbsent(head, loaded -> registration(head,
                    "bundled: parley-plugin-sentiment " + SentimentHead.BUNDLED.substring(1),
                    files(head, SentimentHead.BUNDLED, name -> bundled(directory + name))));
        }
        Path onnx = Path.of(model.toString()).toAbsolutePath().normalize();
        return REGISTERED.computeIfAbsent(head, loaded -> registration(head, "file: " + onnx,
                files(head, onnx.toString(), name -> read(onnx.resolveSibling(name)))));
    }

    /** The head's .onnx and .json, and its text stage's when it has one: all of them decide what it says. */
    private static List<ModelFile> files(SentimentHead head, String onnx, Function<String, ModelFile> sibling) {
        String name = Path.of(onnx).getFileName().toString();
        List<ModelFile> files = new ArrayList<>(List.of(sibling.apply(name), sibling.apply(SentimentHead.descriptorName(name))));
        String textStage = head.descriptor().textStage();
        if (textStage != null) {
            files.add(sibling.apply(textStage));
            files.add(sibling.apply(SentimentHead.descriptorName(textStage)));
        }
        return files;
    }

    private static RegisteredModel registration(SentimentHead head, String source, List<ModelFile> files) {
        HeadDescriptor descriptor = head.descriptor();
        return new RegisteredModel(descriptor.id(), descriptor.version(), RUNNER, source, files, null,
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
