package io.parley.engine.impl.lifecycle;

import io.parley.engine.api.Diagnostic;

import java.util.List;

/** A rule-set version that does not compile (or no longer does, with the plugins installed now); nothing was changed. */
public final class RuleSetRejectedException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    @SuppressWarnings("serial") // exceptions never leave the process, so are never serialised
    private final List<Diagnostic> diagnostics;

    public RuleSetRejectedException(String message, List<Diagnostic> diagnostics) {
        super(message);
        this.diagnostics = List.copyOf(diagnostics);
    }

    public List<Diagnostic> diagnostics() {
        return diagnostics;
    }
}
