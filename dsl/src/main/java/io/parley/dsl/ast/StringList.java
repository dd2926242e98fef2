package io.parley.dsl.ast;

import io.parley.dsl.source.Span;

import java.util.List;

/** {@code ["a", "b"]}: lexicon terms, an inline term list or tags. The span covers the brackets. */
public record StringList(List<StringLiteral> items, Span span) {
    public StringList {
        items = List.copyOf(items);
    }
}
