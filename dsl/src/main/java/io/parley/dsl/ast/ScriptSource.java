package io.parley.dsl.ast;

import io.parley.dsl.source.Span;

/** Where a script's text comes from, and the plugin ({@code language}, e.g. {@code js}) that runs it. */
public sealed interface ScriptSource {
    Identifier language();

    Span span();

    /**
     * {@code js"""…"""}: the text between the quotes, as written.
     *
     * @param textSpan the text itself, without the quotes
     */
    record Inline(Identifier language, String text, Span textSpan, Span span) implements ScriptSource {
    }

    /** {@code js file "ops/slow_reply.js"}: a path relative to the rule file. */
    record File(Identifier language, StringLiteral path, Span span) implements ScriptSource {
    }
}
