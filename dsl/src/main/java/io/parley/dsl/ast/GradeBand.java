package io.parley.dsl.ast;

import io.parley.dsl.source.Span;

/** {@code A >= 90}: scores at or above {@code min} get {@code grade}, unless a higher band applies. */
public record GradeBand(Identifier grade, NumberLiteral min, Span span) {
}
