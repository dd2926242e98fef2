package io.parley.dsl.ast;

import io.parley.dsl.source.Span;

import java.util.Optional;

/** {@code role: "text" [at "2026-11-11T10:00:03+08:00"]}: one turn of a test's dialogue. */
public record TestTurn(Identifier role, StringLiteral text, Optional<StringLiteral> at, Span span) {
}
