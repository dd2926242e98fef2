package io.parley.engine.impl.evaluate;

import io.parley.engine.api.model.RegisteredModel;
import io.parley.engine.spi.plugin.ModelRunnerPlugin.LoadedModel;
import io.parley.engine.spi.plugin.OperatorContext;
import io.parley.engine.spi.plugin.PluginException;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The operator context of one rule-set preparation: models load through the installed runners, and
 * every model the operators use — loaded here or registered by the operator — is recorded, in the
 * order first used, for the model registry. One version of a model has one set of files: a rule
 * set whose uses disagree about them is refused at the second use.
 */
final class ModelsInUse implements OperatorContext {
    private final OperatorContext runners;
    private final Map<String, RegisteredModel> models = new LinkedHashMap<>();

    ModelsInUse(OperatorContext runners) {
        this.runners = runners;
    }

    @Override
    public LoadedModel loadModel(String runner, Map<String, Object> config, String origin) {
        LoadedModel model = runners.loadModel(runner, config, origin);
        try {
            registerModel(model.registration().orElseGet(() -> new RegisteredModel(model.id(), model.version(), runner,
                    origin == null ? "runner " + runner : origin, List.of(), null, model.labels(), Map.of(), Map.of(), Map.of())));
            return model;
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    @Override
    public synchronized void registerModel(RegisteredModel model) {
        RegisteredModel first = models.putIfAbsent(model.ref(), model);
        if (first != null && !first.sameFiles(model)) {
            throw new PluginException("model " + model.ref() + " is used twice in this rule set with different files ("
                    + first.source() + " and " + model.source() + "): give one of them another version");
        }
    }

    /** In the order first used. */
    synchronized List<RegisteredModel> models() {
        return List.copyOf(models.values());
    }
}
