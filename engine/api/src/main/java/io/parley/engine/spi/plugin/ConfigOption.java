package io.parley.engine.spi.plugin;

/**
 * One configuration option of a plugin.
 *
 * @param defaultValue the value used when the option is absent, as it would be written in a config; null if none
 */
public record ConfigOption(String name, ConfigType type, boolean required, String defaultValue, String description) {

    public enum ConfigType { STRING, INTEGER, NUMBER, BOOLEAN, DURATION, URL, SECRET, SCRIPT, STRING_LIST, MAP }

    public static ConfigOption required(String name, ConfigType type, String description) {
        return new ConfigOption(name, type, true, null, description);
    }

    public static ConfigOption optional(String name, ConfigType type, String defaultValue, String description) {
        return new ConfigOption(name, type, false, defaultValue, description);
    }
}
