package io.parley.plugins.js;

import io.parley.engine.spi.plugin.ConfigOption;
import io.parley.engine.spi.plugin.ConfigOption.ConfigType;
import io.parley.engine.spi.plugin.PluginException;

import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * The options every JS plugin reads: the script text, where it sits in the rule file, and its
 * budgets.
 *
 * @param file   the rule file the script text was taken from, for error positions
 * @param line   1-based line in {@code file} where the script text starts
 * @param column 1-based column in {@code file} where the script text starts
 */
record ScriptConfig(String source, String file, int line, int column, Duration timeout, long statementLimit) {

    static final int DEFAULT_TIMEOUT_MILLIS = 50;
    static final long DEFAULT_STATEMENT_LIMIT = 100_000;
    /** The most an author may set {@code timeoutMillis} to: a push evaluates the script, so this also bounds a push. */
    static final int MAX_TIMEOUT_MILLIS = 1_000;
    /** The most an author may set {@code statementLimit} to; {@link JsSandbox#SCRIPT_STACK_BYTES} is sized for it. */
    static final long MAX_STATEMENT_LIMIT = 200_000;

    /** The options of a plugin whose script is described by {@code sourceDescription}. */
    static List<ConfigOption> options(String sourceDescription) {
        return List.of(
                ConfigOption.required("source", ConfigType.SCRIPT, sourceDescription),
                ConfigOption.optional("file", ConfigType.STRING, null,
                        "The rule file the script text comes from, used in error positions (default: the file named by the declaration's origin)."),
                ConfigOption.optional("line", ConfigType.INTEGER, "1",
                        "1-based line in that file where the script text starts; errors on script line n are reported at line + n - 1."),
                ConfigOption.optional("column", ConfigType.INTEGER, "1",
                        "1-based column in that file where the script text starts; errors on the script's first line are shifted by it."),
                ConfigOption.optional("timeoutMillis", ConfigType.INTEGER, String.valueOf(DEFAULT_TIMEOUT_MILLIS),
                        "Time budget of one call of the function, in milliseconds of the calling thread's CPU time (GC pauses and a busy "
                                + "machine do not count; 20x that in wall-clock time stops it too); a call that overruns is stopped and fails the dialogue. "
                                + "At most " + MAX_TIMEOUT_MILLIS + "."),
                ConfigOption.optional("statementLimit", ConfigType.INTEGER, String.valueOf(DEFAULT_STATEMENT_LIMIT),
                        "Most JavaScript statements one call of the function may execute; a call that exceeds it is stopped and fails the dialogue. "
                                + "At most " + MAX_STATEMENT_LIMIT + "."));
    }

    /**
     * Reads and checks {@code config}; {@code subject} names the declaration in errors
     * ("js operator 'long_wait' (rules.parley:12:3)"), {@code origin} supplies the default file.
     */
    static ScriptConfig read(Map<String, Object> config, String origin, String subject) {
        Object source = config.get("source");
        if (!(source instanceof String text) || text.isBlank()) {
            throw new PluginException(subject + ": option 'source' must be the script's JavaScript text");
        }
        Object file = config.get("file");
        return new ScriptConfig(text,
                file == null ? fileOf(origin) : file.toString(),
                positive(config, "line", 1, subject),
                positive(config, "column", 1, subject),
                Duration.ofMillis(atMost(positive(config, "timeoutMillis", DEFAULT_TIMEOUT_MILLIS, subject), MAX_TIMEOUT_MILLIS,
                        "timeoutMillis", subject)),
                atMost(positive(config, "statementLimit", DEFAULT_STATEMENT_LIMIT, subject), MAX_STATEMENT_LIMIT, "statementLimit", subject));
    }

    private static long atMost(long value, long maximum, String name, String subject) {
        if (value > maximum) {
            throw new PluginException(subject + ": option '" + name + "' is " + value + ", more than its maximum of " + maximum);
        }
        return value;
    }

    private static String fileOf(String origin) {
        if (origin == null || origin.isBlank()) {
            return "script";
        }
        int colon = origin.indexOf(':');
        return colon > 0 ? origin.substring(0, colon) : origin;
    }

    private static int positive(Map<String, Object> config, String name, int defaultValue, String subject) {
        long value = positive(config, name, (long) defaultValue, subject);
        if (value > Integer.MAX_VALUE) {
            throw new PluginException(subject + ": option '" + name + "' is too large: " + value);
        }
        return (int) value;
    }

    private static long positive(Map<String, Object> config, String name, long defaultValue, String subject) {
        Object value = config.get(name);
        if (value == null) {
            return defaultValue;
        }
        long number;
        try {
            number = switch (value) {
                case Integer i -> i;
                case Long l -> l;
                case Number n when n.doubleValue() == Math.rint(n.doubleValue()) -> n.longValue();
                case String s -> Long.parseLong(s.trim());
                default -> throw new NumberFormatException();
            };
        } catch (NumberFormatException notWhole) {
            number = 0;
        }
        if (number < 1) {
            throw new PluginException(subject + ": option '" + name + "' must be a positive whole number, got " + value);
        }
        return number;
    }
}
