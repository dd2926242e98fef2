package io.parley.engine.spi.storage;

/** A {@link ResultQuery#cursor()} that no page of this store gave, or that a page of another sort order gave. */
public final class InvalidCursorException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    public InvalidCursorException(String message) {
        super(message);
    }
}
