package io.parley.engine.impl.evaluate;

import io.parley.engine.api.Evidence;
import io.parley.engine.api.facts.HitCollector;
import io.parley.engine.api.facts.SignalFact;
import io.parley.engine.api.facts.TurnFact;

import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The {@code hits} global of one rule session: gathers, per rule id, the evidence of all its
 * activations. Confined to the thread that fires the session, so not synchronised.
 */
public final class EvidenceCollector implements HitCollector {

    /** Whole-turn evidence (no span) sorts before the spans of the same turn. */
    private static final Comparator<Evidence> BY_POSITION = Comparator
            .comparingInt(Evidence::turn)
            .thenComparingInt((Evidence e) -> e.span() == null ? -1 : e.span().get(0))
            .thenComparingInt((Evidence e) -> e.span() == null ? -1 : e.span().get(1))
            .thenComparing(Evidence::text, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(Evidence::role, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(Evidence::model, Comparator.nullsFirst(Comparator.naturalOrder()));

    private final Map<String, Set<Evidence>> evidenceByRule = new LinkedHashMap<>();
    private final Map<String, Double> confidenceByRule = new HashMap<>();

    @Override
    public void hit(String ruleId, Object... matchedFacts) {
        Set<Evidence> evidence = evidenceByRule.computeIfAbsent(ruleId, id -> new HashSet<>());
        if (matchedFacts != null) {
            collect(ruleId, matchedFacts, evidence);
        }
    }

    private void collect(String ruleId, Object fact, Set<Evidence> evidence) {
        switch (fact) {
            case SignalFact signal -> {
                evidence.add(new Evidence(signal.getTurn(), signal.getRole(),
                        List.of(signal.getStart(), signal.getEnd()), signal.getText(), signal.getModel()));
                confidenceByRule.merge(ruleId, signal.getScore(), Math::min);
            }
            case TurnFact turn -> evidence.add(new Evidence(turn.getIndex(), turn.getRole(), null, null));
            case Collection<?> facts -> facts.forEach(each -> collect(ruleId, each, evidence));
            // A multi-function accumulate binds its results as one Object[] (e.g. {collectSet, collectList}).
            case Object[] facts -> {
                for (Object each : facts) {
                    collect(ruleId, each, evidence);
                }
            }
            // Drools' InitialFact (from exists/not), accumulate numbers, strings: nothing to point at.
            case null, default -> {
            }
        }
    }

    /** The lowest score among the signals a rule's hits matched; 1 when they matched none (turn-only rules). */
    public double confidence(String ruleId) {
        return confidenceByRule.getOrDefault(ruleId, 1.0);
    }

    /**
     * Every rule that reported a hit, in the order they first fired, with its evidence
     * de-duplicated and sorted by turn, then start of span.
     */
    public Map<String, List<Evidence>> evidenceByRule() {
        Map<String, List<Evidence>> sorted = new LinkedHashMap<>();
        evidenceByRule.forEach((rule, evidence) -> sorted.put(rule, evidence.stream().sorted(BY_POSITION).toList()));
        return sorted;
    }
}
