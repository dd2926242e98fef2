package io.parley.engine.api;

import java.time.Instant;
import java.util.List;

/**
 * The stored verdict for one dialogue under one rule-set version (unique on that pair).
 *
 * @param signals     how many signals the annotate stage produced for the dialogue
 * @param checkpoints every checkpoint of the rule set, in definition order, with its status, then every
 *                    stage of its SOPs, in SOP order (a failed stage says why: {@code reason}); empty
 *                    when the rule set has none (and in results stored before checkpoints existed)
 */
public record EvaluationResult(String dialogueId, RuleSetRef ruleset, List<Hit> hits, Score score, int signals,
                               Instant evaluatedAt, List<CheckpointResult> checkpoints) {
    public EvaluationResult {
        hits = hits == null ? List.of() : List.copyOf(hits);
        checkpoints = checkpoints == null ? List.of() : List.copyOf(checkpoints);
    }

    /** A result of a rule set without checkpoints. */
    public EvaluationResult(String dialogueId, RuleSetRef ruleset, List<Hit> hits, Score score, int signals,
                            Instant evaluatedAt) {
        this(dialogueId, ruleset, hits, score, signals, evaluatedAt, List.of());
    }
}
