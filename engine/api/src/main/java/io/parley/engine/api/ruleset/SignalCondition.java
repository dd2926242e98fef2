package io.parley.engine.api.ruleset;

import java.util.List;

/**
 * A rule condition that only asks which signals a dialogue has: decided straight from the
 * annotate stage's signals, without a Drools session (see {@link SignalRule}). Its meaning,
 * evidence included, is exactly that of the DRL the compiler would otherwise write: a pattern's
 * evidence is every signal it matches, {@code all} and {@code any} pool the evidence of their
 * operands that hold, {@code not} and {@code exists} bind nothing.
 */
public sealed interface SignalCondition {

    /**
     * Holds when some signal matches: of this {@code name}, and where given, of this {@code kind},
     * this {@code role}, in a turn below {@code turnBelow} (0-based, all roles) and below
     * {@code roleTurnBelow} (counting the role's own turns).
     */
    record Signal(String kind, String name, String role, Integer turnBelow, Integer roleTurnBelow) implements SignalCondition {
    }

    /** Holds when the dialogue has any turn; binds nothing (anchors negative conditions). */
    record AnyTurn() implements SignalCondition {
    }

    /** Holds when its operand holds; binds nothing. */
    record Exists(SignalCondition operand) implements SignalCondition {
    }

    record Not(SignalCondition operand) implements SignalCondition {
    }

    record All(List<SignalCondition> operands) implements SignalCondition {
        public All {
            operands = List.copyOf(operands);
        }
    }

    record Any(List<SignalCondition> operands) implements SignalCondition {
        public Any {
            operands = List.copyOf(operands);
        }
    }
}
