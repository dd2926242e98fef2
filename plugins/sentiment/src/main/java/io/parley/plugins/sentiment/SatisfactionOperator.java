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
 * {@code operator unhappy = satisfaction { below: 0.4 }}: one signal on the last customer turn
 * when the dialogue's satisfaction is below a bound, or its churn risk above one
 * ({@link DialogueSatisfaction}); the signal's score is that satisfaction or churn risk.
 */
public final class SatisfactionOperator implements OperatorPlugin {

    @Override
    public PluginInfo info() {
        return new PluginInfo("satisfaction", "1.1.0", PluginKind.OPERATOR,
                "Dialogue-level satisfaction and churn risk from the context-aware sentiment of the customer's turns "
                        + "(docs/models-sentiment.md): satisfaction is the recency-weighted mean of P(positive) + ½·P(neutral) "
                        + "(weights halve every 2 customer turns back), churn risk the highest P(negative) of a customer turn, "
                        + "halved for every customer turn after it. One signal (kind 'satisfaction', term 'satisfaction' or 'churn_risk', score = that value) "
                        + "on the last customer turn when satisfaction is below 'below' or churn risk above 'churn_above'; "
                        + "give at most one of the two; without either, 'churn: true' flags churn risk above the head's calibrated "
                        + "cut-off, and otherwise satisfaction below the head's calibrated cut-off of an unsatisfied dialogue is flagged.",
                List.of(ConfigOption.optional("below", ConfigOption.ConfigType.NUMBER, null,
                                "Signal when the dialogue's satisfaction (0..1) is below this. Default: the head's calibrated "
                                        + "'negative below' band (docs/models-sentiment.md)."),
                        ConfigOption.optional("churn_above", ConfigOption.ConfigType.NUMBER, null,
                                "Signal when the dialogue's churn risk (0..1) is above this."),
                        ConfigOption.optional("churn", ConfigOption.ConfigType.BOOLEAN, "false",
                                "true: signal on churn risk above the head's calibrated cut-off (when 'churn_above' is not given)."),
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
        boolean belowGiven = use.config().get("below") != null;
        boolean churnGiven = use.config().get("churn_above") != null;
        boolean churnCalibrated = Boolean.TRUE.equals(use.config().get("churn"));
        if (belowGiven && (churnGiven || churnCalibrated)) {
            throw new PluginException(use.name() + " (" + use.origin() + "): give 'below' or a churn bound ('churn_above', 'churn: true'), not both");
        }
        SentimentModel model = OperatorOptions.model(use);
        String ref = HeadRegistration.ref(model.head());
        boolean below = !(churnGiven || churnCalibrated);
        DialogueBands bands = model.head().descriptor().bands();
        double bound = belowGiven ? OperatorOptions.fraction(use, "below")
                : churnGiven ? OperatorOptions.fraction(use, "churn_above")
                : below ? bands.negativeBelow() : bands.churnAbove();
        return (dialogue, turns, earlierSignals, signals) -> {
            DialogueSatisfaction verdict = DialogueSatisfaction.of(model.customerTurns(DialogueTurns.of(turns)));
            if (verdict == null) {
                return;
            }
            double value = below ? verdict.satisfaction() : verdict.churnRisk();
            if (below ? value < bound : value > bound) {
                TurnFact turn = turns.get(verdict.lastCustomerTurn());
                String text = turn.getText();
                signals.accept(new SignalFact("satisfaction", use.name(), below ? "satisfaction" : "churn_risk", turn.getIndex(),
                        turn.getRole(), turn.getRoleIndex(), 0, text.length(), text, value, ref));
            }
        };
    }
}
