package io.parley.engine.api;

import java.util.Optional;

/**
 * The one problem report of Parley: rule-set compile errors and warnings, and later script and
 * model errors mapped to source positions. Lines and columns are 1-based; {@code length} is the
 * number of characters the caret line underlines (at least 1).
 *
 * @param code       stable identifier, e.g. {@code PRL0102}; documented in docs/dsl.md
 * @param sourceLine the text of line {@code line}, for rendering without the file at hand
 * @param suggestion the likely fix, or null
 */
public record Diagnostic(String code, Severity severity, String file, int line, int column, int length,
                         String message, String sourceLine, String suggestion) {

    public enum Severity { ERROR, WARNING }

    public Optional<String> suggestionText() {
        return Optional.ofNullable(suggestion);
    }

    /**
     * Renders as a compiler would:
     * <pre>
     * rules.parley:7:21: error PRL0201: unknown lexicon 'greting'
     *     agent says any greting
     *                    ^^^^^^^
     *   did you mean 'greeting'?
     * </pre>
     */
    public String render() {
        StringBuilder out = new StringBuilder()
                .append(file).append(':').append(line).append(':').append(column).append(": ")
                .append(severity.name().toLowerCase()).append(' ').append(code).append(": ").append(message)
                .append('\n');
        if (sourceLine != null) {
            String indent = "    ";
            out.append(indent).append(sourceLine).append('\n').append(indent);
            int caretStart = Math.min(column - 1, sourceLine.length());
            for (int i = 0; i < caretStart; i++) {
                char c = sourceLine.charAt(i);
                // Tabs stay tabs and wide (CJK) characters take two cells, so the caret lines up in a terminal.
                out.append(c == '\t' ? "\t" : DisplayWidth.isWide(c) ? "  " : " ");
            }
            int carets = 0;
            for (int i = caretStart; i < caretStart + Math.max(1, length); i++) {
                carets += i < sourceLine.length() && DisplayWidth.isWide(sourceLine.charAt(i)) ? 2 : 1;
            }
            out.append("^".repeat(carets)).append('\n');
        }
        if (suggestion != null) {
            out.append("  ").append(suggestion).append('\n');
        }
        return out.toString();
    }
}
