package io.parley.engine.impl.annotate;

import io.parley.engine.api.Dialogue;
import io.parley.engine.api.facts.SignalFact;
import io.parley.engine.api.facts.TurnFact;
import io.parley.engine.spi.plugin.OperatorPlugin;

import java.util.List;
import java.util.function.Consumer;

/** What the built-in operators share. */
final class BuiltInOperators {
    /** Built-ins are versioned with the engine's plugin contract, not the build, so docs stay stable. */
    static final String VERSION = "1.0.0";

    private BuiltInOperators() {
    }

    /** A STRING_LIST option, already checked by the registry. */
    static List<String> strings(OperatorPlugin.Use use, String option) {
        return ((List<?>) use.config().get(option)).stream().map(String.class::cast).toList();
    }

    /** Looks at one turn at a time; the built-ins need no context beyond the turn. */
    interface TurnAnnotation {
        void annotate(TurnFact turn, Consumer<SignalFact> signals);
    }

    /** Runs a per-turn annotator over every turn of a dialogue. */
    record PerTurn(TurnAnnotation annotation) implements OperatorPlugin.PreparedOperator {
        @Override
        public void annotate(Dialogue dialogue, List<TurnFact> turns, List<SignalFact> earlierSignals,
                             Consumer<SignalFact> signals) {
            turns.forEach(turn -> annotation.annotate(turn, signals));
        }
    }
}
