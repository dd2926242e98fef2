package io.parley.plugins.sentiment;

import io.parley.engine.spi.plugin.ConfigOption;
import io.parley.engine.spi.plugin.OperatorPlugin;
import io.parley.engine.spi.plugin.PluginException;

/** Options both operators share: the context length and the head to use. */
final class OperatorOptions {
    static final ConfigOption CONTEXT = ConfigOption.optional("context", ConfigOption.ConfigType.INTEGER,
            String.valueOf(TurnContextFeatures.DEFAULT_CONTEXT_TURNS),
            "Customer, agent or bot turns before each customer turn whose mean embedding is read as its context; the bundled head was trained with 3.");
    static final ConfigOption MODEL = ConfigOption.optional("model", ConfigOption.ConfigType.STRING, null,
            "A sentiment head trained by `parley train sentiment --output DIR`: the path of its .onnx file (its .json beside it). Default: the head bundled with the plugin.");

    private OperatorOptions() {
    }

    static int context(OperatorPlugin.Use use) {
        int context = ((Number) use.config().get("context")).intValue();
        if (context < 0 || context > 50) {
            throw new PluginException(use.name() + " (" + use.origin() + "): context must be 0..50 turns, was " + context);
        }
        return context;
    }

    static double fraction(OperatorPlugin.Use use, String option) {
        double value = ((Number) use.config().get(option)).doubleValue();
        if (!(value >= 0 && value <= 1)) {
            throw new PluginException(use.name() + " (" + use.origin() + "): " + option + " must be between 0 and 1, was " + value);
        }
        return value;
    }

    static SentimentModel model(OperatorPlugin.Use use) {
        Object model = use.config().get("model");
        try {
            return SharedHeads.model(model == null ? null : model.toString(), context(use));
        } catch (PluginException e) {
            throw new PluginException(use.name() + " (" + use.origin() + "): " + e.getMessage(), e);
        }
    }
}
