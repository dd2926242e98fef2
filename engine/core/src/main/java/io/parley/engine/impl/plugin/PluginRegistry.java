package io.parley.engine.impl.plugin;

import io.parley.engine.api.NameSuggestions;
import io.parley.engine.spi.plugin.ConfigValidator;
import io.parley.engine.spi.plugin.DialogueMapperPlugin;
import io.parley.engine.spi.plugin.DialogueSourcePlugin;
import io.parley.engine.spi.plugin.ModelRunnerPlugin;
import io.parley.engine.spi.plugin.OperatorContext;
import io.parley.engine.spi.plugin.OperatorPlugin;
import io.parley.engine.spi.plugin.Plugin;
import io.parley.engine.spi.plugin.PluginConfig;
import io.parley.engine.spi.plugin.PluginException;
import io.parley.engine.spi.plugin.PluginInfo;
import io.parley.engine.spi.plugin.PluginKind;
import io.parley.engine.spi.plugin.ResultSinkPlugin;
import io.parley.engine.spi.plugin.ScoringFunctionPlugin;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * Every plugin the engine can use, keyed by kind and id: the same id may name plugins of different
 * kinds (the {@code js} operator, scoring function and mapper), never two of one kind. Immutable
 * and thread-safe. Lookups and configuration failures throw {@link PluginException} with a message
 * naming the plugin and the option, ready to show a user.
 */
public final class PluginRegistry {
    private record Key(PluginKind kind, String id) {
    }

    /** System property: how long one plugin call may take (ISO-8601 like {@code PT5S}, or milliseconds). */
    public static final String CALL_BUDGET_PROPERTY = "parley.plugin.call-budget";
    private static final Duration DEFAULT_CALL_BUDGET = Duration.ofSeconds(10);

    private final Map<Key, Plugin> plugins;
    private final Duration callBudget;

    private PluginRegistry(Map<Key, Plugin> plugins, Duration callBudget) {
        this.plugins = plugins;
        this.callBudget = callBudget;
    }

    /**
     * How long one call into a plugin (annotating a dialogue, scoring it, mapping a record) may
     * take before it fails that evaluation: {@value #CALL_BUDGET_PROPERTY}, else 10 s.
     */
    public Duration callBudget() {
        return callBudget;
    }

    /** The same plugins with another call budget. */
    public PluginRegistry withCallBudget(Duration budget) {
        if (budget.isNegative() || budget.isZero()) {
            throw new IllegalArgumentException("a plugin call budget must be positive, not " + budget);
        }
        return new PluginRegistry(plugins, budget);
    }

    private static Duration configuredCallBudget() {
        String value = System.getProperty(CALL_BUDGET_PROPERTY);
        if (value == null || value.isBlank()) {
            return DEFAULT_CALL_BUDGET;
        }
        try {
            Duration budget = value.chars().allMatch(Character::isDigit)
                    ? Duration.ofMillis(Long.parseLong(value)) : Duration.parse(value);
            if (budget.isNegative() || budget.isZero()) {
                throw new IllegalStateException("-D" + CALL_BUDGET_PROPERTY + " must be positive, not " + value);
            }
            return budget;
        } catch (java.time.format.DateTimeParseException | NumberFormatException e) {
            throw new IllegalStateException("-D" + CALL_BUDGET_PROPERTY + "=" + value
                    + " is not a duration: write milliseconds (5000) or ISO-8601 (PT5S)", e);
        }
    }

    /**
     * The plugins on the classpath ({@code META-INF/services/io.parley.engine.spi.plugin.Plugin}),
     * found once per JVM: plugins are stateless factories, and loading them (a script engine)
     * can be costly.
     *
     * @throws IllegalStateException when two plugins claim one kind and id, or a plugin cannot load
     */
    public static PluginRegistry installed() {
        return Installed.REGISTRY;
    }

    private static final class Installed {
        static final PluginRegistry REGISTRY = discover(PluginRegistry.class.getClassLoader());
    }

    /** The plugins {@code classLoader} can see, found afresh. */
    public static PluginRegistry discover(ClassLoader classLoader) {
        List<Plugin> found = new ArrayList<>();
        try {
            ServiceLoader.load(Plugin.class, classLoader).forEach(found::add);
        } catch (ServiceConfigurationError e) {
            throw new IllegalStateException("a plugin could not be loaded: " + e.getMessage(), e);
        }
        return of(found);
    }

    /** Exactly these plugins (tests, embedding). */
    public static PluginRegistry of(List<? extends Plugin> plugins) {
        Map<Key, Plugin> byKey = new LinkedHashMap<>();
        for (Plugin plugin : plugins) {
            PluginInfo info = plugin.info();
            requireKindInterface(plugin, info);
            Plugin first = byKey.putIfAbsent(new Key(info.kind(), info.id()), plugin);
            if (first != null) {
                throw new IllegalStateException("two plugins claim " + info.kind().label() + " '" + info.id() + "': "
                        + first.getClass().getName() + " (" + first.info().version() + ") and "
                        + plugin.getClass().getName() + " (" + info.version() + "); remove one from the classpath");
            }
        }
        return new PluginRegistry(byKey, configuredCallBudget());
    }

    private static void requireKindInterface(Plugin plugin, PluginInfo info) {
        Class<?> expected = switch (info.kind()) {
            case OPERATOR -> OperatorPlugin.class;
            case SCORING_FUNCTION -> ScoringFunctionPlugin.class;
            case DIALOGUE_SOURCE -> DialogueSourcePlugin.class;
            case DIALOGUE_MAPPER -> DialogueMapperPlugin.class;
            case RESULT_SINK -> ResultSinkPlugin.class;
            case MODEL_RUNNER -> ModelRunnerPlugin.class;
        };
        if (!expected.isInstance(plugin)) {
            throw new IllegalStateException(plugin.getClass().getName() + " says it is " + info + " but does not implement "
                    + expected.getSimpleName());
        }
    }

    /** Every plugin, by kind (in {@link PluginKind} order), then id. */
    public List<Plugin> plugins() {
        return plugins.values().stream()
                .sorted(Comparator.comparing((Plugin p) -> p.info().kind()).thenComparing(p -> p.info().id()))
                .toList();
    }

    public Optional<Plugin> find(PluginKind kind, String id) {
        return Optional.ofNullable(plugins.get(new Key(kind, id)));
    }

    public OperatorPlugin operator(String id) {
        return (OperatorPlugin) require(PluginKind.OPERATOR, id);
    }

    public ScoringFunctionPlugin scoringFunction(String id) {
        return (ScoringFunctionPlugin) require(PluginKind.SCORING_FUNCTION, id);
    }

    public DialogueMapperPlugin dialogueMapper(String id) {
        return (DialogueMapperPlugin) require(PluginKind.DIALOGUE_MAPPER, id);
    }

    public DialogueSourcePlugin dialogueSource(String id) {
        return (DialogueSourcePlugin) require(PluginKind.DIALOGUE_SOURCE, id);
    }

    public ResultSinkPlugin resultSink(String id) {
        return (ResultSinkPlugin) require(PluginKind.RESULT_SINK, id);
    }

    public ModelRunnerPlugin modelRunner(String id) {
        return (ModelRunnerPlugin) require(PluginKind.MODEL_RUNNER, id);
    }

    /** What operators get while prepared: models loaded through this registry's runners. */
    public OperatorContext operatorContext() {
        return (runner, config, origin) -> {
            ModelRunnerPlugin plugin = modelRunner(runner);
            return plugin.load(configure(plugin, config).values(), origin);
        };
    }

    /** @throws PluginException "unknown operator plugin 'jss'" with the likely one and what is installed */
    private Plugin require(PluginKind kind, String id) {
        return find(kind, id).orElseThrow(() -> {
            List<String> ids = idsOf(kind);
            String typo = NameSuggestions.didYouMean(id, ids);
            return new PluginException("unknown " + kind.label() + " plugin '" + id + "'"
                    + (typo != null ? "; " + typo : "")
                    + (ids.isEmpty() ? " (none is installed)" : " (installed: " + String.join(", ", ids) + ")"));
        });
    }

    /** The ids of the installed plugins of one kind, sorted. */
    public List<String> idsOf(PluginKind kind) {
        return plugins.keySet().stream().filter(key -> key.kind() == kind).map(Key::id).sorted().toList();
    }

    /**
     * Checks {@code values} against the plugin's options and fills in defaults.
     *
     * @throws PluginException naming the plugin and every bad option (unknown, of the wrong type, missing)
     */
    public PluginConfig configure(Plugin plugin, Map<String, Object> values) {
        ConfigValidator.Result result = ConfigValidator.validate(plugin.info(), values);
        if (!result.valid()) {
            throw new PluginException(result.problems().stream()
                    .map(problem -> problem.message() + (problem.suggestion() == null ? "" : " (" + problem.suggestion() + ")"))
                    .collect(Collectors.joining("; ")));
        }
        return result.config();
    }
}
