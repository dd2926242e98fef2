package io.parley.dsl.ast;

import io.parley.dsl.source.Span;

/** What a {@code says} atom looks for in a turn. */
public sealed interface Match {
    Span span();

    /** {@code any X}, {@code all X}, {@code none X}, {@code 2 of X}, and the sugar {@code "literal"}. */
    record Terms(Quantifier quantifier, TermSource terms, Span span) implements Match {
    }

    /** {@code regex /…/} or {@code regex pattern_name}. */
    record Regex(RegexSource regex, Span span) implements Match {
    }

    /** How many terms of the source must occur, and where. */
    sealed interface Quantifier {
        /** Some turn contains some term. */
        record Any() implements Quantifier {
        }

        /** Some single turn contains every term. */
        record All() implements Quantifier {
        }

        /** No turn contains any term. */
        record None() implements Quantifier {
        }

        /** Some single turn contains at least {@code count} distinct terms. */
        record AtLeast(IntLiteral count) implements Quantifier {
        }
    }

    /** Where terms come from: a declared lexicon or a list written in place. */
    sealed interface TermSource {
        Span span();

        record LexiconRef(Identifier name) implements TermSource {
            @Override
            public Span span() {
                return name.span();
            }
        }

        record Inline(StringList terms) implements TermSource {
            @Override
            public Span span() {
                return terms.span();
            }
        }
    }

    /** Where a regex comes from: a declared pattern or one written in place. */
    sealed interface RegexSource {
        Span span();

        record PatternRef(Identifier name) implements RegexSource {
            @Override
            public Span span() {
                return name.span();
            }
        }

        record Inline(RegexLiteral regex) implements RegexSource {
            @Override
            public Span span() {
                return regex.span();
            }
        }
    }
}
