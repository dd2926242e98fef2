package io.parley.plugins.chatexport;

/** A record that cannot become a message; the message is the reason, naming the column. */
final class BadRecordException extends Exception {
    private static final long serialVersionUID = 1L;

    BadRecordException(String reason) {
        // Expected and frequent in messy exports: no stack trace to fill.
        super(reason, null, false, false);
    }
}
