package io.parley.engine.spi.plugin;

import io.parley.engine.api.Dialogue;
import io.parley.engine.api.facts.SignalFact;
import io.parley.engine.api.facts.TurnFact;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * An operator: looks at dialogues and reports {@link SignalFact}s that rules reason over. A rule
 * set uses an operator under one or more names (e.g. the {@code lexicon} operator once per
 * lexicon); the engine hands ALL of a rule set's lexicons (patterns) to the built-in operator's
 * {@link #prepare} at once, so it can share work between them (one Aho-Corasick automaton for
 * every lexicon). Each operator a rule set declares by name ({@code operator x = …},
 * {@code script operator x = …}) is prepared on its own, in declaration order: it sees the
 * signals of every operator before it, and a failure names exactly that use. Rules match a
 * declared operator's signals by {@code name} (the use's name) and role, whatever their kind.
 */
public interface OperatorPlugin extends Plugin {

    /**
     * One use of the operator in a rule set. {@code name} is what the rules call it (the signal
     * name); {@code config} follows {@link PluginInfo#config()}; {@code origin} says where it was
     * declared ("rules.parley:12:3") so errors can point there.
     */
    record Use(String name, Map<String, Object> config, String origin) {
        public Use {
            config = Map.copyOf(config);
        }
    }

    /**
     * Called once per rule-set version; throws {@link PluginException} naming the bad use when a
     * configuration cannot work (the rule set then fails to compile, nothing is half-published).
     */
    PreparedOperator prepare(List<Use> uses);

    /**
     * Like {@link #prepare(List)}, for operators that need other plugins (the {@code model}
     * operator loads its model through a {@link ModelRunnerPlugin}). The engine calls this one;
     * by default it ignores the context.
     */
    default PreparedOperator prepare(List<Use> uses, OperatorContext context) {
        return prepare(uses);
    }

    /** The operator, ready for a rule-set version. Shared by every evaluation thread: must be thread-safe. */
    interface PreparedOperator extends AutoCloseable {

        /**
         * Reports the signals of one dialogue. {@code earlierSignals} are those of the operators
         * that ran before this one (built-ins first), for operators that combine signals.
         *
         * @throws PluginException when this dialogue cannot be annotated; only its evaluation fails
         */
        void annotate(Dialogue dialogue, List<TurnFact> turns, List<SignalFact> earlierSignals, Consumer<SignalFact> signals);

        /**
         * The model(s) this operator calls, with their versions (e.g. {@code tiny-complaint@1.0.0}),
         * or null when it calls none. The signals of an operator that calls a model are stored with
         * each result, and a backtest reuses them instead of calling the model again while the
         * plugin, its configuration and this version are unchanged.
         */
        default String modelVersion() {
            return null;
        }

        /** {@code annotator}, saying that its signals come from {@code modelVersion} (see {@link #modelVersion()}). */
        static PreparedOperator callingModel(String modelVersion, PreparedOperator annotator) {
            return new PreparedOperator() {
                @Override
                public void annotate(Dialogue dialogue, List<TurnFact> turns, List<SignalFact> earlierSignals,
                                     Consumer<SignalFact> signals) {
                    annotator.annotate(dialogue, turns, earlierSignals, signals);
                }

                @Override
                public String modelVersion() {
                    return modelVersion;
                }

                @Override
                public void close() {
                    annotator.close();
                }
            };
        }

        @Override
        default void close() {
        }
    }
}
