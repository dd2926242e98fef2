package io.parley.engine.spi.plugin;

/**
 * An extension of Parley, found with {@link java.util.ServiceLoader} as a
 * {@code META-INF/services/io.parley.engine.spi.plugin.Plugin} entry. Each plugin says in code who
 * it is and what it can be configured with ({@link PluginInfo}); docs/plugins.md and the
 * console's forms are generated from that, so there is one source of truth. A plugin implements
 * exactly one of the kind interfaces ({@link OperatorPlugin}, {@link ScoringFunctionPlugin},
 * {@link DialogueSourcePlugin}, {@link DialogueMapperPlugin}, {@link ResultSinkPlugin},
 * {@link ModelRunnerPlugin}) and
 * depends only on the engine's {@code api} and {@code spi} packages. Built-in operators are
 * plugins too: there is no privileged path.
 */
public interface Plugin {
    PluginInfo info();
}
