package io.parley.engine.spi.plugin;

/**
 * A plugin could not do what was asked: bad configuration, a failing call, a time budget spent.
 * The message is for the user and names what went wrong in their terms; the engine adds which
 * plugin and which evaluation. When the problem sits in user-written source (a script inside a
 * rule file), {@code line} and {@code column} give its 1-based position in that file, else 0.
 */
public class PluginException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int line;
    private final int column;

    public PluginException(String message) {
        this(message, null, 0, 0);
    }

    public PluginException(String message, Throwable cause) {
        this(message, cause, 0, 0);
    }

    public PluginException(String message, Throwable cause, int line, int column) {
        super(message, cause);
        this.line = line;
        this.column = column;
    }

    public int line() {
        return line;
    }

    public int column() {
        return column;
    }

    public boolean hasPosition() {
        return line > 0;
    }
}
