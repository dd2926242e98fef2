package io.parley.workflow;

import io.parley.engine.api.TenantId;
import io.parley.engine.api.RuleSetRef;
import io.parley.storage.mongo.MongoStorage;
import io.parley.engine.spi.storage.Storage;
import io.parley.engine.spi.storage.VerdictStore.HitVerdict;
import io.parley.engine.spi.storage.VerdictStore.Kind;
import io.parley.engine.spi.storage.VerdictStore.Verdict;
import io.parley.workflow.VerdictAnalytics.AgentTier;
import io.parley.workflow.VerdictAnalytics.CalibrationReport;
import io.parley.workflow.VerdictAnalytics.ReviewerAgreement;
import io.parley.workflow.VerdictAnalytics.RuleAgreement;
import io.parley.workflow.VerdictAnalytics.RulePrecision;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** Precision, calibration agreement and agent tiers computed from verdicts stored in the embedded MongoDB. */
class VerdictAnalyticsTest {
    private static final RuleSetRef V2 = new RuleSetRef("presale", 2);
    private static final RuleSetRef V3 = new RuleSetRef("presale", 3);
    private static final Instant T0 = Instant.parse("2026-11-01T00:00:00Z");

    // One storage for the class: each test writes verdicts of kinds (or periods) the others do not read.
    @TempDir
    static Path dataDir;
    static Storage storage;
    static VerdictAnalytics analytics;
    static final AtomicInteger ids = new AtomicInteger();

    @BeforeAll
    static void open() {
        storage = MongoStorage.embedded(dataDir);
        analytics = new VerdictAnalytics(storage.tenant(TenantId.DEFAULT).verdicts());
    }

    @AfterAll
    static void close() {
        storage.close();
    }

    @Test
    void precisionPerRuleVersionCountsTheLatestJudgmentOfEachHit() {
        save(Kind.REVIEW, "d1", V3, "li", null, List.of(yes("A"), no("B")), T0);
        save(Kind.REVIEW, "d2", V3, "li", null, List.of(no("A")), T0);
        save(Kind.REVIEW, "d3", V3, "zhao", null, List.of(yes("A"), no("B")), T0);
        save(Kind.ARBITRATION, "d3", V3, "wang", null, List.of(yes("B")), T0.plusSeconds(60));
        save(Kind.REVIEW, "d9", V2, "li", null, List.of(no("A")), T0);
        // Calibration reviews measure reviewers, not rules.
        save(Kind.CALIBRATION, "d1", V3, "zhao", null, List.of(no("A")), T0.minusSeconds(60));

        assertThat(analytics.precision()).containsExactly(
                new RulePrecision("A", V2, 1, 0, 0.0),
                new RulePrecision("A", V3, 3, 2, 2.0 / 3),
                new RulePrecision("B", V3, 2, 1, 0.5));
    }

    @Test
    void calibrationAgreementPerRuleAndPerReviewer() {
        save(Kind.CALIBRATION, "x1", V3, "r1", null, List.of(yes("A"), no("B")), T0);
        save(Kind.CALIBRATION, "x1", V3, "r2", null, List.of(yes("A"), no("B")), T0);
        save(Kind.CALIBRATION, "x1", V3, "r3", null, List.of(no("A")), T0);
        save(Kind.CALIBRATION, "x2", V3, "r1", null, List.of(yes("A")), T0);
        save(Kind.CALIBRATION, "x2", V3, "r2", null, List.of(yes("A")), T0);
        save(Kind.CALIBRATION, "x2", V3, "r3", null, List.of(yes("A")), T0);
        // Only one reviewer judged C: no agreement to measure.
        save(Kind.CALIBRATION, "x3", V3, "r1", null, List.of(yes("C")), T0);

        CalibrationReport report = analytics.calibration(T0, T0.plusSeconds(1));

        assertThat(report.rules()).hasSize(2);
        RuleAgreement a = report.rules().get(0);
        assertThat(a.rule()).isEqualTo("A");
        assertThat(a.items()).isEqualTo(2);
        assertThat(a.raters()).isEqualTo(3);
        // x1: 1 of 3 pairs agree, x2: 3 of 3 → 4/6.
        assertThat(a.pairwise()).isCloseTo(4.0 / 6, within(1e-12));
        // P̄ = (1/3 + 1)/2 = 2/3; p(confirmed) = 5/6, Pe = 26/36; κ = (2/3 − 26/36)/(1 − 26/36) = −0.2.
        assertThat(a.fleissKappa()).isCloseTo(-0.2, within(1e-12));
        assertThat(report.rules().get(1)).isEqualTo(new RuleAgreement("B", 1, 2, 1.0, null));
        assertThat(report.reviewers()).containsExactly(
                new ReviewerAgreement("r1", 5, 0.8), new ReviewerAgreement("r2", 5, 0.8),
                new ReviewerAgreement("r3", 4, 0.5));
    }

    @Test
    void agentsAreBandedByTheirMeanFinalScoreOverThePeriod() {
        save(Kind.FINAL, "f1", V3, "workflow", "a-1", 95.0, T0);
        save(Kind.FINAL, "f2", V3, "workflow", "a-1", 91.0, T0.plus(Duration.ofDays(3)));
        save(Kind.FINAL, "f3", V3, "workflow", "a-2", 80.0, T0);
        save(Kind.FINAL, "f4", V3, "workflow", "a-2", 70.0, T0);
        save(Kind.FINAL, "f5", V3, "workflow", "a-3", 60.0, T0);
        save(Kind.FINAL, "f6", V3, "workflow", "a-3", 100.0, T0.plus(Duration.ofDays(30)));
        save(Kind.FINAL, "f7", V3, "workflow", null, 10.0, T0);
        save(Kind.REVIEW, "f5", V3, "li", "a-3", 99.0, T0);

        List<AgentTier> tiers = analytics.agentTiers(T0, T0.plus(Duration.ofDays(7)), VerdictAnalytics.DEFAULT_BANDS);

        assertThat(tiers).containsExactly(new AgentTier("a-1", 2, 93.0, "一级"), new AgentTier("a-2", 2, 75.0, "二级"),
                new AgentTier("a-3", 1, 60.0, "三级"));
    }

    private static void save(Kind kind, String dialogueId, RuleSetRef ruleset, String actor, String agentId,
                      List<HitVerdict> hits, Instant at) {
        storage.tenant(TenantId.DEFAULT).verdicts().save(new Verdict("v-" + ids.incrementAndGet(), kind, dialogueId, ruleset, agentId, actor, hits,
                null, null, null, at));
    }

    private static void save(Kind kind, String dialogueId, RuleSetRef ruleset, String actor, String agentId, Double score,
                      Instant at) {
        storage.tenant(TenantId.DEFAULT).verdicts().save(new Verdict("v-" + ids.incrementAndGet(), kind, dialogueId, ruleset, agentId, actor,
                List.of(), score, null, null, at));
    }

    private static HitVerdict yes(String rule) {
        return new HitVerdict(rule, true);
    }

    private static HitVerdict no(String rule) {
        return new HitVerdict(rule, false);
    }
}
