package io.parley.dsl.ast;

import io.parley.dsl.source.Span;

import java.util.Optional;

/** One {@code expect …} line of a test. */
public sealed interface Expectation {
    Span span();

    /**
     * {@code expect [no] hit RULE [on turn N]}.
     *
     * @param hit  false for {@code no hit}
     * @param turn the 1-based turn as written
     */
    record Hit(boolean hit, Identifier rule, Optional<IntLiteral> turn, Span span) implements Expectation {
    }

    /** {@code expect score N}. */
    record Score(NumberLiteral value, Span span) implements Expectation {
    }

    /** {@code expect grade G}. */
    record Grade(Identifier grade, Span span) implements Expectation {
    }

    /** {@code expect checkpoint NAME passed | failed | not applicable}. */
    record Checkpoint(Identifier checkpoint, CheckpointStatus status, Span span) implements Expectation {
    }

    /** {@code expect stage NAME passed | missing | out of order | not applicable}. */
    record Stage(Identifier stage, StageStatus status, Span span) implements Expectation {
    }

    /** What a stage of an SOP came to, as a test writes it. */
    enum StageStatus { PASSED, MISSING, OUT_OF_ORDER, NOT_APPLICABLE }

    /** What a checkpoint came to, as a test writes it. */
    enum CheckpointStatus { PASSED, FAILED, NOT_APPLICABLE }
}
