package io.parley.dsl.ast;

import io.parley.dsl.source.Span;

import java.util.List;

/** {@code key: value} in an operator's options. */
public record ConfigEntry(Identifier key, ConfigValue value, Span span) {

    /** A JSON-like value: text, a number, true or false, a list, a map. */
    public sealed interface ConfigValue {
        Span span();

        /** A string or a triple-quoted script. */
        record Text(String value, Span span) implements ConfigValue {
        }

        /** {@code whole}: written without a fraction, so it is a whole number. */
        record Number(double value, boolean whole, Span span) implements ConfigValue {
        }

        record Bool(boolean value, Span span) implements ConfigValue {
        }

        record ListValue(List<ConfigValue> items, Span span) implements ConfigValue {
            public ListValue {
                items = List.copyOf(items);
            }
        }

        record MapValue(List<ConfigEntry> entries, Span span) implements ConfigValue {
            public MapValue {
                entries = List.copyOf(entries);
            }
        }
    }
}
