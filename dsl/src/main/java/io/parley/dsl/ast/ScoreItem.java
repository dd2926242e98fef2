package io.parley.dsl.ast;

import io.parley.dsl.source.Span;

/** One scorecard line: a rule and what its hit does to the score. */
public record ScoreItem(Identifier rule, Effect effect, Span span) {

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

        /** {@code veto}: the score becomes 0. */
        record Veto(Span span) implements Effect {
        }
    }
}
