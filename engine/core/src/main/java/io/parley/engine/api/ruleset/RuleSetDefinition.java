package io.parley.engine.api.ruleset;

import io.parley.engine.api.RuleSetRef;

import java.util.List;

/**
 * A compiled rule set, the contract between the DSL compiler and the runtime: what the annotate
 * stage must look for (lexicons, patterns), the Drools rules that reason over the resulting
 * {@link io.parley.engine.api.facts.TurnFact} and {@link io.parley.engine.api.facts.SignalFact}
 * facts, and how hits become a score. The runtime needs nothing else, so it never sees the parser.
 *
 * @param drl a complete DRL package; its rules report through the global
 *            {@code io.parley.engine.api.facts.HitCollector hits}
 */
public record RuleSetDefinition(RuleSetRef ref, String language, List<LexiconDefinition> lexicons,
                                List<PatternDefinition> patterns, List<RuleDefinition> rules, String drl,
                                ScorecardDefinition scorecard) {
    public RuleSetDefinition {
        lexicons = lexicons == null ? List.of() : List.copyOf(lexicons);
        patterns = patterns == null ? List.of() : List.copyOf(patterns);
        rules = rules == null ? List.of() : List.copyOf(rules);
    }
}
