package io.parley.app;

/**
 * A failure the user can act on, from a command or the server it starts: printed as its message
 * alone (no stack trace), with an exit code.
 */
public final class CliException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int exitCode;

    public CliException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    public CliException(String message) {
        this(message, 1);
    }

    public int exitCode() {
        return exitCode;
    }
}
