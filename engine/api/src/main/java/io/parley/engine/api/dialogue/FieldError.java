package io.parley.engine.api.dialogue;

/**
 * One problem in a submitted dialogue.
 *
 * @param pointer where, as an RFC 6901 JSON pointer ({@code /turns/3/role}); the empty string
 *                means the document as a whole (malformed JSON, not an object)
 * @param message what is wrong and what was expected, in the submitter's terms
 */
public record FieldError(String pointer, String message) {

    /** {@code /turns/3/role: unknown role 'agnet' (...) — did you mean 'agent'?} */
    @Override
    public String toString() {
        return pointer.isEmpty() ? message : pointer + ": " + message;
    }
}
