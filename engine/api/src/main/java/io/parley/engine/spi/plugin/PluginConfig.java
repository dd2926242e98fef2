package io.parley.engine.spi.plugin;

import java.util.Map;

/**
 * The configuration one use of a plugin was given: plain JSON-like values (String, Number,
 * Boolean, List, Map), already checked against the plugin's {@link ConfigOption}s by the engine,
 * with defaults filled in.
 */
public record PluginConfig(Map<String, Object> values) {
    public PluginConfig {
        values = Map.copyOf(values);
    }

    public static PluginConfig empty() {
        return new PluginConfig(Map.of());
    }

    public Object get(String name) {
        return values.get(name);
    }

    public String string(String name) {
        Object value = values.get(name);
        return value == null ? null : value.toString();
    }
}
