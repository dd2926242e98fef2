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

    /** {@code customer sentiment negative above 0.7}: a sentiment plugin's label on some turn of the role. */
    record Sentiment(Identifier role, Identifier label, Optional<NumberLiteral> above, Span span) implements Condition {
    }

    /** {@code refund_request}: a declared signal, standing for its condition. */
    record SignalRef(Identifier name, Span span) implements Condition {
    }

    /** Conditions on turn times and the dialogue's size (docs/dsl.md, "Timing"). */
    record Timing(Measure measure, Optional<Identifier> role, Comparison comparison, NumberLiteral amount, Span span)
            implements Condition {
    }

    /** What a {@link Timing} condition measures. */
    enum Measure {
        /** {@code agent response time over 60s}: some response of the role took longer. */
        RESPONSE_TIME,
        /** {@code agent responds within 30s}: some response was measured and none took longer. */
        RESPONDS_WITHIN,
        /** {@code silence over 30s}: some gap between consecutive turns is longer. */
        SILENCE,
        /** {@code agent interrupts}: some turn of the role starts before the previous turn, of another role, ends. */
        INTERRUPTION,
        /** {@code agent speech rate over 6}: some turn of the role has more (fewer) chars per second. */
        SPEECH_RATE,
        /** {@code dialogue has more than 20 [agent] turns}. */
        TURN_COUNT,
        /** {@code dialogue lasts over 10m}. */
        DURATION
    }

    /** How a measure compares with its amount. */
    enum Comparison {
        OVER(">"), UNDER("<"), AT_LEAST(">="), AT_MOST("<="), IS("==");

        private final String operator;

        Comparison(String operator) {
            this.operator = operator;
        }

        public String operator() {
            return operator;
        }
    }

    /**
     * {@code attribute sku in ["A1", "B2"]}, {@code attribute channel is "tmall"},
     * {@code outcome converted is false}, {@code outcome satisfaction at most 2}.
     *
     * @param outcome true for an outcome field, false for an attribute
     * @param values  the texts an attribute (or {@code converted}) may equal; empty for a numeric comparison
     * @param number  the number a numeric outcome field is compared with
     */
    record Field(boolean outcome, Identifier name, Comparison comparison, List<StringLiteral> values,
                 Optional<NumberLiteral> number, Span span) implements Condition {
        public Field {
            values = List.copyOf(values);
        }
    }

    /**
     * {@code A within next 3 agent turns after B}, {@code A within 60s after B}, {@code A before B},
     * {@code A after B}: A holds on a turn placed so relative to a turn where B holds.
     */
    record Anchored(Condition target, Window window, Condition anchor, Span span) implements Condition {
    }

    /** Where the target's turn must lie relative to the anchor's. */
    sealed interface Window {
        Span span();

        /** {@code within next N [role] turns after}: a later turn, among the next N (of the role). */
        record NextTurns(IntLiteral count, Optional<Identifier> role, Span span) implements Window {
        }

        /** {@code within Ns after}: a later turn starting at most N seconds after the anchor's turn starts. */
        record Seconds(NumberLiteral seconds, Span span) implements Window {
        }

        /** {@code before}: an earlier turn. */
        record Before(Span span) implements Window {
        }

        /** {@code after}: a later turn. */
        record After(Span span) implements Window {
        }
    }

    /** {@code A at least 2 times} / {@code A at most 1 times}: the number of turns where A holds. */
    record Counted(Condition target, boolean atLeast, IntLiteral times, Span span) implements Condition {
    }

    /** {@code A for the 2nd time}: the turn where A holds for the Nth time (counting turns, in order). */
    record Nth(Condition target, IntLiteral nth, Span span) implements Condition {
    }
}
