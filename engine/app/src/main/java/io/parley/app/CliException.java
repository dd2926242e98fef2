package io.parley.app;

/** A failure the user can act on: printed as its message alone (no stack trace), with an exit code. */
final class CliException extends RuntimeException {
    private final int exitCode;

    CliException(String message, int exitCode) {
        super(message);
        this.exitCode = exitCode;
    }

    CliException(String message) {
        this(message, 1);
    }

    int exitCode() {
        return exitCode;
    }
}
