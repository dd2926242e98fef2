package io.parley.engine.impl.score;

import io.parley.engine.api.Dialogue;
import io.parley.engine.api.Hit;
import io.parley.engine.api.Score;
import io.parley.engine.api.ruleset.ScorecardDefinition;
import io.parley.engine.spi.plugin.ScoringFunctionPlugin.ScoringFunction;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Applies a {@link ScorecardDefinition} to the rules that hit a dialogue. Each item counts once
 * however many activations or pieces of evidence its rule had. The breakdown lists, in scorecard
 * order, the items that changed the score (a 0-point item does not). A hit veto item
 * shows {@code -base} ({@code -(base - F)} for {@code veto to F}): what it takes away from the base
 * whatever else applied, so its entry does not depend on the other items. Sections, caps, weights,
 * floors and not-applicable checkpoints follow {@link ScorecardDefinition}. The first hit veto item in scorecard order is {@code vetoedBy}.
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
    private final Map<String, Integer> itemOrder;

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
        this.itemOrder = new HashMap<>();
        if (scorecard != null) {
            scorecard.items().forEach(item -> itemOrder.putIfAbsent(item.rule(), itemOrder.size()));
        }
    }

    /**
     * The verdict for a dialogue: the standard one, or the formula's value over it.
     *
     * @return the score, or null when the rule set has no scorecard
     */
    public Score score(Dialogue dialogue, List<Hit> hits) {
        return score(dialogue, hits, Set.of());
    }

    /**
     * @param notApplicable the checkpoints that did not apply to the dialogue
     * @return the score, or null when the rule set has no scorecard
     */
    public Score score(Dialogue dialogue, List<Hit> hits, Set<String> notApplicable) {
        Set<String> rulesHit = hits.stream().map(Hit::rule).collect(Collectors.toSet());
        Score standard = score(rulesHit, notApplicable);
        if (standard == null || formula == null) {
            return standard;
        }
        double computed = formula.score(dialogue, hits, standard);
        double value = Math.min(Math.clamp(computed, MIN_SCORE, MAX_SCORE), vetoedTo(rulesHit));
        return new Score(standard.scorecard(), value, grade(value), standard.breakdown(), standard.vetoedBy());
    }

    /** The standard verdict when every checkpoint applied. */
    public Score score(Set<String> rulesHit) {
        return score(rulesHit, Set.of());
    }

    /**
     * The standard verdict: base and item points (per section, capped, or weighted), clamped to the
     * floor and 100, veto, grade; null when the rule set has no scorecard.
     *
     * @param rulesHit      the rules that hit and the checkpoints that failed
     * @param notApplicable the checkpoints that did not apply
     */
    public Score score(Set<String> rulesHit, Set<String> notApplicable) {
        if (scorecard == null) {
            return null;
        }
        List<Score.ScoreItem> breakdown = new ArrayList<>();
        double value = scorecard.weighted()
                ? weighted(rulesHit, notApplicable, breakdown)
                : deducted(rulesHit, breakdown);
        double floor = scorecard.floor() == null ? MIN_SCORE : scorecard.floor();
        value = Math.clamp(value, Math.min(floor, MAX_SCORE), MAX_SCORE);
        String vetoedBy = null;
        for (ScorecardDefinition.Item item : scorecard.items()) {
            if (item.veto() && rulesHit.contains(item.rule())) {
                double forcedTo = item.vetoTo() == null ? MIN_SCORE : item.vetoTo();
                breakdown.add(new Score.ScoreItem(item.rule(), -Math.max(0, scorecard.base() - forcedTo)));
                if (vetoedBy == null) {
                    vetoedBy = item.rule();
                }
            }
        }
        value = Math.min(value, vetoedTo(rulesHit));
        breakdown.sort(Comparator.comparingInt(entry -> itemOrder.getOrDefault(entry.item(), Integer.MAX_VALUE)));
        return new Score(scorecard.name(), value, grade(value), breakdown, vetoedBy);
    }

    /** The lowest score the hit veto items force the value down to; 100 when none hit. */
    private double vetoedTo(Set<String> rulesHit) {
        return scorecard.items().stream()
                .filter(item -> item.veto() && rulesHit.contains(item.rule()))
                .mapToDouble(item -> item.vetoTo() == null ? MIN_SCORE : item.vetoTo())
                .min().orElse(MAX_SCORE);
    }

    /** Base plus the points of hit items; a capped section loses at most its cap. */
    private double deducted(Set<String> rulesHit, List<Score.ScoreItem> breakdown) {
        double value = scorecard.base();
        Map<String, Double> sectionTotals = new HashMap<>();
        for (ScorecardDefinition.Item item : scorecard.items()) {
            if (item.veto() || !rulesHit.contains(item.rule()) || item.points() == 0) {
                continue;
            }
            double cap = capOf(item.section());
            double before = sectionTotals.getOrDefault(item.section(), 0.0);
            double after = Math.max(before + item.points(), -cap);
            double points = after - before;
            sectionTotals.put(item.section(), after);
            if (points != 0) {
                breakdown.add(new Score.ScoreItem(item.rule(), points));
                value += points;
            }
        }
        return value;
    }

    /**
     * The weighted mean of the applicable sections' pass rates, scaled to the base, plus the
     * points of hit items outside sections. A hit item's breakdown entry is what it cost.
     */
    private double weighted(Set<String> rulesHit, Set<String> notApplicable, List<Score.ScoreItem> breakdown) {
        double weightSum = 0;
        double weightedScore = 0;
        Map<String, Double> costPerWeight = new HashMap<>();
        for (ScorecardDefinition.Section section : scorecard.sections()) {
            double applicable = 0;
            double passed = 0;
            for (ScorecardDefinition.Item item : scorecard.items()) {
                if (section.name().equals(item.section()) && !item.veto() && !notApplicable.contains(item.rule())) {
                    applicable += Math.abs(item.points());
                    passed += rulesHit.contains(item.rule()) ? 0 : Math.abs(item.points());
                }
            }
            if (applicable == 0) {
                continue; // not applicable: out of the denominator
            }
            double sectionScore = Math.max(MAX_SCORE * passed / applicable, MAX_SCORE - capOf(section.name()));
            double weight = section.weight();
            weightSum += weight;
            weightedScore += weight * sectionScore;
            // What a point of item weight cost, before the cap: spread the section's loss over its hit items.
            double lost = MAX_SCORE - sectionScore;
            double hitWeight = applicable - passed;
            costPerWeight.put(section.name(), hitWeight == 0 ? 0 : lost / hitWeight * weight);
        }
        double value = weightSum == 0 ? scorecard.base() : scorecard.base() * weightedScore / weightSum / MAX_SCORE;
        double scale = weightSum == 0 ? 0 : scorecard.base() / weightSum / MAX_SCORE;
        for (ScorecardDefinition.Item item : scorecard.items()) {
            if (item.veto() || !rulesHit.contains(item.rule()) || notApplicable.contains(item.rule())) {
                continue;
            }
            if (item.section() == null) {
                if (item.points() != 0) {
                    breakdown.add(new Score.ScoreItem(item.rule(), item.points()));
                    value += item.points();
                }
            } else {
                double cost = costPerWeight.getOrDefault(item.section(), 0.0) * Math.abs(item.points()) * scale;
                if (cost != 0) {
                    breakdown.add(new Score.ScoreItem(item.rule(), -Math.round(cost * 100) / 100.0));
                }
            }
        }
        return value;
    }

    private double capOf(String section) {
        return scorecard.sections().stream()
                .filter(s -> s.name().equals(section) && s.cap() != null)
                .mapToDouble(ScorecardDefinition.Section::cap)
                .findFirst().orElse(Double.POSITIVE_INFINITY);
    }

    private String grade(double value) {
        return bandsDescending.stream()
                .filter(band -> value >= band.min())
                .map(ScorecardDefinition.GradeBand::grade)
                .findFirst()
                .orElse(null);
    }
}
