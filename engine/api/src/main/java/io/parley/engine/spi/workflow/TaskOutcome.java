package io.parley.engine.spi.workflow;

import io.parley.engine.spi.storage.VerdictStore.HitVerdict;

import java.util.List;

/** A person's decision on a task; which one fits depends on the task's kind. */
public sealed interface TaskOutcome {

    /**
     * A reviewer's (or, blind, a calibrating reviewer's) verdict: each hit confirmed or rejected,
     * optionally an adjusted score, which then needs a reason.
     */
    record Review(List<HitVerdict> hits, Double adjustedScore, String reason) implements TaskOutcome {
        public Review {
            hits = hits == null ? List.of() : List.copyOf(hits);
        }
    }

    /** The agent contests the reviewed score; the reason is required. */
    record Appeal(String reason) implements TaskOutcome {
    }

    /** The agent accepts the reviewed score: no appeal. */
    record Accept() implements TaskOutcome {
    }

    /**
     * A senior reviewer's ruling on an appeal: upheld keeps the reviewer's score; overturned
     * sets {@code score} (required then). A reason is required either way.
     */
    record Arbitration(boolean upheld, Double score, String reason) implements TaskOutcome {
    }
}
