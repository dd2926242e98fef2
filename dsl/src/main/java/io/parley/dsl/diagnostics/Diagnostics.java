package io.parley.dsl.diagnostics;

import io.parley.dsl.source.SourceFile;
import io.parley.dsl.source.Span;
import io.parley.engine.api.Diagnostic;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Collects the diagnostics of one compilation from every stage, so a user sees all problems at
 * once. Positions are kept as spans and turned into lines and columns here, in one place.
 */
public final class Diagnostics {
    private record Reported(DiagnosticCode code, Span span, String message, String suggestion) {
    }

    private final SourceFile source;
    private final List<Reported> reported = new ArrayList<>();

    public Diagnostics(SourceFile source) {
        this.source = source;
    }

    /** The file being compiled. */
    public SourceFile source() {
        return source;
    }

    /** @param suggestion the likely fix, or null */
    public void report(DiagnosticCode code, Span span, String message, String suggestion) {
        reported.add(new Reported(code, span, message, suggestion));
    }

    public void report(DiagnosticCode code, Span span, String message) {
        report(code, span, message, null);
    }

    public boolean hasErrors() {
        return reported.stream().anyMatch(r -> r.code().severity() == Diagnostic.Severity.ERROR);
    }

    public boolean hasErrorOnLine(int line) {
        return reported.stream().anyMatch(r -> r.code().severity() == Diagnostic.Severity.ERROR
                && source.line(r.span().start()) == line);
    }

    /** "line 7" ("line 7 of base.parley" in an imported file), for messages that point from one place to another. */
    public String lineOf(Span span) {
        String file = source.originName(span.start());
        return "line " + source.originLine(span.start()) + (file.equals(source.name()) ? "" : " of " + file);
    }

    /** "rules.parley:7:3", for suggestions that point at a second place. */
    public String locationOf(Span span) {
        return source.originName(span.start()) + ":" + source.originLine(span.start()) + ":" + source.column(span.start());
    }

    /** Every diagnostic in source order; diagnostics at one position keep the order they were reported in. */
    public List<Diagnostic> toList() {
        return reported.stream()
                .sorted(Comparator.comparingInt((Reported r) -> r.span().start()))
                .map(this::toDiagnostic)
                .toList();
    }

    private Diagnostic toDiagnostic(Reported r) {
        int line = source.line(r.span().start());
        int column = source.column(r.span().start());
        int lineLength = source.lineLength(line);
        // The caret line underlines one line only: a span running past it is cut at its end.
        int length = Math.max(1, Math.min(r.span().length(), lineLength - column + 1));
        // A 900 KB one-line lexicon must not be copied into each of its warnings: past a limit, no excerpt.
        return new Diagnostic(r.code().code(), r.code().severity(), source.originName(r.span().start()),
                source.originLine(r.span().start()), column, length, r.message(),
                lineLength > Limits.MAX_EXCERPT_CHARS ? null : source.lineText(line), r.suggestion());
    }
}
