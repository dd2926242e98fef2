package io.parley.engine.spi.plugin;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.engine.api.NameSuggestions;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Pattern;

/**
 * Checks a configuration against a plugin's {@link ConfigOption}s: required options present, values
 * of the declared type, no unknown keys (with a did-you-mean), defaults filled in. One routine for
 * every place that configures plugins (the engine's registry, the DSL checker, later the console),
 * so they all accept and refuse the same things.
 *
 * <p>Types: STRING, SECRET and SCRIPT take a string; URL an absolute URI; DURATION a string such as
 * {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h} or ISO-8601 {@code PT30S}; INTEGER a whole
 * number; NUMBER any number; BOOLEAN true or false; STRING_LIST a list of strings; MAP a map with
 * string keys. Defaults are written as in a config and parsed by the same rules (a STRING_LIST
 * default is comma-separated, a MAP default is JSON).
 */
public final class ConfigValidator {
    private static final Pattern SHORT_DURATION = Pattern.compile("(\\d+)(ms|s|m|h)");

    private ConfigValidator() {
    }

    /** Why one option is wrong; {@code suggestion} is the likely fix or null. */
    public record Problem(String option, Reason reason, String message, String suggestion) {
    }

    /** What is wrong, so a caller can point at the right place (the key, the value, the whole use). */
    public enum Reason { UNKNOWN_OPTION, MISSING_OPTION, WRONG_TYPE }

    /** The checked configuration with defaults filled in, or the problems (then {@code config} is null). */
    public record Result(PluginConfig config, List<Problem> problems) {
        public Result {
            problems = List.copyOf(problems);
        }

        public boolean valid() {
            return problems.isEmpty();
        }
    }

    public static Result validate(PluginInfo plugin, Map<String, Object> values) {
        Map<String, ConfigOption> options = new LinkedHashMap<>();
        plugin.config().forEach(option -> options.put(option.name(), option));
        List<Problem> problems = new ArrayList<>();
        Map<String, Object> checked = new LinkedHashMap<>();
        values.forEach((key, value) -> {
            ConfigOption option = options.get(key);
            if (option == null) {
                String typo = NameSuggestions.didYouMean(key, options.keySet());
                problems.add(new Problem(key, Reason.UNKNOWN_OPTION, plugin + " has no option '" + key + "'",
                        typo != null ? typo : options.isEmpty() ? plugin + " takes no options"
                                : "its options are " + String.join(", ", options.keySet())));
                return;
            }
            String typeError = typeError(option.type(), value);
            if (typeError != null) {
                problems.add(new Problem(key, Reason.WRONG_TYPE, "option '" + key + "' of " + plugin + " " + typeError,
                        option.description()));
                return;
            }
            checked.put(key, value);
        });
        for (ConfigOption option : options.values()) {
            if (checked.containsKey(option.name()) || values.containsKey(option.name())) {
                continue;
            }
            if (option.required()) {
                problems.add(new Problem(option.name(), Reason.MISSING_OPTION,
                        plugin + " needs option '" + option.name() + "'", option.description()));
            } else if (option.defaultValue() != null) {
                checked.put(option.name(), parseDefault(plugin, option));
            }
        }
        return problems.isEmpty() ? new Result(new PluginConfig(checked), List.of()) : new Result(null, problems);
    }

    /** Null when {@code value} is of {@code type}, else what is wrong ("must be a whole number, not \"ten\""). */
    static String typeError(ConfigOption.ConfigType type, Object value) {
        boolean ok = switch (type) {
            case STRING, SECRET, SCRIPT -> value instanceof String;
            case URL -> value instanceof String text && isAbsoluteUri(text);
            case DURATION -> value instanceof String text && parseDuration(text) != null;
            case INTEGER -> value instanceof Number number && isWhole(number);
            case NUMBER -> value instanceof Number;
            case BOOLEAN -> value instanceof Boolean;
            case STRING_LIST -> value instanceof List<?> list && list.stream().allMatch(String.class::isInstance);
            case MAP -> value instanceof Map<?, ?> map && map.keySet().stream().allMatch(String.class::isInstance);
        };
        return ok ? null : "must be " + describe(type) + ", not " + show(value);
    }

    /** How messages name a type: "a whole number", "a duration like 30s". */
    public static String describe(ConfigOption.ConfigType type) {
        return switch (type) {
            case STRING -> "a string";
            case SECRET -> "a string (a secret)";
            case SCRIPT -> "a script (a string)";
            case URL -> "an absolute URL like \"https://example.com/hook\"";
            case DURATION -> "a duration like \"500ms\", \"30s\", \"5m\" or \"PT30S\"";
            case INTEGER -> "a whole number";
            case NUMBER -> "a number";
            case BOOLEAN -> "true or false";
            case STRING_LIST -> "a list of strings";
            case MAP -> "a map";
        };
    }

    /** {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h} or ISO-8601; null when it is none of those. */
    public static Duration parseDuration(String text) {
        var shortForm = SHORT_DURATION.matcher(text.strip());
        if (shortForm.matches()) {
            long amount = Long.parseLong(shortForm.group(1));
            return switch (shortForm.group(2)) {
                case "ms" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                default -> Duration.ofHours(amount);
            };
        }
        try {
            return Duration.parse(text.strip());
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static boolean isAbsoluteUri(String text) {
        try {
            return new URI(text).isAbsolute();
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static boolean isWhole(Number number) {
        return switch (number) {
            case Integer i -> true;
            case Long l -> true;
            case Short s -> true;
            case Byte b -> true;
            default -> {
                double value = number.doubleValue();
                yield value == Math.rint(value) && !Double.isInfinite(value);
            }
        };
    }

    private static String show(Object value) {
        return switch (value) {
            case null -> "nothing";
            case String text -> "\"" + text + "\"";
            case List<?> list -> "a list";
            case Map<?, ?> map -> "a map";
            default -> value.toString();
        };
    }

    /** A default as a config would have written it; a plugin whose default does not parse is a plugin bug. */
    private static Object parseDefault(PluginInfo plugin, ConfigOption option) {
        String text = option.defaultValue();
        Object value = switch (option.type()) {
            case STRING, SECRET, SCRIPT, URL, DURATION -> text;
            case INTEGER -> parseOrNull(() -> Long.parseLong(text.strip()));
            case NUMBER -> parseOrNull(() -> Double.parseDouble(text.strip()));
            case BOOLEAN -> text.strip().equals("true") ? Boolean.TRUE : text.strip().equals("false") ? Boolean.FALSE : null;
            case STRING_LIST -> text.isBlank() ? List.of()
                    : Arrays.stream(text.split(",")).map(String::strip).toList();
            case MAP -> parseOrNull(() -> jsonMap(text));
        };
        if (value == null || typeError(option.type(), value) != null) {
            throw new IllegalStateException(plugin + " declares default \"" + text + "\" for option '" + option.name()
                    + "', which is not " + describe(option.type()));
        }
        return value;
    }

    private static Map<?, ?> jsonMap(String text) {
        try {
            return new ObjectMapper().readValue(text.isBlank() ? "{}" : text, Map.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static Object parseOrNull(Supplier<Object> parse) {
        try {
            return parse.get();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
