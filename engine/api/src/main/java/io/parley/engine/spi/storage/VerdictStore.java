package io.parley.engine.spi.storage;

import io.parley.engine.api.RuleSetRef;

import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;

/**
 * What people decided about the engine's results: reviews, appeals, arbitrations, blind
 * calibration reviews and the final score a scoring workflow settles on, each with who and when.
 * Precision per rule, calibration agreement and agent tiers are computed from these.
 */
public interface VerdictStore {

    enum Kind { REVIEW, APPEAL, ARBITRATION, CALIBRATION, FINAL }

    /** A human judgment of one hit: is the rule right about this dialogue? */
    record HitVerdict(String rule, boolean confirmed) {
    }

    /**
     * One decision.
     *
     * @param id        unique; saving the same id again replaces it (a retried task completion)
     * @param agentId   the dialogue's agent (its agent participant id), or null when it has none
     * @param actor     who decided ({@code workflow} for the final score a workflow computes)
     * @param hits      per-hit judgments (reviews, calibrations, arbitrations that re-judge hits); may be empty
     * @param score     the score this decision sets, or null when it leaves the score as it was
     * @param upheld    for an arbitration: whether the reviewer's decision stands; null otherwise
     * @param reason    the person's reason (an adjusted score's, an appeal's, an arbitration's); may be null
     * @param decidedAt when it was decided
     */
    record Verdict(String id, Kind kind, String dialogueId, RuleSetRef ruleset, String agentId, String actor,
                   List<HitVerdict> hits, Double score, Boolean upheld, String reason, Instant decidedAt) {
        public Verdict {
            hits = hits == null ? List.of() : List.copyOf(hits);
        }
    }

    /** Upserts by id and returns once the write is acknowledged. */
    void save(Verdict verdict);

    /** Every verdict about one dialogue, oldest first. */
    List<Verdict> forDialogue(String dialogueId);

    /** Streams the verdicts of one kind decided in {@code [from, to)}, oldest first. */
    void forEach(Kind kind, Instant from, Instant to, Consumer<Verdict> action);

    long count(Kind kind);
}
