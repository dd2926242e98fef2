package io.parley.engine.spi.workflow;

import java.util.List;

/** A workflow request that cannot be carried out, with why in the user's terms. */
public final class WorkflowException extends RuntimeException {
    private static final long serialVersionUID = 1L;


    public enum Reason {
        /** No such task, instance or process (or not visible to the actor). */
        NOT_FOUND,
        /** The actor may not do this (another's task, a group they are not in). */
        NOT_ALLOWED,
        /** The state does not allow it now (claimed by someone else, already completed). */
        CONFLICT,
        /** The request itself is wrong (a bad BPMN file, a decision that does not fit the task). */
        INVALID
    }

    private final Reason reason;
    @SuppressWarnings("serial") // exceptions never leave the process, so are never serialised
    private final List<String> details;

    public WorkflowException(Reason reason, String message) {
        this(reason, message, List.of(), null);
    }

    public WorkflowException(Reason reason, String message, List<String> details, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.details = List.copyOf(details);
    }

    public Reason reason() {
        return reason;
    }

    /** Further lines, e.g. each of the engine's BPMN parse errors with its line and column. */
    public List<String> details() {
        return details;
    }
}
