package io.parley.engine.spi.plugin;

/** The extension points. */
public enum PluginKind {
    /** Finds signals in dialogues for rules to reason over (lexicons, regexes, scripts, models). */
    OPERATOR("operator"),
    /** Computes a scorecard's value with a custom formula. */
    SCORING_FUNCTION("scoring function"),
    /** Reads dialogues from an external format (chat exports, …). */
    DIALOGUE_SOURCE("dialogue source"),
    /** Maps a customer's raw record to Parley's dialogue JSON at ingest. */
    DIALOGUE_MAPPER("dialogue mapper"),
    /** Delivers results somewhere (webhooks, queues, …). */
    RESULT_SINK("result sink"),
    /** Loads a text classifier (an ONNX model, …) that the {@code model} operator runs per turn. */
    MODEL_RUNNER("model runner");

    private final String label;

    PluginKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
