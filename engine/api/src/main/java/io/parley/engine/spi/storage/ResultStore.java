package io.parley.engine.spi.storage;

import io.parley.engine.api.EvaluationResult;
import io.parley.engine.api.RuleSetRef;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/** Evaluation results, unique per (dialogue id, rule-set id, rule-set version). */
public interface ResultStore {

    /** Upserts on (dialogueId, ruleset id, ruleset version): evaluating twice never duplicates. */
    void save(EvaluationResult result);

    /**
     * Saves each result as {@link #save} would, in list order (of two results for one key the later
     * wins), in a few round trips; returns once every write is acknowledged. When it throws, some of
     * the results may have been written.
     */
    void saveAll(List<EvaluationResult> results);

    /** The most recently evaluated result for the dialogue, under any rule-set version. */
    Optional<EvaluationResult> latest(String dialogueId);

    Optional<EvaluationResult> find(String dialogueId, RuleSetRef ruleset);

    List<EvaluationResult> forDialogue(String dialogueId);

    long count(RuleSetRef ruleset);

    /** Streams the results of one rule-set version in dialogue-id order. */
    void forEach(RuleSetRef ruleset, Consumer<EvaluationResult> action);
}
