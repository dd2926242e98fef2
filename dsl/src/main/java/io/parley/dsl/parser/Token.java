package io.parley.dsl.parser;

import io.parley.dsl.source.Span;

/**
 * One token. {@code text} is the source as written; {@code value} is what it means: the decoded
 * content of a string or regex, otherwise the text.
 */
public record Token(TokenKind kind, String text, String value, Span span) {

    public boolean isKeyword(String keyword) {
        return kind == TokenKind.KEYWORD && text.equals(keyword);
    }

    /** How a message names this token: "'says'", "string \"亲\"", "the end of the file". */
    public String describe() {
        return switch (kind) {
            case END_OF_FILE -> kind.description();
            case STRING -> "string " + text;
            case REGEX -> "regex " + text;
            case SCRIPT -> "a script";
            case NUMBER -> "number " + text;
            case KEYWORD -> "keyword '" + text + "'";
            default -> "'" + text + "'";
        };
    }
}
