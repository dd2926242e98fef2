package io.parley.dsl.ast;

import io.parley.dsl.source.Span;

/** A quoted string, escapes resolved; the span includes the quotes. */
public record StringLiteral(String value, Span span) {
}
