package io.parley.engine.api;

/** One dialogue could not be evaluated; the message says why in the user's terms. */
public class EvaluationException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public EvaluationException(String message, Throwable cause) {
        super(message, cause);
    }

    public EvaluationException(String message) {
        super(message);
    }
}
