package io.parley.engine.impl.evaluate;

import io.parley.engine.api.facts.HitCollector;
import io.parley.engine.api.facts.SignalFact;
import io.parley.engine.api.facts.TurnFact;
import io.parley.engine.api.ruleset.SignalCondition;
import io.parley.engine.api.ruleset.SignalRule;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Decides a rule set's {@link SignalRule}s from a dialogue's signals, without Drools. A condition
 * yields null when it does not hold, else the signals that are its evidence — the same signals the
 * equivalent DRL rule's activations would have matched, so hits do not depend on which path ran.
 */
final class SignalRuleEvaluator {
    private static final List<SignalFact> NO_EVIDENCE = List.of();

    private final List<SignalRule> rules;

    SignalRuleEvaluator(List<SignalRule> rules) {
        this.rules = List.copyOf(rules);
    }

    void evaluate(List<TurnFact> turns, List<SignalFact> signals, HitCollector hits) {
        if (rules.isEmpty()) {
            return;
        }
        Map<String, List<SignalFact>> byName = new HashMap<>();
        for (SignalFact signal : signals) {
            byName.computeIfAbsent(signal.getName(), name -> new ArrayList<>(4)).add(signal);
        }
        Facts facts = new Facts(!turns.isEmpty(), byName);
        for (SignalRule rule : rules) {
            List<SignalFact> evidence = facts.evidence(rule.condition());
            if (evidence != null) {
                hits.hit(rule.id(), evidence.toArray());
            }
        }
    }

    private record Facts(boolean hasTurns, Map<String, List<SignalFact>> byName) {

        /** Null when the condition does not hold, else its evidence (possibly none). */
        List<SignalFact> evidence(SignalCondition condition) {
            return switch (condition) {
                case SignalCondition.Signal signal -> matching(signal);
                case SignalCondition.AnyTurn anyTurn -> hasTurns ? NO_EVIDENCE : null;
                case SignalCondition.Exists exists -> evidence(exists.operand()) == null ? null : NO_EVIDENCE;
                case SignalCondition.Not not -> evidence(not.operand()) == null ? NO_EVIDENCE : null;
                case SignalCondition.All all -> {
                    List<SignalFact> pooled = NO_EVIDENCE;
                    for (SignalCondition operand : all.operands()) {
                        List<SignalFact> evidence = evidence(operand);
                        if (evidence == null) {
                            yield null;
                        }
                        pooled = pool(pooled, evidence);
                    }
                    yield pooled;
                }
                case SignalCondition.Any any -> {
                    List<SignalFact> pooled = null;
                    for (SignalCondition operand : any.operands()) {
                        List<SignalFact> evidence = evidence(operand);
                        if (evidence != null) {
                            pooled = pooled == null ? evidence : pool(pooled, evidence);
                        }
                    }
                    yield pooled;
                }
            };
        }

        private List<SignalFact> matching(SignalCondition.Signal wanted) {
            List<SignalFact> named = byName.get(wanted.name());
            if (named == null) {
                return null;
            }
            List<SignalFact> matched = null;
            for (SignalFact signal : named) {
                if ((wanted.kind() == null || wanted.kind().equals(signal.getKind()))
                        && (wanted.role() == null || wanted.role().equals(signal.getRole()))
                        && (wanted.turnBelow() == null || signal.getTurn() < wanted.turnBelow())
                        && (wanted.roleTurnBelow() == null || signal.getRoleIndex() < wanted.roleTurnBelow())) {
                    if (matched == null) {
                        matched = new ArrayList<>(named.size());
                    }
                    matched.add(signal);
                }
            }
            return matched;
        }

        private static List<SignalFact> pool(List<SignalFact> pooled, List<SignalFact> more) {
            if (more.isEmpty()) {
                return pooled;
            }
            if (pooled.isEmpty()) {
                return more;
            }
            List<SignalFact> both = new ArrayList<>(pooled.size() + more.size());
            both.addAll(pooled);
            both.addAll(more);
            return both;
        }
    }
}
