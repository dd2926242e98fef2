package io.parley.plugins.onnx;

import io.parley.engine.api.model.RegisteredModel;
import io.parley.engine.spi.plugin.ConfigOption.ConfigType;
import io.parley.engine.spi.plugin.ConfigOption;
import io.parley.engine.spi.plugin.ModelRunnerPlugin;
import io.parley.engine.spi.plugin.PluginInfo;
import io.parley.engine.spi.plugin.PluginKind;
import io.parley.ml.EmbeddingModels;
import io.parley.ml.SentenceEmbedder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Runs a trained intent head ({@link IntentHead}) under the built-in {@code model} operator:
 * {@code operator card_arrival = model { runner: "intent_head", label: "card_arrival", threshold: 0.5, model: { head: "banking77" } }}.
 * Each turn is embedded by the head's embedding model (the same pipeline and cache as the
 * {@code intent} operator) and the head gives its probability per intent; the operator reports the
 * turns whose probability of {@code label} reaches the threshold, term = the head's {@code id@version}.
 */
public final class IntentHeadRunnerPlugin implements ModelRunnerPlugin {
    public static final String ID = "intent_head";
    static final String HEAD = "head";
    private static final Logger log = LoggerFactory.getLogger(IntentHeadRunnerPlugin.class);

    @Override
    public PluginInfo info() {
        return new PluginInfo(ID, "1.0.0", PluginKind.MODEL_RUNNER,
                "A trained intent head (`parley train intent`: multinomial logistic regression over sentence embeddings, exported to ONNX),"
                        + " run by ONNX Runtime: each turn's probability per intent. Shipped: " + String.join(", ", IntentHead.bundledNames())
                        + " (BANKING77, 77 banking intents, English; docs/models.md). A missing or broken head file stops the rule set from"
                        + " compiling; a probability that is not finite (NaN) fails that dialogue's evaluation.",
                List.of(ConfigOption.required(HEAD, ConfigType.STRING,
                        "A shipped head's name (" + String.join(", ", IntentHead.bundledNames())
                                + "), or the path of a head's .onnx file (its .json descriptor beside it), relative to the rule file.")));
    }

    @Override
    public LoadedModel load(Map<String, Object> config, String origin) {
        String head = config.get(HEAD).toString();
        IntentHead loaded = IntentHead.open(head, OnnxModelRunnerPlugin.resolve(head, origin));
        SentenceEmbedder embedder = EmbeddingModels.shared().embedder(loaded.encoder());
        log.info("intent head {} loaded ({})", loaded, origin);
        return new Loaded(loaded, embedder);
    }

    private record Loaded(IntentHead head, SentenceEmbedder embedder) implements LoadedModel {
        @Override
        public String id() {
            return head.descriptor().id();
        }

        @Override
        public String version() {
            return head.descriptor().version();
        }

        @Override
        public List<String> labels() {
            return head.descriptor().labels();
        }

        @Override
        public Optional<RegisteredModel> registration() {
            return Optional.of(head.registration());
        }

        @Override
        public List<double[]> classify(List<String> texts) {
            return Arrays.asList(head.probabilities(embedder.embed(texts), texts));
        }

        @Override
        public void close() {
            head.close();
        }
    }
}
