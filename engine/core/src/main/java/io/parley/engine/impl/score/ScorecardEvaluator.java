package io.parley.engine.impl.score;

import io.parley.engine.api.Dialogue;
import io.parley.engine.api.Hit;
import io.parley.engine.api.Score;
import io.parley.engine.api.ruleset.ScorecardDefinition;
import io.parley.engine.spi.plugin.ScoringFunctionPlugin.ScoringFunction;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Applies a {@link ScorecardDefinition} to the rules that hit a dialogue. Each item counts once
 * however many activations or pieces of evidence its rule had. The breakdown lists, in scorecard
 * order, the items that changed the score (a 0-point item does not). A hit veto item
 * shows {@code -base}: it takes away the whole base whatever else applied, so its entry does not
 * depend on the other items. The first hit veto item in scorecard order is {@code vetoedBy}.
 *
 * <p>A scorecard with a formula ({@code script score}) takes the formula's value instead, clamped
 * to [0, 100] and graded by the same bands; a hit veto item still forces 0, and the breakdown stays
 * the standard one, which says which items hit.
 */
public final class ScorecardEvaluator {
    private static final double MIN_SCORE = 0;
    private static final double MAX_SCORE = 100;

    private final ScorecardDefinition scorecard;
    private final ScoringFunction formula;
    private final List<ScorecardDefinition.GradeBand> bandsDescending;

    /** A scorecard computed by its standard arithmetic alone. */
    public ScorecardEvaluator(ScorecardDefinition scorecard) {
        this(scorecard, null);
    }

    /**
     * @param scorecard the rule set's scorecard, or null when it has none
     * @param formula   the prepared formula of the scorecard, or null
     */
    public ScorecardEvaluator(ScorecardDefinition scorecard, ScoringFunction formula) {
        this.scorecard = scorecard;
        this.formula = formula;
        // The definition promises descending order; sorting keeps a hand-written one honest too.
        this.bandsDescending = scorecard == null ? List.of() : scorecard.grades().stream()
                .sorted(Comparator.comparingDouble(ScorecardDefinition.GradeBand::min).reversed())
                .toList();
    }

    /**
     * The verdict for a dialogue: the standard one, or the formula's value over it.
     *
     * @return the score, or null when the rule set has no scorecard
     */
    public Score score(Dialogue dialogue, List<Hit> hits) {
        Score standard = score(hits.stream().map(Hit::rule).collect(Collectors.toSet()));
        if (standard == null || formula == null) {
            return standard;
        }
        double computed = formula.score(dialogue, hits, standard);
        double value = standard.vetoedBy() != null ? MIN_SCORE : Math.clamp(computed, MIN_SCORE, MAX_SCORE);
        return new Score(standard.scorecard(), value, grade(value), standard.breakdown(), standard.vetoedBy());
    }

    /** The standard verdict: base and item points, clamped, veto, grade; null when the rule set has no scorecard. */
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
