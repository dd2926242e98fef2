package io.parley.dsl.checker;

import io.parley.engine.spi.plugin.Plugin;
import io.parley.engine.spi.plugin.PluginInfo;
import io.parley.engine.spi.plugin.PluginKind;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;

/**
 * The plugins on the classpath as the checker sees them: ids and options, to check plugin uses
 * against. Found once (plugins are stateless factories); two plugins of one kind and id are the
 * engine's error to report, the first one found is used here.
 */
final class PluginCatalog {
    private static final class Installed {
        static final PluginCatalog CATALOG = load();
    }

    private record Key(PluginKind kind, String id) {
    }

    private final Map<Key, PluginInfo> plugins;

    private PluginCatalog(Map<Key, PluginInfo> plugins) {
        this.plugins = plugins;
    }

    static PluginCatalog installed() {
        return Installed.CATALOG;
    }

    private static PluginCatalog load() {
        Map<Key, PluginInfo> found = new LinkedHashMap<>();
        for (Plugin plugin : ServiceLoader.load(Plugin.class, PluginCatalog.class.getClassLoader())) {
            PluginInfo info = plugin.info();
            found.putIfAbsent(new Key(info.kind(), info.id()), info);
        }
        return new PluginCatalog(found);
    }

    Optional<PluginInfo> find(PluginKind kind, String id) {
        return Optional.ofNullable(plugins.get(new Key(kind, id)));
    }

    /** The ids of one kind, sorted. */
    List<String> ids(PluginKind kind) {
        return plugins.keySet().stream().filter(key -> key.kind() == kind).map(Key::id).sorted().toList();
    }
}
