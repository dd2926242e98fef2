package io.parley.engine.impl.score;

import io.parley.engine.api.Score;
import io.parley.engine.api.ruleset.ScorecardDefinition;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * Applies a {@link ScorecardDefinition} to the rules that hit a dialogue. Each item counts once
 * however many activations or pieces of evidence its rule had. The breakdown lists, in scorecard
 * order, the items that changed the score (a 0-point item does not). A hit veto item
 * shows {@code -base}: it takes away the whole base whatever else applied, so its entry does not
 * depend on the other items. The first hit veto item in scorecard order is {@code vetoedBy}.
 */
public final class ScorecardEvaluator {
    private static final double MIN_SCORE = 0;
    private static final double MAX_SCORE = 100;

    private final ScorecardDefinition scorecard;
    private final List<ScorecardDefinition.GradeBand> bandsDescending;

    /** @param scorecard the rule set's scorecard, or null when it has none */
    public ScorecardEvaluator(ScorecardDefinition scorecard) {
        this.scorecard = scorecard;
        // The definition promises descending order; sorting keeps a hand-written one honest too.
        this.bandsDescending = scorecard == null ? List.of() : scorecard.grades().stream()
                .sorted(Comparator.comparingDouble(ScorecardDefinition.GradeBand::min).reversed())
                .toList();
    }

    /** @return the score, or null when the rule set has no scorecard */
    public Score score(Set<String> rulesHit) {
        if (scorecard == null) {
            return null;
        }
        double value = scorecard.base();
        String vetoedBy = null;
        List<Score.ScoreItem> breakdown = new ArrayList<>();
        for (ScorecardDefinition.Item item : scorecard.items()) {
            if (!rulesHit.contains(item.rule())) {
                continue;
            }
            if (item.veto()) {
                breakdown.add(new Score.ScoreItem(item.rule(), -scorecard.base()));
                if (vetoedBy == null) {
                    vetoedBy = item.rule();
                }
            } else if (item.points() != 0) {
                breakdown.add(new Score.ScoreItem(item.rule(), item.points()));
                value += item.points();
            }
        }
        value = vetoedBy != null ? MIN_SCORE : Math.clamp(value, MIN_SCORE, MAX_SCORE);
        return new Score(scorecard.name(), value, grade(value), breakdown, vetoedBy);
    }

    private String grade(double value) {
        return bandsDescending.stream()
                .filter(band -> value >= band.min())
                .map(ScorecardDefinition.GradeBand::grade)
                .findFirst()
                .orElse(null);
    }
}
