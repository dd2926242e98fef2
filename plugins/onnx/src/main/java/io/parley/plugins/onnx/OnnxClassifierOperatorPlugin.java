package io.parley.plugins.onnx;

import io.parley.engine.api.Dialogue;
import io.parley.engine.api.facts.SignalFact;
import io.parley.engine.api.facts.TurnFact;
import io.parley.engine.api.model.RegisteredModel;
import io.parley.engine.spi.plugin.ConfigOption;
import io.parley.engine.spi.plugin.ConfigOption.ConfigType;
import io.parley.engine.spi.plugin.ModelRunnerPlugin.LoadedModel;
import io.parley.engine.spi.plugin.OperatorContext;
import io.parley.engine.spi.plugin.OperatorPlugin;
import io.parley.engine.spi.plugin.PluginException;
import io.parley.engine.spi.plugin.PluginInfo;
import io.parley.engine.spi.plugin.PluginKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Bring your own model: any ONNX text classifier with a Hugging Face tokenizer, described by a
 * descriptor file ({@link ClassifierDescriptor}), becomes an operator reporting the turns whose
 * probability of one label reaches a threshold. The model is loaded and run by the {@code onnx}
 * model runner ({@link OnnxModelRunnerPlugin}); {@code model { runner: "onnx", … }} does the same
 * with signals naming the model's id and version.
 */
public final class OnnxClassifierOperatorPlugin implements OperatorPlugin {
    /** Not "onnx-classifier": a DSL plugin id is a NAME, which has no hyphen. */
    public static final String ID = "onnx_classifier";
    static final String DESCRIPTOR = "descriptor";
    static final String LABEL = "label";
    static final String THRESHOLD = "threshold";
    /** Loads the model: the operator only turns its probabilities into signals. */
    private static final OnnxModelRunnerPlugin RUNNER = new OnnxModelRunnerPlugin();
    private static final Logger log = LoggerFactory.getLogger(OnnxClassifierOperatorPlugin.class);

    @Override
    public PluginInfo info() {
        return new PluginInfo(ID, "1.0.0", PluginKind.OPERATOR,
                "Your own ONNX text classifier (e.g. exported from Hugging Face with its tokenizer.json), run per turn by ONNX Runtime:"
                        + " a turn whose probability of 'label' reaches 'threshold' gets a signal (kind 'classifier', term = the label,"
                        + " score = the probability). The descriptor file names the model and its version, tokenizer, labels, input and output"
                        + " names (docs/models.md). Files that are missing, inputs that do not match or an output of the wrong shape stop the rule set"
                        + " from compiling; an output that is not finite (NaN) fails that dialogue's evaluation.",
                List.of(ConfigOption.required(DESCRIPTOR, ConfigType.STRING,
                                "Path of the model's descriptor file (JSON or YAML), relative to the rule file."),
                        ConfigOption.required(LABEL, ConfigType.STRING, "The label whose probability is compared with the threshold."),
                        ConfigOption.optional(THRESHOLD, ConfigType.NUMBER, "0.5", "Probability (0..1) at or above which a turn is reported.")));
    }

    @Override
    public PreparedOperator prepare(List<Use> uses) {
        return prepare(uses, model -> { });
    }

    /** Registers each use's model with the rule set (the model registry records its files and version). */
    @Override
    public PreparedOperator prepare(List<Use> uses, OperatorContext context) {
        return prepare(uses, context::registerModel);
    }

    private PreparedOperator prepare(List<Use> uses, Consumer<RegisteredModel> register) {
        List<Prepared> prepared = new ArrayList<>();
        try {
            for (Use use : uses) {
                prepared.add(prepare(use));
                register.accept(prepared.getLast().model().registration().orElseThrow());
            }
        } catch (RuntimeException e) {
            prepared.forEach(Prepared::close);
            throw e;
        }
        return new PreparedOperator() {
            @Override
            public void annotate(Dialogue dialogue, List<TurnFact> turns, List<SignalFact> earlierSignals,
                                 Consumer<SignalFact> signals) {
                prepared.forEach(use -> use.annotate(turns, signals));
            }

            @Override
            public String modelVersion() {
                return String.join(",", prepared.stream().map(Prepared::ref).distinct().toList());
            }

            @Override
            public void close() {
                prepared.forEach(Prepared::close);
            }
        };
    }

    private Prepared prepare(Use use) {
        String label = use.config().get(LABEL).toString();
        double threshold = ((Number) use.config().get(THRESHOLD)).doubleValue();
        if (!(threshold >= 0 && threshold <= 1)) {
            throw new PluginException("threshold " + threshold + " of '" + use.name() + "' is not a probability between 0 and 1");
        }
        LoadedModel model = RUNNER.load(Map.of(OnnxModelRunnerPlugin.DESCRIPTOR, use.config().get(DESCRIPTOR)), use.origin());
        int labelIndex = model.labels().indexOf(label);
        if (labelIndex < 0) {
            model.close();
            throw new PluginException("model " + model.id() + "@" + model.version() + " has no label '" + label + "'; its labels: "
                    + model.labels());
        }
        log.info("classifier '{}' ({}): model {}@{}, label {}, threshold {}", use.name(), use.origin(),
                model.id(), model.version(), label, threshold);
        return new Prepared(use.name(), model, model.id() + "@" + model.version(), label, labelIndex, threshold);
    }

    private record Prepared(String name, LoadedModel model, String ref, String label, int labelIndex, double threshold) {
        void annotate(List<TurnFact> turns, Consumer<SignalFact> signals) {
            List<TurnFact> spoken = turns.stream().filter(turn -> !turn.getText().isBlank()).toList();
            List<double[]> probabilities = model.classify(spoken.stream().map(TurnFact::getText).toList());
            for (int i = 0; i < spoken.size(); i++) {
                double probability = probabilities.get(i)[labelIndex];
                if (probability >= threshold) {
                    TurnFact turn = spoken.get(i);
                    String text = turn.getText();
                    signals.accept(new SignalFact("classifier", name, label, turn.getIndex(), turn.getRole(), turn.getRoleIndex(),
                            0, text.length(), text, probability, ref));
                }
            }
        }

        void close() {
            model.close();
        }
    }
}
