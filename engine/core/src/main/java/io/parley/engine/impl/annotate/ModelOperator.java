package io.parley.engine.impl.annotate;

import io.parley.engine.api.Dialogue;
import io.parley.engine.api.facts.SignalFact;
import io.parley.engine.api.facts.TurnFact;
import io.parley.engine.spi.plugin.ConfigOption;
import io.parley.engine.spi.plugin.ConfigOption.ConfigType;
import io.parley.engine.spi.plugin.ModelRunnerPlugin.LoadedModel;
import io.parley.engine.spi.plugin.OperatorContext;
import io.parley.engine.spi.plugin.OperatorPlugin;
import io.parley.engine.spi.plugin.PluginException;
import io.parley.engine.spi.plugin.PluginInfo;
import io.parley.engine.spi.plugin.PluginKind;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The built-in {@code model} operator: a text classifier, loaded by a model-runner plugin, run
 * over every spoken turn; a turn whose probability of {@code label} reaches {@code threshold} gets
 * a signal whose term names the model and its version ({@code tiny-complaint@1.0.0}), so every
 * result says which model produced it.
 */
public final class ModelOperator implements OperatorPlugin {
    public static final String ID = "model";
    public static final String KIND = "model";
    static final String RUNNER = "runner";
    static final String LABEL = "label";
    static final String THRESHOLD = "threshold";
    static final String MODEL = "model";

    private static final PluginInfo INFO = new PluginInfo(ID, BuiltInOperators.VERSION, PluginKind.OPERATOR,
            "A text classifier loaded by a model runner (e.g. 'onnx'), run per turn: a turn whose probability of 'label' reaches"
                    + " 'threshold' gets a signal (kind 'model', term = the model's id@version, score = the probability)."
                    + " Use: operator complaint = model { runner: \"onnx\", label: \"complaint\", model: { descriptor: \"complaint.yaml\" } }."
                    + " A model that fails or returns NaN fails that dialogue's evaluation.",
            List.of(ConfigOption.required(RUNNER, ConfigType.STRING, "The model-runner plugin that loads and runs the model."),
                    ConfigOption.required(LABEL, ConfigType.STRING, "The label whose probability is compared with the threshold."),
                    ConfigOption.optional(THRESHOLD, ConfigType.NUMBER, "0.5", "Probability (0..1) at or above which a turn is reported."),
                    ConfigOption.optional(MODEL, ConfigType.MAP, "{}",
                            "The runner's own configuration (checked against the runner's options), e.g. { descriptor: \"complaint.yaml\" }.")));

    @Override
    public PluginInfo info() {
        return INFO;
    }

    /** Without the engine's context there are no runners to load a model with. */
    @Override
    public PreparedOperator prepare(List<Use> uses) {
        throw new PluginException("the model operator loads its model through a model runner: prepare it with an operator context");
    }

    @Override
    public PreparedOperator prepare(List<Use> uses, OperatorContext context) {
        List<Classification> classifications = new ArrayList<>();
        try {
            for (Use use : uses) {
                classifications.add(load(use, context));
            }
        } catch (RuntimeException e) {
            classifications.forEach(Classification::close);
            throw e;
        }
        return new PreparedOperator() {
            @Override
            public void annotate(Dialogue dialogue, List<TurnFact> turns, List<SignalFact> earlierSignals,
                                 Consumer<SignalFact> signals) {
                classifications.forEach(classification -> classification.annotate(turns, signals));
            }

            @Override
            public String modelVersion() {
                return String.join(",", classifications.stream().map(Classification::ref).toList());
            }

            @Override
            public void close() {
                classifications.forEach(Classification::close);
            }
        };
    }

    @SuppressWarnings("unchecked")
    private static Classification load(Use use, OperatorContext context) {
        String label = use.config().get(LABEL).toString();
        double threshold = ((Number) use.config().getOrDefault(THRESHOLD, 0.5)).doubleValue();
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new PluginException("threshold " + threshold + " of '" + use.name() + "' is not a probability between 0 and 1");
        }
        Map<String, Object> modelConfig = (Map<String, Object>) use.config().getOrDefault(MODEL, Map.of());
        LoadedModel model = context.loadModel(use.config().get(RUNNER).toString(), modelConfig, use.origin());
        int labelIndex = model.labels().indexOf(label);
        if (labelIndex < 0) {
            model.close();
            throw new PluginException("model " + model.id() + "@" + model.version() + " has no label '" + label + "'; its labels: "
                    + model.labels());
        }
        return new Classification(use.name(), model, model.id() + "@" + model.version(), labelIndex, threshold);
    }

    private record Classification(String name, LoadedModel model, String ref, int labelIndex, double threshold) {

        void annotate(List<TurnFact> turns, Consumer<SignalFact> signals) {
            List<TurnFact> spoken = turns.stream().filter(turn -> !turn.getText().isBlank()).toList();
            if (spoken.isEmpty()) {
                return;
            }
            List<double[]> probabilities = model.classify(spoken.stream().map(TurnFact::getText).toList());
            if (probabilities.size() != spoken.size()) {
                throw new PluginException("model " + ref + " returned " + probabilities.size() + " rows for " + spoken.size() + " turns");
            }
            for (int i = 0; i < spoken.size(); i++) {
                double[] row = probabilities.get(i);
                double probability = labelIndex < row.length ? row[labelIndex] : Double.NaN;
                if (!Double.isFinite(probability)) {
                    throw new PluginException("model " + ref + " gave probability " + probability + " for turn " + (spoken.get(i).getIndex() + 1));
                }
                if (probability >= threshold) {
                    TurnFact turn = spoken.get(i);
                    String text = turn.getText();
                    signals.accept(new SignalFact(KIND, name, ref, turn.getIndex(), turn.getRole(), turn.getRoleIndex(),
                            0, text.length(), text, probability, ref));
                }
            }
        }

        void close() {
            model.close();
        }
    }
}
