package io.parley.plugins.onnx;

import io.parley.engine.api.model.ModelFile;
import io.parley.engine.api.model.RegisteredModel;
import io.parley.engine.spi.plugin.OperatorContext;
import io.parley.engine.spi.plugin.OperatorPlugin;
import io.parley.engine.spi.plugin.PluginException;
import io.parley.ml.EmbeddingModelCard;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What the model registry records about this module's models: their files (hashed), tokenizer,
 * labels, input and output names and metrics. The shipped embedding models are hashed once per
 * process (24 MB each); a customer's classifier each time it is loaded, since its files may change.
 */
final class ModelRegistrations {
    /** How the model registry says what runs a shipped embedding model. */
    static final String EMBEDDING_RUNNER = "sentence-embedding";
    private static final Map<String, RegisteredModel> EMBEDDINGS = new ConcurrentHashMap<>();

    private ModelRegistrations() {
    }

    /** Registers the embedding model each use of an examples-based operator ({@code intent}, {@code similarity}) runs on. */
    static void registerEmbeddings(List<OperatorPlugin.Use> uses, OperatorContext context) {
        uses.forEach(use -> context.registerModel(embedding(ExamplesConfig.read(use).model())));
    }

    /** A shipped embedding model: its ONNX file and tokenizer from the classpath, named by resource. */
    static RegisteredModel embedding(EmbeddingModelCard card) {
        return EMBEDDINGS.computeIfAbsent(card.ref(), ref -> new RegisteredModel(card.id(), card.version(), EMBEDDING_RUNNER,
                "bundled: " + card.source() + ":" + card.version(),
                List.of(resource(card, card.modelResource()), resource(card, card.tokenizerResource())),
                card.tokenizerResource(), List.of(),
                Map.of("ids", "input_ids", "mask", "attention_mask", "typeIds", "token_type_ids"),
                Map.of("embedding", "last_hidden_state"), Map.of()));
    }

    private static ModelFile resource(EmbeddingModelCard card, String name) {
        try (InputStream in = ModelRegistrations.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new PluginException("model file '" + name + "' of " + card.ref() + " is not on the classpath");
            }
            return ModelFile.of(name, in);
        } catch (IOException | UncheckedIOException e) {
            throw new PluginException("cannot read model file '" + name + "' of " + card.ref() + ": " + e.getMessage(), e);
        }
    }

    /** A customer's classifier: the descriptor, model and tokenizer files, named as the descriptor names them. */
    static RegisteredModel classifier(Path descriptorFile, ClassifierDescriptor descriptor) {
        Path directory = descriptorFile.toAbsolutePath().getParent();
        List<ModelFile> files = List.of(file(descriptorFile.getFileName().toString(), descriptorFile, descriptor),
                file(descriptor.model(), directory.resolve(descriptor.model()), descriptor),
                file(descriptor.tokenizer(), directory.resolve(descriptor.tokenizer()), descriptor));
        Map<String, String> inputs = new LinkedHashMap<>();
        inputs.put("ids", descriptor.inputs().ids());
        inputs.put("mask", descriptor.inputs().mask());
        if (descriptor.inputs().typeIds() != null) {
            inputs.put("typeIds", descriptor.inputs().typeIds());
        }
        try {
            return new RegisteredModel(descriptor.id(), descriptor.version(), OnnxModelRunnerPlugin.ID,
                    "descriptor: " + descriptorFile.toAbsolutePath().normalize(), files, descriptor.tokenizer(), descriptor.labels(),
                    inputs, Map.of(descriptor.activation(), descriptor.output()), descriptor.metrics());
        } catch (IllegalArgumentException e) {
            throw new PluginException("model descriptor " + descriptorFile + ": " + e.getMessage(), e);
        }
    }

    private static ModelFile file(String name, Path path, ClassifierDescriptor descriptor) {
        try (InputStream in = Files.newInputStream(path)) {
            return ModelFile.of(name, in);
        } catch (IOException | UncheckedIOException e) {
            throw new PluginException("model " + descriptor.ref() + ": cannot read " + path + ": " + e.getMessage(), e);
        }
    }
}
