package io.parley.dsl.ast;

import io.parley.dsl.source.Span;

/** A whole number as written (counts, positions, versions). */
public record IntLiteral(int value, Span span) {
}
