package io.parley.engine.api.ruleset;

import java.util.Map;

/**
 * A rule set's use of a plugin: which plugin ({@code id}, e.g. {@code js}), the configuration it is
 * given (plain JSON-like values, checked against the plugin's options when the rule set is made
 * runnable) and where the use was declared, as {@code file:line:column}, so errors can point there.
 */
public record PluginBinding(String plugin, Map<String, Object> config, String origin) {
    public PluginBinding {
        config = config == null ? Map.of() : Map.copyOf(config);
    }
}
