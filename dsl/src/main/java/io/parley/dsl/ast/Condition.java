package io.parley.dsl.ast;

import io.parley.dsl.source.Span;

import java.util.List;
import java.util.Optional;

/** A rule's condition: a boolean combination of atoms about the dialogue. */
public sealed interface Condition {
    Span span();

    /** {@code a and b and c}: every operand holds. */
    record And(List<Condition> operands, Span span) implements Condition {
        public And {
            operands = List.copyOf(operands);
        }
    }

    /** {@code a or b or c}: some operand holds. */
    record Or(List<Condition> operands, Span span) implements Condition {
        public Or {
            operands = List.copyOf(operands);
        }
    }

    /** {@code not a}: the operand does not hold anywhere in the dialogue. */
    record Not(Condition operand, Span span) implements Condition {
    }

    /** {@code agent says any greeting within first 2 agent turns}. */
    record Says(Identifier role, Match match, Optional<Position> position, Span span) implements Condition {
    }

    /**
     * {@code agent turn matches slow_reply}: some turn of the role (of any role when {@code role} is
     * empty, written {@code any turn matches …}) has a signal of the declared operator.
     */
    record Matches(Optional<Identifier> role, Identifier operator, Optional<Position> position, Span span)
            implements Condition {
    }
}
