package io.parley.engine.api;

import java.time.Instant;
import java.util.List;

/**
 * The stored verdict for one dialogue under one rule-set version (unique on that pair).
 *
 * @param signals how many signals the annotate stage produced for the dialogue
 */
public record EvaluationResult(String dialogueId, RuleSetRef ruleset, List<Hit> hits, Score score, int signals,
                               Instant evaluatedAt) {
    public EvaluationResult {
        hits = hits == null ? List.of() : List.copyOf(hits);
    }
}
