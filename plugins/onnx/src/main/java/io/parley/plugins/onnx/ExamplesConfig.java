package io.parley.plugins.onnx;

import io.parley.engine.spi.plugin.ConfigOption.ConfigType;
import io.parley.engine.spi.plugin.ConfigOption;
import io.parley.engine.spi.plugin.OperatorPlugin;
import io.parley.engine.spi.plugin.PluginException;
import io.parley.ml.EmbeddingModelCard;

import java.util.List;
import java.util.Map;

/**
 * The configuration the {@code intent} and {@code similarity} operators share: example phrases,
 * an optional threshold and an optional model.
 */
record ExamplesConfig(List<String> examples, double threshold, EmbeddingModelCard model) {
    static final String EXAMPLES = "examples";
    static final String THRESHOLD = "threshold";
    static final String MODEL = "model";
    static final int MAX_EXAMPLES = 50;

    static List<ConfigOption> options(String what) {
        return List.of(
                ConfigOption.required(EXAMPLES, ConfigType.STRING_LIST,
                        "1 to " + MAX_EXAMPLES + " example phrases " + what + "; 5 to 20 varied ones work best."),
                ConfigOption.optional(THRESHOLD, ConfigType.NUMBER, null,
                        "Score (−1..1: the mean of the cosine to the nearest example and to the examples' mean vector) at or above which a turn is reported. Default: the model's calibrated value ("
                                + EmbeddingModelCard.BGE_SMALL_ZH.id() + " " + EmbeddingModelCard.BGE_SMALL_ZH.defaultThreshold() + ", "
                                + EmbeddingModelCard.ALL_MINILM_L6_V2.id() + " " + EmbeddingModelCard.ALL_MINILM_L6_V2.defaultThreshold()
                                + "; see docs/models.md)."),
                ConfigOption.optional(MODEL, ConfigType.STRING, null,
                        "The embedding model: " + EmbeddingModelCard.shippedIds() + ", or a language (zh, en). Default: "
                                + EmbeddingModelCard.BGE_SMALL_ZH.id() + " when an example has Chinese characters, else "
                                + EmbeddingModelCard.ALL_MINILM_L6_V2.id() + "."));
    }

    static ExamplesConfig read(OperatorPlugin.Use use) {
        Map<String, Object> config = use.config();
        @SuppressWarnings("unchecked")
        List<String> examples = ((List<String>) config.get(EXAMPLES)).stream().map(String::strip).toList();
        if (examples.isEmpty() || examples.size() > MAX_EXAMPLES) {
            throw new PluginException("'" + use.name() + "' has " + examples.size() + " examples; give 1 to " + MAX_EXAMPLES);
        }
        int blank = examples.indexOf("");
        if (blank >= 0) {
            throw new PluginException("example " + (blank + 1) + " of '" + use.name() + "' is empty");
        }
        EmbeddingModelCard model = config.get(MODEL) instanceof String name
                ? EmbeddingModelCard.find(name).orElseThrow(() -> new PluginException(
                "unknown model '" + name + "' for '" + use.name() + "'; shipped: " + EmbeddingModelCard.shippedIds() + " (or zh, en)"))
                : EmbeddingModelCard.forTexts(examples);
        double threshold = config.get(THRESHOLD) instanceof Number number ? number.doubleValue() : model.defaultThreshold();
        if (!(threshold >= -1 && threshold <= 1)) {
            throw new PluginException("threshold " + threshold + " of '" + use.name() + "' is not a score between -1 and 1");
        }
        return new ExamplesConfig(examples, threshold, model);
    }
}
