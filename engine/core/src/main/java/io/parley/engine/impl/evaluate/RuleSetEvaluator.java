package io.parley.engine.impl.evaluate;

import io.parley.engine.api.CheckpointResult;
import io.parley.engine.api.Dialogue;
import io.parley.engine.api.DialogueEvaluator;
import io.parley.engine.api.EvaluationException;
import io.parley.engine.api.EvaluationResult;
import io.parley.engine.api.Evidence;
import io.parley.engine.api.Hit;
import io.parley.engine.api.RuleSetRef;
import io.parley.engine.api.SopSequence;
import io.parley.engine.api.facts.DialogueFact;
import io.parley.engine.api.facts.SignalFact;
import io.parley.engine.api.facts.TurnFact;
import io.parley.engine.api.model.RegisteredModel;
import io.parley.engine.api.ruleset.CheckpointDefinition;
import io.parley.engine.api.ruleset.RuleDefinition;
import io.parley.engine.api.ruleset.SopDefinition;
import io.parley.engine.api.ruleset.StageDefinition;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.parley.engine.api.ruleset.RuleSetDefinition;
import io.parley.engine.impl.annotate.TurnFacts;
import io.parley.engine.impl.metrics.EngineMetrics;
import io.parley.engine.impl.plugin.PluginFailure;
import io.parley.engine.impl.plugin.PluginRegistry;
import io.parley.engine.impl.score.ScorecardEvaluator;
import io.parley.engine.spi.plugin.DialogueMapperPlugin.DialogueMapper;
import org.kie.api.KieBase;
import org.kie.api.runtime.KieSession;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * One compiled rule-set version: its plugins (operators, formula, mapper) prepared and a Drools
 * KieBase built once, then shared by every evaluation on every thread. Signal rules are decided
 * straight from the signals; the DRL's rules run in a KieSession of the dialogue's own (none when
 * there are none). Each dialogue gets its own hit collector, so a failing dialogue — a rule, an operator or a formula that
 * throws — affects nothing else. Close it when the version is retired, to release what its
 * plugins hold.
 */
public final class RuleSetEvaluator implements DialogueEvaluator, AutoCloseable {
    private static final String UNDECLARED_RULE_SEVERITY = "minor";
    // Far above what DSL rules fire on any real dialogue; stops hand-written DRL that loops.
    private static final int MAX_FIRINGS_PER_DIALOGUE = 100_000;
    private static final java.util.regex.Pattern DIALOGUE_FACT_PATTERN =
            java.util.regex.Pattern.compile("\\b" + DialogueFact.class.getSimpleName() + "\\s*\\(");

    private final RuleSetRef ruleset;
    private final PreparedPlugins plugins;
    private final EngineMetrics metrics;
    private final KieBase kieBase;
    /** A rule set whose rules are all signal rules needs no Drools session at all. */
    private final boolean hasDrlRules;
    private final SignalRuleEvaluator signalRules;
    private final Duration compileTime;
    private final Map<String, RuleDefinition> rulesById;
    private final Comparator<Hit> inDefinitionOrder;
    private final ScorecardEvaluator scorecard;
    private final List<CheckpointDefinition> checkpoints;
    private final List<SopDefinition> sops;
    /** Whether any rule matches the dialogue fact; when none does, sessions do without it. */
    private final boolean usesDialogueFact;

    private RuleSetEvaluator(RuleSetDefinition definition, PreparedPlugins plugins, EngineMetrics metrics,
                             KieBase kieBase, Duration compileTime) {
        this.ruleset = definition.ref();
        this.plugins = plugins;
        this.metrics = metrics;
        this.kieBase = kieBase;
        this.hasDrlRules = kieBase.getKiePackages().stream().anyMatch(kiePackage -> !kiePackage.getRules().isEmpty());
        this.signalRules = new SignalRuleEvaluator(definition.signalRules());
        this.compileTime = compileTime;
        this.rulesById = new HashMap<>();
        Map<String, Integer> positions = new HashMap<>();
        for (RuleDefinition rule : definition.rules()) {
            rulesById.putIfAbsent(rule.id(), rule);
            positions.putIfAbsent(rule.id(), positions.size());
        }
        // Rules the definition does not declare come last, by id, so the order is stable.
        this.inDefinitionOrder = Comparator
                .comparingInt((Hit hit) -> positions.getOrDefault(hit.rule(), Integer.MAX_VALUE))
                .thenComparing(Hit::rule);
        this.scorecard = new ScorecardEvaluator(definition.scorecard(), plugins.formula());
        this.checkpoints = definition.checkpoints();
        this.sops = definition.sops();
        this.usesDialogueFact = definition.drl() != null
                && DIALOGUE_FACT_PATTERN.matcher(definition.drl()).find();
        // A failed checkpoint is reported as a hit: it takes the checkpoint's place in the order.
        checkpoints.forEach(checkpoint -> positions.putIfAbsent(checkpoint.id(), positions.size()));
        sops.forEach(sop -> sop.stages().forEach(stage -> positions.putIfAbsent(stage.id(), positions.size())));
    }

    /**
     * With the plugins on the classpath, and metrics kept to itself: for tools and tests that do
     * not expose metrics.
     *
     * @see #compile(RuleSetDefinition, PluginRegistry, MeterRegistry)
     */
    public static RuleSetEvaluator compile(RuleSetDefinition definition) {
        return compile(definition, PluginRegistry.installed(), new SimpleMeterRegistry());
    }

    /**
     * Prepares every plugin the rule set uses through {@code plugins} and compiles the DRL into a
     * KieBase.
     *
     * @param meters where evaluations and plugin failures are counted ({@link EngineMetrics})
     * @throws RuleSetCompilationException listing every DRL error with its line, and every unknown,
     *                                     misconfigured or refusing plugin use with its origin
     */
    public static RuleSetEvaluator compile(RuleSetDefinition definition, PluginRegistry plugins, MeterRegistry meters) {
        return compile(definition, plugins, meters, ConstraintCompilation.INTERPRETED);
    }

    /** As {@link #compile(RuleSetDefinition, PluginRegistry, MeterRegistry)}, choosing how Drools runs constraints. */
    public static RuleSetEvaluator compile(RuleSetDefinition definition, PluginRegistry plugins, MeterRegistry meters,
                                           ConstraintCompilation constraints) {
        PreparedPlugins prepared = PreparedPlugins.prepare(definition, plugins);
        try {
            long started = System.nanoTime();
            KieBase kieBase = KieBaseCompiler.compile(definition.ref(), definition.drl(), constraints);
            return new RuleSetEvaluator(definition, prepared, new EngineMetrics(meters), kieBase,
                    Duration.ofNanos(System.nanoTime() - started));
        } catch (RuntimeException e) {
            prepared.close();
            throw e;
        }
    }

    @Override
    public RuleSetRef ruleset() {
        return ruleset;
    }

    /**
     * Every model this version's operators use (for the model registry), in the order first used;
     * the signals they produce name them by {@code id@version}.
     */
    public List<RegisteredModel> models() {
        return plugins.models();
    }

    /** The keys under which this version's model-backed operators find their stored signals (a backtest reads only those). */
    public Set<String> annotationKeys() {
        return plugins.annotationKeys();
    }

    /** How long compiling the DRL into the KieBase took, for logs. */
    public Duration compileTime() {
        return compileTime;
    }

    /**
     * The rule set's mapper from a customer's raw records to dialogue JSON ({@code script map}).
     * Its failures throw {@link PluginFailure} and are counted.
     */
    public Optional<DialogueMapper> mapper() {
        DialogueMapper mapper = plugins.mapper();
        return mapper == null ? Optional.empty() : Optional.of(raw -> {
            try {
                return mapper.map(raw);
            } catch (PluginFailure failure) {
                metrics.pluginFailed(failure);
                throw failure;
            }
        });
    }

    /**
     * @throws EvaluationException "dialogue &lt;id&gt;: &lt;reason&gt;" when anything goes wrong with this
     *                             dialogue, e.g. "dialogue 7: operator 'long_wait' (js 0.1.0) failed: …"
     */
    @Override
    public EvaluationResult evaluate(Dialogue dialogue) {
        metrics.evaluated(ruleset);
        try {
            return evaluateOrThrow(Objects.requireNonNull(dialogue, "no dialogue given"));
        } catch (PluginFailure failure) {
            metrics.evaluationFailed(ruleset);
            metrics.pluginFailed(failure);
            throw new EvaluationException("dialogue " + dialogue.id() + ": " + failure.getMessage(), failure);
        } catch (Exception | LinkageError e) {
            metrics.evaluationFailed(ruleset);
            // LinkageError: Drools reports broken generated code (e.g. its constraint-JIT bug) as one;
            // it concerns this evaluation, not the JVM.
            String id = dialogue == null ? null : dialogue.id();
            String reason = e.getMessage() != null ? e.getMessage() : e.getClass().getName();
            throw new EvaluationException("dialogue " + id + ": " + reason, e);
        }
    }

    private EvaluationResult evaluateOrThrow(Dialogue dialogue) {
        List<TurnFact> turns = TurnFacts.of(dialogue);
        List<SignalFact> signals = plugins.annotate(dialogue, turns);
        EvidenceCollector collector = new EvidenceCollector();
        signalRules.evaluate(turns, signals, collector);
        if (hasDrlRules) {
            fireDrlRules(dialogue, turns, signals, collector);
        }
        Map<String, List<Evidence>> evidenceByRule = collector.evidenceByRule(); // a fresh map: ours to change
        List<CheckpointResult> checkpointResults = new ArrayList<>(checkpoints.size());
        List<Hit> hits = new ArrayList<>();
        Set<String> notApplicable = new HashSet<>();
        for (CheckpointDefinition checkpoint : checkpoints) {
            List<Evidence> passed = evidenceByRule.remove(checkpoint.id());
            List<Evidence> applies = checkpoint.conditional() ? evidenceByRule.remove(checkpoint.appliesRule()) : List.of();
            CheckpointResult.Status status = applies == null ? CheckpointResult.Status.NOT_APPLICABLE
                    : passed != null ? CheckpointResult.Status.PASSED : CheckpointResult.Status.FAILED;
            List<Evidence> evidence = switch (status) {
                case PASSED -> passed;
                case FAILED -> applies;
                case NOT_APPLICABLE -> List.of();
            };
            checkpointResults.add(new CheckpointResult(checkpoint.id(), checkpoint.title(), status, evidence));
            if (status == CheckpointResult.Status.FAILED) {
                hits.add(new Hit(checkpoint.id(), checkpoint.title(), checkpoint.severity(), checkpoint.tags(), evidence, 1.0));
            } else if (status == CheckpointResult.Status.NOT_APPLICABLE) {
                notApplicable.add(checkpoint.id());
            }
        }
        sops.forEach(sop -> checkSop(sop, evidenceByRule, checkpointResults, hits, notApplicable));
        evidenceByRule.forEach((rule, evidence) -> hits.add(hit(rule, evidence, collector.confidence(rule))));
        hits.sort(inDefinitionOrder);
        return new EvaluationResult(dialogue.id(), ruleset, hits, scorecard.score(dialogue, hits, notApplicable),
                signals.size(), Instant.now(), checkpointResults);
    }

    /**
     * Takes the evidence of the SOP's stages out of {@code evidenceByRule} (a stage is not a hit in
     * itself), keeps the turns of each stage's role, and reports each stage like a checkpoint, a
     * failed one also as a hit; when the SOP does not apply, every stage as not applicable.
     */
    private static void checkSop(SopDefinition sop, Map<String, List<Evidence>> evidenceByRule,
                                 List<CheckpointResult> results, List<Hit> hits, Set<String> notApplicable) {
        boolean applies = !sop.conditional() || evidenceByRule.remove(sop.appliesRule()) != null;
        List<List<Evidence>> evidenceOfStage = new ArrayList<>();
        List<Set<Integer>> turnsOfStage = new ArrayList<>();
        for (StageDefinition stage : sop.stages()) {
            List<Evidence> evidence = evidenceByRule.remove(stage.id());
            evidenceOfStage.add(evidence == null ? List.of() : evidence.stream()
                    .filter(e -> stage.role() == null || stage.role().equals(e.role())).toList());
            Set<Integer> turns = new java.util.TreeSet<>();
            evidenceOfStage.getLast().forEach(e -> turns.add(e.turn()));
            turnsOfStage.add(turns);
        }
        if (!applies) {
            sop.stages().forEach(stage -> {
                results.add(new CheckpointResult(stage.id(), stage.title(), CheckpointResult.Status.NOT_APPLICABLE, List.of()));
                notApplicable.add(stage.id());
            });
            return;
        }
        SopSequence.Conformance conformance = SopSequence.check(turnsOfStage);
        for (int i = 0; i < sop.stages().size(); i++) {
            StageDefinition stage = sop.stages().get(i);
            CheckpointResult.Reason reason = switch (conformance.status(i)) {
                case PASSED -> null;
                case MISSING -> CheckpointResult.Reason.MISSING;
                case OUT_OF_ORDER -> CheckpointResult.Reason.OUT_OF_ORDER;
            };
            List<Evidence> evidence = evidenceOfStage.get(i);
            results.add(new CheckpointResult(stage.id(), stage.title(),
                    reason == null ? CheckpointResult.Status.PASSED : CheckpointResult.Status.FAILED, evidence, reason));
            if (reason != null) {
                hits.add(new Hit(stage.id(), stage.title(), stage.severity(), stage.tags(), evidence, 1.0));
            }
        }
    }

    private void fireDrlRules(Dialogue dialogue, List<TurnFact> turns, List<SignalFact> signals, EvidenceCollector collector) {
        KieSession session = kieBase.newKieSession();
        try {
            session.setGlobal(KieBaseCompiler.HITS_GLOBAL, collector);
            if (usesDialogueFact) {
                session.insert(TurnFacts.dialogue(dialogue, turns));
            }
            turns.forEach(session::insert);
            signals.forEach(session::insert);
            if (session.fireAllRules(MAX_FIRINGS_PER_DIALOGUE) >= MAX_FIRINGS_PER_DIALOGUE) {
                throw new IllegalStateException("rules fired " + MAX_FIRINGS_PER_DIALOGUE
                        + " times without settling: a rule keeps re-activating itself");
            }
        } finally {
            session.dispose();
        }
    }

    private Hit hit(String ruleId, List<Evidence> evidence, double confidence) {
        RuleDefinition rule = rulesById.get(ruleId);
        return rule == null
                ? new Hit(ruleId, ruleId, UNDECLARED_RULE_SEVERITY, List.of(), evidence, confidence)
                : new Hit(ruleId, rule.title(), rule.severity(), rule.tags(), evidence, confidence);
    }

    @Override
    public void close() {
        plugins.close();
    }
}
