package io.parley.engine.impl.lifecycle;

/** A rule set, version or job named in a request does not exist; the message names it. */
public final class RuleSetNotFoundException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public RuleSetNotFoundException(String message) {
        super(message);
    }
}
