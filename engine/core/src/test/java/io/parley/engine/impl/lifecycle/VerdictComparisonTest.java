package io.parley.engine.impl.lifecycle;

import io.parley.engine.api.EvaluationResult;
import io.parley.engine.api.Hit;
import io.parley.engine.api.RuleSetRef;
import io.parley.engine.api.Score;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class VerdictComparisonTest {
    private static final RuleSetRef V1 = new RuleSetRef("shop", 1);
    private static final RuleSetRef V2 = new RuleSetRef("shop", 2);

    private static EvaluationResult result(String id, RuleSetRef ref, double score, String... rules) {
        List<Hit> hits = java.util.Arrays.stream(rules).map(rule -> new Hit(rule, rule + " title", "minor", List.of(), List.of(), 1.0)).toList();
        return new EvaluationResult(id, ref, hits, new Score("quality", score, score >= 90 ? "A" : "B", List.of(), null), 0,
                Instant.EPOCH);
    }

    @Test
    void countsHitsPerRuleChangedVerdictsAndTheScoreShift() {
        VerdictComparison comparison = new VerdictComparison(V1, V2);
        comparison.add("d-1", result("d-1", V1, 80, "forbidden"), result("d-1", V2, 70, "forbidden"));
        comparison.add("d-2", result("d-2", V1, 100), result("d-2", V2, 70, "forbidden"));
        comparison.add("d-3", result("d-3", V1, 95, "greeting"), result("d-3", V2, 95, "greeting"));
        comparison.add("d-4", result("d-4", V1, 95, "greeting"), null);

        VerdictComparison.Report report = comparison.report();

        assertThat(report.dialogues()).isEqualTo(3);
        assertThat(report.candidateFailures()).isEqualTo(1);
        assertThat(report.baselineFailures()).isZero();
        assertThat(report.rules()).containsExactly(
                new VerdictComparison.RuleReport("forbidden", "forbidden title", new VerdictComparison.RuleCounts(1, 0.3333),
                        new VerdictComparison.RuleCounts(2, 0.6667), 1),
                new VerdictComparison.RuleReport("greeting", "greeting title", new VerdictComparison.RuleCounts(1, 0.3333),
                        new VerdictComparison.RuleCounts(1, 0.3333), 0));
        assertThat(report.changedVerdicts()).isEqualTo(2);
        assertThat(report.changedSamples()).extracting(VerdictComparison.ChangedVerdict::dialogueId).containsExactly("d-1", "d-2");
        assertThat(report.changedSamples().get(1).newlyHit()).containsExactly("forbidden");
        assertThat(report.changedSamples().get(1).baseline()).isEqualTo(new VerdictComparison.Verdict(100.0, "A", List.of()));
        assertThat(report.scoreShift()).isEqualTo(new VerdictComparison.ScoreShift(3, 91.6667, 78.3333, -13.3333, -30.0, 0.0));
    }

    @Test
    void keepsTheFirstSamplesByDialogueIdWhateverTheOrderTheyArriveIn() {
        VerdictComparison comparison = new VerdictComparison(V1, V2);
        IntStream.range(0, 50).map(i -> 49 - i).forEach(i -> {
            String id = "d-%02d".formatted(i);
            comparison.add(id, result(id, V1, 100), result(id, V2, 90, "late"));
        });

        VerdictComparison.Report report = comparison.report();

        assertThat(report.changedVerdicts()).isEqualTo(50);
        assertThat(report.changedSamples()).hasSize(VerdictComparison.MAX_SAMPLES);
        assertThat(report.changedSamples().getFirst().dialogueId()).isEqualTo("d-00");
        assertThat(report.changedSamples().getLast().dialogueId()).isEqualTo("d-19");
    }

    @Test
    void nothingComparedHasNoScoreShift() {
        VerdictComparison.Report report = new VerdictComparison(V1, V2).report();

        assertThat(report.dialogues()).isZero();
        assertThat(report.rules()).isEmpty();
        assertThat(report.scoreShift().mean()).isNull();
    }
}
