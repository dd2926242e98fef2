package io.parley.engine.spi.plugin;

import io.parley.engine.api.model.RegisteredModel;

import java.util.Map;

/** What the engine offers an operator while it is prepared for a rule-set version. */
public interface OperatorContext {

    /**
     * Loads a model through the installed model runner {@code runner}, its {@code config} checked
     * against that runner's options (defaults filled in) like any plugin's.
     *
     * @param origin where the use was declared ("rules.parley:12:3"), so relative paths and errors can point there
     * @throws PluginException for an unknown runner (suggesting the likely one), a bad config, or a model that cannot load
     */
    ModelRunnerPlugin.LoadedModel loadModel(String runner, Map<String, Object> config, String origin);

    /**
     * Says that the rule-set version being prepared uses this model (an operator's own model, such
     * as an embedding model it ships); a model loaded through {@link #loadModel} is registered
     * already. The engine records it in the model registry once the rule set is prepared; the
     * operator's signals name it by {@link RegisteredModel#ref()} ({@code SignalFact#getModel()}).
     * A context that keeps no registry (a bare test context) ignores it.
     */
    default void registerModel(RegisteredModel model) {
    }
}
