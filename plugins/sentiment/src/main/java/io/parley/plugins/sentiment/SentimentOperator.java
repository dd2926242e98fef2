package io.parley.plugins.sentiment;

import io.parley.engine.api.facts.SignalFact;
import io.parley.engine.api.facts.TurnFact;
import io.parley.engine.spi.plugin.ConfigOption;
import io.parley.engine.spi.plugin.OperatorContext;
import io.parley.engine.spi.plugin.OperatorPlugin;
import io.parley.engine.spi.plugin.PluginException;
import io.parley.engine.spi.plugin.PluginInfo;
import io.parley.engine.spi.plugin.PluginKind;

import java.util.List;

/**
 * {@code operator bitter = sentiment { label: "negative" }}: a signal on every customer turn whose
 * probability of {@code label}, read with its context, is at least {@code threshold}.
 */
public final class SentimentOperator implements OperatorPlugin {
    static final String DEFAULT_THRESHOLD = "0.5";

    @Override
    public PluginInfo info() {
        return new PluginInfo("sentiment", "1.0.0", PluginKind.OPERATOR,
                "Sentiment of each customer turn read with its context (the turn, the turns before it, unanswered messages, "
                        + "waiting time, repetition, politeness, punctuation): bge-small-zh embeddings and a head trained on "
                        + "JDDC, STC-3, review and sarcasm data plus stated weak supervision (timed thanks dialogues, polite rewrites), run by ONNX Runtime (docs/models-sentiment.md). One signal "
                        + "(kind 'sentiment', term = the label, score = its probability) per customer turn whose probability "
                        + "of 'label' is at least 'threshold'.",
                List.of(ConfigOption.required("label", ConfigOption.ConfigType.STRING, "negative, neutral or positive."),
                        ConfigOption.optional("threshold", ConfigOption.ConfigType.NUMBER, DEFAULT_THRESHOLD,
                                "Lowest probability of 'label' (0..1) that gives a signal."),
                        OperatorOptions.CONTEXT, OperatorOptions.MODEL));
    }

    /** Registers the head with the rule set, for the model registry. */
    @Override
    public PreparedOperator prepare(List<Use> uses, OperatorContext context) {
        PreparedOperator prepared = prepare(uses);
        context.registerModel(HeadRegistration.of(uses.getFirst(), OperatorOptions.model(uses.getFirst()).head()));
        return prepared;
    }

    @Override
    public PreparedOperator prepare(List<Use> uses) {
        Use use = uses.getFirst();
        Sentiment label;
        try {
            label = Sentiment.ofLabel(String.valueOf(use.config().get("label")));
        } catch (IllegalArgumentException e) {
            throw new PluginException(use.name() + " (" + use.origin() + "): label: " + e.getMessage());
        }
        double threshold = OperatorOptions.fraction(use, "threshold");
        SentimentModel model = OperatorOptions.model(use);
        String ref = HeadRegistration.ref(model.head());
        return PreparedOperator.callingModel(ref, (dialogue, turns, earlierSignals, signals) -> {
            for (SentimentModel.TurnSentiment sentiment : model.customerTurns(DialogueTurns.of(turns))) {
                double probability = sentiment.probability(label);
                if (probability >= threshold) {
                    TurnFact turn = turns.get(sentiment.index());
                    String text = turn.getText();
                    signals.accept(new SignalFact("sentiment", use.name(), label.label(), turn.getIndex(), turn.getRole(),
                            turn.getRoleIndex(), 0, text.length(), text, probability, ref));
                }
            }
        });
    }
}
