package io.parley.engine.impl.lifecycle;

import io.parley.engine.api.EvaluationResult;
import io.parley.engine.api.Hit;
import io.parley.engine.api.RuleSetRef;
import io.parley.engine.api.Score;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * Compares the verdicts of two rule-set versions on the same dialogues (a backtest, a shadow run):
 * per rule, how many dialogues each version hits; which dialogues changed verdict (a different set
 * of rules hit, or a different score); how the score moved. Thread-safe: evaluations may be added
 * from several threads.
 */
public final class VerdictComparison {
    /**
     * At most this many changed dialogues are kept as samples (the first by dialogue id, whatever
     * order they were added in); all of them are counted.
     */
    public static final int MAX_SAMPLES = 20;

    private final RuleSetRef baseline;
    private final RuleSetRef candidate;
    private final Map<String, RuleTally> rules = new TreeMap<>();
    private final Map<String, String> titles = new LinkedHashMap<>();
    private final TreeMap<String, ChangedVerdict> samples = new TreeMap<>();
    private long dialogues;
    private long baselineFailures;
    private long candidateFailures;
    private long changed;
    private long scored;
    private double shiftSum;
    private double shiftMin = Double.POSITIVE_INFINITY;
    private double shiftMax = Double.NEGATIVE_INFINITY;
    private double baselineScoreSum;
    private double candidateScoreSum;

    public VerdictComparison(RuleSetRef baseline, RuleSetRef candidate) {
        this.baseline = baseline;
        this.candidate = candidate;
    }

    private static final class RuleTally {
        long baseline;
        long candidate;
    }

    /**
     * One dialogue under both versions; a null result means that version's evaluation failed (counted,
     * and the dialogue is left out of the hit rates and score shift).
     */
    public synchronized void add(String dialogueId, EvaluationResult before, EvaluationResult after) {
        if (before == null || after == null) {
            baselineFailures += before == null ? 1 : 0;
            candidateFailures += after == null ? 1 : 0;
            return;
        }
        dialogues++;
        Set<String> rulesBefore = tally(before, true);
        Set<String> rulesAfter = tally(after, false);
        Double scoreBefore = value(before.score());
        Double scoreAfter = value(after.score());
        if (scoreBefore != null && scoreAfter != null) {
            double shift = scoreAfter - scoreBefore;
            scored++;
            shiftSum += shift;
            shiftMin = Math.min(shiftMin, shift);
            shiftMax = Math.max(shiftMax, shift);
            baselineScoreSum += scoreBefore;
            candidateScoreSum += scoreAfter;
        }
        if (!rulesBefore.equals(rulesAfter) || !Objects.equals(scoreBefore, scoreAfter)) {
            changed++;
            if (samples.size() < MAX_SAMPLES || dialogueId.compareTo(samples.lastKey()) < 0) {
                samples.put(dialogueId, new ChangedVerdict(dialogueId, Verdict.of(before), Verdict.of(after),
                        rulesAfter.stream().filter(r -> !rulesBefore.contains(r)).sorted().toList(),
                        rulesBefore.stream().filter(r -> !rulesAfter.contains(r)).sorted().toList()));
                if (samples.size() > MAX_SAMPLES) {
                    samples.pollLastEntry();
                }
            }
        }
    }

    private Set<String> tally(EvaluationResult result, boolean isBaseline) {
        for (Hit hit : result.hits()) {
            RuleTally tally = rules.computeIfAbsent(hit.rule(), rule -> new RuleTally());
            titles.putIfAbsent(hit.rule(), hit.title());
            if (isBaseline) {
                tally.baseline++;
            } else {
                tally.candidate++;
            }
        }
        return result.hits().stream().map(Hit::rule).collect(Collectors.toSet());
    }

    private static Double value(Score score) {
        return score == null ? null : score.value();
    }

    /** A version's verdict on one dialogue. */
    public record Verdict(Double score, String grade, List<String> hits) {
        static Verdict of(EvaluationResult result) {
            return new Verdict(value(result.score()), result.score() == null ? null : result.score().grade(),
                    result.hits().stream().map(Hit::rule).toList());
        }
    }

    /** A dialogue whose verdict differs: the rules it newly hits and no longer hits. */
    public record ChangedVerdict(String dialogueId, Verdict baseline, Verdict candidate, List<String> newlyHit,
                                 List<String> noLongerHit) {
    }

    /** Hits of one rule: dialogues hit, and that as a fraction of the dialogues compared. */
    public record RuleCounts(long hits, double rate) {
    }

    public record RuleReport(String rule, String title, RuleCounts baseline, RuleCounts candidate, long change) {
    }

    /** Score moves candidate − baseline over the dialogues both scored; null fields when none was scored. */
    public record ScoreShift(long dialogues, Double baselineMean, Double candidateMean, Double mean, Double min, Double max) {
    }

    public record Report(RuleSetRef baseline, RuleSetRef candidate, long dialogues, long baselineFailures,
                         long candidateFailures, List<RuleReport> rules, long changedVerdicts,
                         List<ChangedVerdict> changedSamples, ScoreShift scoreShift) {
    }

    public synchronized Report report() {
        List<RuleReport> perRule = rules.entrySet().stream().map(entry -> new RuleReport(entry.getKey(),
                titles.get(entry.getKey()), counts(entry.getValue().baseline), counts(entry.getValue().candidate),
                entry.getValue().candidate - entry.getValue().baseline)).toList();
        ScoreShift shift = scored == 0 ? new ScoreShift(0, null, null, null, null, null)
                : new ScoreShift(scored, round(baselineScoreSum / scored), round(candidateScoreSum / scored),
                round(shiftSum / scored), shiftMin, shiftMax);
        return new Report(baseline, candidate, dialogues, baselineFailures, candidateFailures, perRule, changed,
                List.copyOf(samples.values()), shift);
    }

    private RuleCounts counts(long hits) {
        return new RuleCounts(hits, dialogues == 0 ? 0 : round((double) hits / dialogues));
    }

    private static double round(double value) {
        return Math.round(value * 10_000) / 10_000.0;
    }
}
