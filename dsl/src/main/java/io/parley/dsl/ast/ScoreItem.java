package io.parley.dsl.ast;

import io.parley.dsl.source.Span;

import java.util.Optional;

/**
 * One scorecard line: a rule (or checkpoint) and what its hit does to the score.
 *
 * @param section the section it is listed under, if any
 */
public record ScoreItem(Identifier rule, Effect effect, Optional<Identifier> section, Span span) {

    /** What a hit of the item's rule does to the score. */
    public sealed interface Effect {
        Span span();

        /** {@code -15} deducts, {@code +5} adds. */
        record Points(NumberLiteral points) implements Effect {
            @Override
            public Span span() {
                return points.span();
            }
        }

        /** {@code veto} (the score becomes 0) or {@code veto to 59} (the score becomes at most 59). */
        record Veto(Optional<NumberLiteral> to, Span span) implements Effect {
        }
    }
}
