package io.parley.engine.api;

/**
 * Runs annotate → evaluate → score for one compiled rule-set version. Thread-safe; a failure in
 * one dialogue throws {@link EvaluationException} for that dialogue only.
 */
public interface DialogueEvaluator {
    RuleSetRef ruleset();

    EvaluationResult evaluate(Dialogue dialogue);
}
