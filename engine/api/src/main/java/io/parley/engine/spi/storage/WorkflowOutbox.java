package io.parley.engine.spi.storage;

import io.parley.engine.api.RuleSetRef;

import java.time.Instant;
import java.util.List;

/**
 * Scoring workflows still to start: one entry per stored result (dialogue and rule set version),
 * written when the result is stored and removed once its workflow instance exists, so that a start
 * survives a stop, a crash or a failing process engine.
 */
public interface WorkflowOutbox {

    /**
     * One workflow to start.
     *
     * @param queuedAt when it was first added (stamped by the store)
     */
    record Entry(String dialogueId, RuleSetRef ruleset, Instant queuedAt) {
    }

    /** Adds the entry unless it is there already (adding twice keeps one); returns once acknowledged. */
    void add(String dialogueId, RuleSetRef ruleset);

    /** Up to {@code limit} (at least 1) entries, oldest first. */
    List<Entry> oldest(int limit);

    /** Removes the entry; nothing happens when it is not there. */
    void remove(String dialogueId, RuleSetRef ruleset);

    long count();
}
