package io.parley.engine.impl.evaluate;

import io.parley.engine.api.Dialogue;
import io.parley.engine.api.DialogueEvaluator;
import io.parley.engine.api.EvaluationException;
import io.parley.engine.api.EvaluationResult;
import io.parley.engine.api.Evidence;
import io.parley.engine.api.Hit;
import io.parley.engine.api.RuleSetRef;
import io.parley.engine.api.facts.SignalFact;
import io.parley.engine.api.facts.TurnFact;
import io.parley.engine.api.ruleset.RuleDefinition;
import io.parley.engine.api.ruleset.RuleSetDefinition;
import io.parley.engine.impl.annotate.LexiconAnnotator;
import io.parley.engine.impl.annotate.RegexAnnotator;
import io.parley.engine.impl.annotate.TurnAnnotator;
import io.parley.engine.impl.annotate.TurnFacts;
import io.parley.engine.impl.score.ScorecardEvaluator;
import org.kie.api.KieBase;
import org.kie.api.runtime.KieSession;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One compiled rule-set version: annotators and a Drools KieBase built once, then shared by every
 * evaluation on every thread. Each dialogue gets its own KieSession and hit collector, so a failing
 * dialogue affects nothing else.
 */
public final class RuleSetEvaluator implements DialogueEvaluator {
    private static final String UNDECLARED_RULE_SEVERITY = "minor";
    private static final double RULE_CONFIDENCE = 1.0;
    // Far above what DSL rules fire on any real dialogue; stops hand-written DRL that loops.
    private static final int MAX_FIRINGS_PER_DIALOGUE = 100_000;

    private final RuleSetRef ruleset;
    private final List<TurnAnnotator> annotators;
    private final KieBase kieBase;
    private final Duration compileTime;
    private final Map<String, RuleDefinition> rulesById;
    private final Comparator<Hit> inDefinitionOrder;
    private final ScorecardEvaluator scorecard;

    private RuleSetEvaluator(RuleSetDefinition definition, List<TurnAnnotator> annotators, KieBase kieBase,
                             Duration compileTime) {
        this.ruleset = definition.ref();
        this.annotators = annotators;
        this.kieBase = kieBase;
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
        this.scorecard = new ScorecardEvaluator(definition.scorecard());
    }

    /**
     * Builds the annotators and compiles the DRL into a KieBase.
     *
     * @throws RuleSetCompilationException listing every DRL error with its line, or naming an invalid pattern
     */
    public static RuleSetEvaluator compile(RuleSetDefinition definition) {
        List<TurnAnnotator> annotators;
        try {
            annotators = List.of(new LexiconAnnotator(definition.lexicons()), new RegexAnnotator(definition.patterns()));
        } catch (IllegalArgumentException invalidPattern) {
            throw new RuleSetCompilationException(definition.ref(),
                    List.of(new RuleSetCompilationException.Problem(0, 0, invalidPattern.getMessage())));
        }
        long started = System.nanoTime();
        KieBase kieBase = KieBaseCompiler.compile(definition.ref(), definition.drl());
        return new RuleSetEvaluator(definition, annotators, kieBase, Duration.ofNanos(System.nanoTime() - started));
    }

    @Override
    public RuleSetRef ruleset() {
        return ruleset;
    }

    /** How long compiling the DRL into the KieBase took, for logs. */
    public Duration compileTime() {
        return compileTime;
    }

    /** @throws EvaluationException "dialogue &lt;id&gt;: &lt;reason&gt;" when anything goes wrong with this dialogue */
    @Override
    public EvaluationResult evaluate(Dialogue dialogue) {
        try {
            return evaluateOrThrow(Objects.requireNonNull(dialogue, "no dialogue given"));
        } catch (Exception | LinkageError e) {
            // LinkageError: Drools reports broken generated code (e.g. its constraint-JIT bug) as one;
            // it concerns this evaluation, not the JVM.
            String id = dialogue == null ? null : dialogue.id();
            String reason = e.getMessage() != null ? e.getMessage() : e.getClass().getName();
            throw new EvaluationException("dialogue " + id + ": " + reason, e);
        }
    }

    private EvaluationResult evaluateOrThrow(Dialogue dialogue) {
        List<TurnFact> turns = TurnFacts.of(dialogue);
        List<SignalFact> signals = new ArrayList<>();
        for (TurnFact turn : turns) {
            for (TurnAnnotator annotator : annotators) {
                annotator.annotate(turn, signals::add);
            }
        }
        EvidenceCollector collector = new EvidenceCollector();
        KieSession session = kieBase.newKieSession();
        try {
            session.setGlobal(KieBaseCompiler.HITS_GLOBAL, collector);
            turns.forEach(session::insert);
            signals.forEach(session::insert);
            if (session.fireAllRules(MAX_FIRINGS_PER_DIALOGUE) >= MAX_FIRINGS_PER_DIALOGUE) {
                throw new IllegalStateException("rules fired " + MAX_FIRINGS_PER_DIALOGUE
                        + " times without settling: a rule keeps re-activating itself");
            }
        } finally {
            session.dispose();
        }
        List<Hit> hits = collector.evidenceByRule().entrySet().stream()
                .map(ruleHit -> hit(ruleHit.getKey(), ruleHit.getValue()))
                .sorted(inDefinitionOrder)
                .toList();
        return new EvaluationResult(dialogue.id(), ruleset, hits,
                scorecard.score(hits.stream().map(Hit::rule).collect(Collectors.toSet())),
                signals.size(), Instant.now());
    }

    private Hit hit(String ruleId, List<Evidence> evidence) {
        RuleDefinition rule = rulesById.get(ruleId);
        return rule == null
                ? new Hit(ruleId, ruleId, UNDECLARED_RULE_SEVERITY, List.of(), evidence, RULE_CONFIDENCE)
                : new Hit(ruleId, rule.title(), rule.severity(), rule.tags(), evidence, RULE_CONFIDENCE);
    }
}
