package io.parley.dsl.ast;

import io.parley.dsl.source.Span;

import java.util.Optional;

/** What a {@code says} atom looks for in a turn. */
public sealed interface Match {
    Span span();

    /** {@code any X}, {@code all X}, {@code none X}, {@code 2 of X}, and the sugar {@code "literal"}. */
    record Terms(Quantifier quantifier, TermSource terms, Span span) implements Match {
    }

    /**
     * {@code regex /…/} or {@code regex pattern_name}, optionally {@code except /…/}: a match that
     * an exception match overlaps does not count.
     */
    record Regex(RegexSource regex, Optional<RegexSource> except, Span span) implements Match {
    }

    /** {@code "退款" within 10 chars of "订单"}: both in one turn, at most N characters apart. */
    record Near(Terms terms, IntLiteral chars, TermSource other, Span span) implements Match {
    }

    /** {@code intent refund_request}: a declared intent's signal. */
    record Intent(Identifier name, Span span) implements Match {
    }

    /** {@code similar to ["…"] above 0.8}: the similarity plugin, an anonymous operator per use. */
    record Similar(StringList examples, Optional<NumberLiteral> above, Span span) implements Match {
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

        /** {@code entity order_no} ({@code ROLE mentions entity order_no}): a declared entity's regex. */
        record EntityRef(Identifier name) implements RegexSource {
            @Override
            public Span span() {
                return name.span();
            }
        }
    }
}
