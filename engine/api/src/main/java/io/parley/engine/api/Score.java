package io.parley.engine.api;

import java.util.List;

/**
 * A scorecard's verdict. {@code vetoedBy} names the veto item that forced the score to 0, or is
 * null. The breakdown lists every item that changed the score, in scorecard order.
 */
public record Score(String scorecard, double value, String grade, List<ScoreItem> breakdown, String vetoedBy) {
    public Score {
        breakdown = breakdown == null ? List.of() : List.copyOf(breakdown);
    }

    public record ScoreItem(String item, double points) {
    }
}
