package io.parley.dsl.ast;

import io.parley.dsl.source.Span;

/** {@code /…/}: a Java regular expression with {@code \/} already turned into {@code /}; the span includes the slashes. */
public record RegexLiteral(String regex, Span span) {
}
