package io.parley.engine.impl.evaluate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectWriter;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.parley.engine.api.Dialogue;
import io.parley.engine.api.facts.SignalFact;
import io.parley.engine.api.facts.TurnFact;
import io.parley.engine.api.model.RegisteredModel;
import io.parley.engine.api.ruleset.OperatorBinding;
import io.parley.engine.api.ruleset.PluginBinding;
import io.parley.engine.api.ruleset.RuleSetDefinition;
import io.parley.engine.impl.annotate.LexiconOperator;
import io.parley.engine.impl.annotate.RegexOperator;
import io.parley.engine.impl.evaluate.RuleSetCompilationException.Problem;
import io.parley.engine.api.json.ParleyJson;
import io.parley.engine.impl.plugin.PluginFailure;
import io.parley.engine.impl.plugin.PluginRegistry;
import io.parley.engine.spi.plugin.DialogueMapperPlugin;
import io.parley.engine.spi.plugin.OperatorPlugin;
import io.parley.engine.spi.plugin.Plugin;
import io.parley.engine.spi.plugin.PluginException;
import io.parley.engine.spi.plugin.PluginInfo;
import io.parley.engine.spi.plugin.ScoringFunctionPlugin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The plugins of one rule-set version, prepared through the registry: the operators in the order
 * they run, the scorecard's formula and the raw-record mapper. Built-in data comes first and each
 * built-in gets all its uses at once (every lexicon shares one automaton); each declared operator
 * is prepared on its own, in declaration order, so it sees the signals of every operator before it
 * and a failure names exactly the use that failed. Every call into a plugin is guarded: a failure
 * surfaces as a {@link PluginFailure} for that call only.
 */
final class PreparedPlugins implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PreparedPlugins.class);
    /** {@code file:line:column}, the file possibly holding colons itself. */
    private static final Pattern ORIGIN = Pattern.compile("(.+):(\\d+):(\\d+)");
    private static final String SOURCE_FILE_OPTION = "file";
    /** Map keys sorted, so that equal configurations hash equally. */
    private static final ObjectWriter CANONICAL = ParleyJson.mapper().writer().with(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    /**
     * A prepared plugin and what the rule set calls it; {@code annotationKey} names an operator
     * that calls a model (null for every other), see {@link #annotationKey}.
     */
    private record Prepared<T extends AutoCloseable>(PluginInfo plugin, String name, T prepared, String annotationKey) {
        Prepared(PluginInfo plugin, String name, T prepared) {
            this(plugin, name, prepared, null);
        }
    }

    private final List<Prepared<OperatorPlugin.PreparedOperator>> operators;
    private final Prepared<ScoringFunctionPlugin.ScoringFunction> formula;
    private final Prepared<DialogueMapperPlugin.DialogueMapper> mapper;
    private final Duration callBudget;
    private final List<RegisteredModel> models;

    private PreparedPlugins(List<Prepared<OperatorPlugin.PreparedOperator>> operators,
                            Prepared<ScoringFunctionPlugin.ScoringFunction> formula,
                            Prepared<DialogueMapperPlugin.DialogueMapper> mapper, Duration callBudget,
                            List<RegisteredModel> models) {
        this.operators = List.copyOf(operators);
        this.formula = formula;
        this.mapper = mapper;
        this.callBudget = callBudget;
        this.models = List.copyOf(models);
    }

    /**
     * @throws RuleSetCompilationException listing every use that names an unknown plugin, is
     *                                     misconfigured, or that its plugin refused; nothing stays prepared
     */
    static PreparedPlugins prepare(RuleSetDefinition definition, PluginRegistry registry) {
        ModelsInUse models = new ModelsInUse(registry.operatorContext());
        Preparation preparation = new Preparation(registry, models);
        List<Prepared<OperatorPlugin.PreparedOperator>> operators = new ArrayList<>();
        if (!definition.lexicons().isEmpty()) {
            preparation.builtIn(LexiconOperator.ID, definition.lexicons().stream()
                    .map(lexicon -> new OperatorPlugin.Use(lexicon.name(), Map.of(LexiconOperator.TERMS, lexicon.terms()),
                            "lexicon '" + lexicon.name() + "'"))
                    .toList(), operators);
        }
        if (!definition.patterns().isEmpty()) {
            preparation.builtIn(RegexOperator.ID, definition.patterns().stream()
                    .map(pattern -> new OperatorPlugin.Use(pattern.name(), Map.of(RegexOperator.REGEX, pattern.regex()),
                            "pattern '" + pattern.name() + "'"))
                    .toList(), operators);
        }
        for (OperatorBinding operator : definition.operators()) {
            PluginBinding binding = operator.binding();
            Prepared<OperatorPlugin.PreparedOperator> prepared = preparation.declared("operator '" + operator.name() + "'",
                    operator.name(), binding, registry::operator,
                    (plugin, config) -> plugin.prepare(List.of(new OperatorPlugin.Use(operator.name(), config, binding.origin())),
                            models));
            if (prepared != null) {
                operators.add(prepared);
            }
        }
        Prepared<ScoringFunctionPlugin.ScoringFunction> formula = null;
        if (definition.scorecard() != null && definition.scorecard().formula() != null) {
            PluginBinding binding = definition.scorecard().formula();
            formula = preparation.declared("the formula of scorecard '" + definition.scorecard().name() + "'",
                    definition.scorecard().name(), binding, registry::scoringFunction,
                    (plugin, config) -> plugin.prepare(config, binding.origin()));
        }
        Prepared<DialogueMapperPlugin.DialogueMapper> mapper = null;
        if (definition.mapper() != null) {
            PluginBinding binding = definition.mapper();
            mapper = preparation.declared("the dialogue mapper", "map", binding, registry::dialogueMapper,
                    (plugin, config) -> plugin.prepare(config, binding.origin()));
        }
        PreparedPlugins plugins = new PreparedPlugins(operators, formula, mapper, registry.callBudget(), models.models());
        if (!preparation.problems.isEmpty()) {
            plugins.close();
            throw new RuleSetCompilationException(definition.ref(), preparation.problems);
        }
        return plugins;
    }

    /** Collects what was prepared and every problem on the way. */
    private static final class Preparation {
        private final PluginRegistry registry;
        private final ModelsInUse models;
        private final List<Problem> problems = new ArrayList<>();

        Preparation(PluginRegistry registry, ModelsInUse models) {
            this.registry = registry;
            this.models = models;
        }

        void builtIn(String id, List<OperatorPlugin.Use> uses, List<Prepared<OperatorPlugin.PreparedOperator>> into) {
            try {
                OperatorPlugin plugin = registry.operator(id);
                List<OperatorPlugin.Use> configured = uses.stream()
                        .map(use -> new OperatorPlugin.Use(use.name(), registry.configure(plugin, use.config()).values(),
                                use.origin()))
                        .toList();
                into.add(new Prepared<>(plugin.info(), id, plugin.prepare(configured, models)));
            } catch (RuntimeException e) {
                problems.add(new Problem(0, 0, message(e)));
            }
        }

        /** The prepared use, or null when it has a problem (then recorded). */
        <P extends Plugin, T extends AutoCloseable> Prepared<T> declared(
                String use, String name, PluginBinding binding, Function<String, P> lookup,
                PrepareCall<P, T> prepare) {
            try {
                P plugin = lookup.apply(binding.plugin());
                Map<String, Object> config = registry.configure(plugin, binding.config()).values();
                T prepared = prepare.prepare(plugin, config);
                String modelVersion = prepared instanceof OperatorPlugin.PreparedOperator operator ? operator.modelVersion() : null;
                return new Prepared<>(plugin.info(), name, prepared,
                        modelVersion == null ? null : annotationKey(plugin.info(), name, config, modelVersion));
            } catch (RuntimeException e) {
                problems.add(problem(use, binding, e));
                return null;
            }
        }
    }

    /**
     * What identifies the signals of a model-backed operator: the plugin and its version, the use's
     * name (the signals carry it), a hash of its configuration, and the model version it reports.
     */
    static String annotationKey(PluginInfo plugin, String name, Map<String, Object> config, String modelVersion) {
        try {
            byte[] canonical = CANONICAL.writeValueAsBytes(config);
            String hash = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(canonical), 0, 8);
            return plugin.id() + "@" + plugin.version() + "/" + name + "/" + hash + "/" + modelVersion;
        } catch (JsonProcessingException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot hash the configuration of '" + name + "'", e);
        }
    }

    @FunctionalInterface
    private interface PrepareCall<P, T> {
        T prepare(P plugin, Map<String, Object> config);
    }

    /**
     * Points at the problem itself when the plugin said where it is (in the script file the use
     * reads, or else in the rule file), otherwise at the declaration.
     */
    private static Problem problem(String use, PluginBinding binding, RuntimeException e) {
        String text = use + ": " + message(e);
        Matcher origin = binding.origin() == null ? null : ORIGIN.matcher(binding.origin());
        boolean positioned = origin != null && origin.matches();
        String ruleFile = positioned ? origin.group(1) : binding.origin();
        if (e instanceof PluginException plugin && plugin.hasPosition()) {
            String file = binding.config().get(SOURCE_FILE_OPTION) instanceof String scriptFile ? scriptFile : ruleFile;
            return new Problem(file, plugin.line(), plugin.column(), text);
        }
        return positioned
                ? new Problem(ruleFile, Integer.parseInt(origin.group(2)), Integer.parseInt(origin.group(3)), text)
                : new Problem(ruleFile, 0, 0, text);
    }

    private static String message(RuntimeException e) {
        return e instanceof PluginException ? e.getMessage()
                : "the plugin failed: " + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage());
    }

    /** Every model the operators use, in the order first used. */
    List<RegisteredModel> models() {
        return models;
    }

    /** The keys under which the model-backed operators' signals are stored (see {@link #annotationKey}). */
    Set<String> annotationKeys() {
        return operators.stream().map(Prepared::annotationKey).filter(Objects::nonNull)
                .collect(Collectors.toUnmodifiableSet());
    }

    /**
     * Runs every operator over the dialogue, each seeing the signals of those before it.
     *
     * @throws PluginFailure naming the operator that failed
     */
    List<SignalFact> annotate(Dialogue dialogue, List<TurnFact> turns) {
        List<SignalFact> signals = new ArrayList<>();
        ModelAnnotations annotations = ModelAnnotations.current();
        for (Prepared<OperatorPlugin.PreparedOperator> step : operators) {
            List<SignalFact> earlier = List.copyOf(signals);
            if (step.annotationKey() == null || annotations == null) {
                PluginFailure.guard(step.plugin(), step.name(), callBudget,
                        () -> step.prepared().annotate(dialogue, turns, earlier, signals::add));
                continue;
            }
            List<SignalFact> stored = annotations.reuse(step.annotationKey());
            if (stored != null) {
                signals.addAll(stored);
                continue;
            }
            List<SignalFact> produced = new ArrayList<>();
            PluginFailure.guard(step.plugin(), step.name(), callBudget,
                    () -> step.prepared().annotate(dialogue, turns, earlier, produced::add));
            annotations.record(step.annotationKey(), produced);
            signals.addAll(produced);
        }
        return signals;
    }

    /** The scorecard's formula, guarded (a NaN is a failure too); null when the scorecard has none. */
    ScoringFunctionPlugin.ScoringFunction formula() {
        return formula == null ? null : (dialogue, hits, standard) -> PluginFailure.guard(formula.plugin(), formula.name(), callBudget, () -> {
            double value = formula.prepared().score(dialogue, hits, standard);
            if (Double.isNaN(value)) {
                throw new PluginException("the formula returned NaN, not a score");
            }
            return value;
        });
    }

    /** The raw-record mapper, guarded; null when the rule set declares none. */
    DialogueMapperPlugin.DialogueMapper mapper() {
        return mapper == null ? null : raw -> PluginFailure.guard(mapper.plugin(), mapper.name(), callBudget, () -> mapper.prepared().map(raw));
    }

    /** Releases what the plugins hold (script contexts); a failing close is logged, the others still close. */
    @Override
    public void close() {
        List<Prepared<?>> all = new ArrayList<>(operators);
        if (formula != null) {
            all.add(formula);
        }
        if (mapper != null) {
            all.add(mapper);
        }
        for (Prepared<?> prepared : all) {
            try {
                prepared.prepared().close();
            } catch (Exception e) {
                log.warn("closing {} '{}' failed", prepared.plugin(), prepared.name(), e);
            }
        }
    }
}
