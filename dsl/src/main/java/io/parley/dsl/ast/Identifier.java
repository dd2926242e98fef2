package io.parley.dsl.ast;

import io.parley.dsl.source.Span;

/** A name as written: a declaration's own name or a reference to one. */
public record Identifier(String name, Span span) {
}
