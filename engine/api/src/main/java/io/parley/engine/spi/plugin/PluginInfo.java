package io.parley.engine.spi.plugin;

import java.util.List;

/**
 * Who a plugin is and how it is configured.
 *
 * @param id     stable, lower-case, e.g. {@code lexicon}, {@code js}, {@code webhook}; what rule sets and configs name
 * @param config every option the plugin reads, in the order docs should list them
 */
public record PluginInfo(String id, String version, PluginKind kind, String description, List<ConfigOption> config) {
    public PluginInfo {
        config = List.copyOf(config);
    }

    @Override
    public String toString() {
        return kind.label() + " '" + id + "' " + version;
    }
}
