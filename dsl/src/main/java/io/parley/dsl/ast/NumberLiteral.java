package io.parley.dsl.ast;

import io.parley.dsl.source.Span;

/** A number with an optional fraction and, where the grammar allows it, a sign (scores and points). */
public record NumberLiteral(double value, Span span) {
}
