package io.parley.engine.impl.score;

import io.parley.engine.api.Score;
import io.parley.engine.api.Score.ScoreItem;
import io.parley.engine.api.ruleset.ScorecardDefinition;
import io.parley.engine.api.ruleset.ScorecardDefinition.GradeBand;
import io.parley.engine.api.ruleset.ScorecardDefinition.Item;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class ScorecardEvaluatorTest {

    private static final List<GradeBand> BANDS = List.of(
            new GradeBand("A", 90), new GradeBand("B", 80), new GradeBand("C", 60));

    private static final ScorecardDefinition PRESALE = new ScorecardDefinition("presale", 100, List.of(
            new Item("missed_greeting", -5, false),
            new Item("slow_first_reply", -15, false),
            new Item("forbidden_phrase", 0, true),
            new Item("recommended_upsell", 3, false),
            new Item("rude_reply", 0, true),
            new Item("tagged_only", 0, false)), BANDS);

    private final ScorecardEvaluator presale = new ScorecardEvaluator(PRESALE);

    @Test
    void noScorecardMeansNoScore() {
        assertThat(new ScorecardEvaluator(null).score(Set.of("missed_greeting"))).isNull();
    }

    @Test
    void deductsEachHitItemOnceFromTheBaseAndGrades() {
        Score score = presale.score(Set.of("missed_greeting", "slow_first_reply", "not_on_the_scorecard"));

        assertThat(score.scorecard()).isEqualTo("presale");
        assertThat(score.value()).isEqualTo(80);
        assertThat(score.grade()).isEqualTo("B");
        assertThat(score.vetoedBy()).isNull();
        assertThat(score.breakdown()).containsExactly(
                new ScoreItem("missed_greeting", -5), new ScoreItem("slow_first_reply", -15));
    }

    @Test
    void aCleanDialogueKeepsTheBase() {
        Score score = presale.score(Set.of());

        assertThat(score.value()).isEqualTo(100);
        assertThat(score.grade()).isEqualTo("A");
        assertThat(score.breakdown()).isEmpty();
    }

    @Test
    void clampsToTheScoreRange() {
        ScorecardDefinition generous = new ScorecardDefinition("generous", 98, List.of(
                new Item("bonus", 5, false)), List.of());
        ScorecardDefinition harsh = new ScorecardDefinition("harsh", 20, List.of(
                new Item("a", -15, false), new Item("b", -15, false)), List.of());

        assertThat(new ScorecardEvaluator(generous).score(Set.of("bonus")).value()).isEqualTo(100);
        Score clampedToZero = new ScorecardEvaluator(harsh).score(Set.of("a", "b"));
        assertThat(clampedToZero.value()).isZero();
        assertThat(clampedToZero.vetoedBy()).isNull();
    }

    @Test
    void aHitVetoItemForcesZeroAndIsListedAsMinusBase() {
        Score score = presale.score(Set.of("rude_reply", "recommended_upsell", "forbidden_phrase", "missed_greeting"));

        assertThat(score.value()).isZero();
        assertThat(score.vetoedBy()).isEqualTo("forbidden_phrase");
        assertThat(score.grade()).isNull();
        assertThat(score.breakdown()).containsExactly(
                new ScoreItem("missed_greeting", -5),
                new ScoreItem("forbidden_phrase", -100),
                new ScoreItem("recommended_upsell", 3),
                new ScoreItem("rude_reply", -100));
    }

    @Test
    void leavesZeroPointItemsOutOfTheBreakdown() {
        assertThat(presale.score(Set.of("tagged_only")).breakdown()).isEmpty();
    }

    @Test
    void gradesByTheHighestBandReachedWhateverOrderTheBandsAreGivenIn() {
        ScorecardDefinition shuffled = new ScorecardDefinition("s", 75, List.of(new Item("up", 15, false)),
                List.of(new GradeBand("C", 60), new GradeBand("A", 90), new GradeBand("B", 80)));
        ScorecardEvaluator evaluator = new ScorecardEvaluator(shuffled);

        assertThat(evaluator.score(Set.of()).grade()).isEqualTo("C");
        assertThat(evaluator.score(Set.of("up")).grade()).isEqualTo("A");
    }

    @Test
    void hasNoGradeBelowEveryBandOrWithoutBands() {
        ScorecardDefinition low = new ScorecardDefinition("low", 50, List.of(), BANDS);
        ScorecardDefinition ungraded = new ScorecardDefinition("ungraded", 100, List.of(), null);

        assertThat(new ScorecardEvaluator(low).score(Set.of()).grade()).isNull();
        assertThat(new ScorecardEvaluator(ungraded).score(Set.of()).grade()).isNull();
    }

    private static final List<GradeBand> LEVELS = List.of(new GradeBand("一级", 90), new GradeBand("二级", 75),
            new GradeBand("三级", 60), new GradeBand("不合格", 0));

    /** The weighted example of docs/dsl.md. */
    private static final ScorecardDefinition WEIGHTED = new ScorecardDefinition("quality", 100, List.of(
            new Item("abusive_language", 0, true, null, null),
            new Item("greet", -10, false, null, "process"),
            new Item("ask_order", -20, false, null, "process"),
            new Item("close", -10, false, null, "process"),
            new Item("forbidden_phrase", -30, false, null, "manners")), LEVELS, null,
            List.of(new ScorecardDefinition.Section("process", "服务流程", 60.0, null),
                    new ScorecardDefinition.Section("manners", "服务态度", 40.0, 50.0)), 20.0);

    @Test
    void aWeightedScorecardLeavesNotApplicableCheckpointsOutOfTheDenominator() {
        ScorecardEvaluator weighted = new ScorecardEvaluator(WEIGHTED);

        Score noGreeting = weighted.score(Set.of("greet"), Set.of("ask_order"));
        assertThat(noGreeting.value()).isEqualTo(70);
        assertThat(noGreeting.grade()).isEqualTo("三级");
        assertThat(noGreeting.breakdown()).containsExactly(new ScoreItem("greet", -30));

        // Applicable, the same miss weighs less: 10 of 40 lost in the process section.
        assertThat(weighted.score(Set.of("greet"), Set.of()).value()).isEqualTo(85);

        Score rude = weighted.score(Set.of("greet", "forbidden_phrase"), Set.of("ask_order"));
        assertThat(rude.value()).isEqualTo(50);
        assertThat(rude.grade()).isEqualTo("不合格");
    }

    @Test
    void aSectionWithNothingApplicableIsLeftOutAndAFloorHolds() {
        ScorecardDefinition onlyCheckpoints = new ScorecardDefinition("s", 100, List.of(
                new Item("ask_order", -20, false, null, "process"),
                new Item("forbidden_phrase", -30, false, null, "manners")), LEVELS, null,
                List.of(new ScorecardDefinition.Section("process", "p", 60.0, null),
                        new ScorecardDefinition.Section("manners", "m", 40.0, null)), 20.0);
        ScorecardEvaluator evaluator = new ScorecardEvaluator(onlyCheckpoints);

        assertThat(evaluator.score(Set.of("forbidden_phrase"), Set.of("ask_order")).value()).isEqualTo(20);
        assertThat(evaluator.score(Set.of(), Set.of("ask_order")).value()).isEqualTo(100);
    }

    @Test
    void aCapLimitsWhatASectionLosesAndVetoToForcesAMaximumBelowTheFloor() {
        ScorecardDefinition capped = new ScorecardDefinition("capped", 100, List.of(
                new Item("a", -15, false, null, "manners"),
                new Item("b", -15, false, null, "manners"),
                new Item("c", -10, false, null, null),
                new Item("complaint", 0, true, 59.0, null),
                new Item("abuse", 0, true, null, null)), LEVELS, null,
                List.of(new ScorecardDefinition.Section("manners", "m", null, 20.0)), 30.0);
        ScorecardEvaluator evaluator = new ScorecardEvaluator(capped);

        Score score = evaluator.score(Set.of("a", "b", "c"));
        assertThat(score.value()).isEqualTo(70);
        assertThat(score.breakdown()).containsExactly(new ScoreItem("a", -15), new ScoreItem("b", -5), new ScoreItem("c", -10));

        Score complaint = evaluator.score(Set.of("complaint"));
        assertThat(complaint.value()).isEqualTo(59);
        assertThat(complaint.vetoedBy()).isEqualTo("complaint");
        assertThat(complaint.breakdown()).containsExactly(new ScoreItem("complaint", -41));

        Score both = evaluator.score(Set.of("complaint", "abuse", "a", "b", "c"));
        assertThat(both.value()).isZero();
        assertThat(both.vetoedBy()).isEqualTo("complaint");
    }
}
