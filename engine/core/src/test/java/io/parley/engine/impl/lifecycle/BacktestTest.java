package io.parley.engine.impl.lifecycle;

import io.parley.engine.api.TenantId;
import io.parley.engine.api.Dialogue;
import io.parley.engine.api.RuleSetRef;
import io.parley.engine.api.Turn;
import io.parley.engine.api.ruleset.LexiconDefinition;
import io.parley.engine.api.ruleset.RuleDefinition;
import io.parley.engine.api.ruleset.RuleSetDefinition;
import io.parley.engine.impl.plugin.PluginRegistry;
import io.parley.engine.spi.RuleSetCompiler;
import io.parley.engine.testing.Await;
import io.parley.engine.testing.TestClock;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.parley.engine.api.ruleset.ScorecardDefinition;
import io.parley.engine.impl.evaluate.RuleSetEvaluator;
import io.parley.storage.mongo.StorageFactory;
import io.parley.engine.spi.storage.Storage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Backtests over dialogues stored in the embedded MongoDB, judged by rules compiled with Drools. */
class BacktestTest {
    private static final String DRL = """
            package parley.rules.shop;
            import io.parley.engine.api.facts.SignalFact;
            global io.parley.engine.api.facts.HitCollector hits;
            rule "forbidden"
            when
                SignalFact(name == "forbidden")
            then
                hits.hit("forbidden", kcontext.getMatch().getObjects().toArray());
            end
            """;
    private static final OffsetDateTime NOV_1 = OffsetDateTime.of(2026, 11, 1, 0, 0, 0, 0, ZoneOffset.UTC);

    @TempDir
    Path dataDir;
    private Storage storage;
    private RuleSetEvaluator v1;
    private RuleSetEvaluator v2;

    @BeforeEach
    void start() {
        storage = StorageFactory.open(dataDir, null);
        v1 = RuleSetEvaluator.compile(definition(1));
        v2 = RuleSetEvaluator.compile(definition(2));
        // 600 dialogues: even ones say 不知道 (hit by both), odd ones 没办法 (hit by v2 only);
        // the first 100 started in October.
        storage.tenant(TenantId.DEFAULT).dialogues().saveAll(IntStream.range(0, 600).mapToObj(i -> new Dialogue("d-%03d".formatted(i), "im",
                NOV_1.plusDays(i < 100 ? -5 : 5), null, null, null,
                List.of(new Turn("agent", i % 2 == 0 ? "不知道" : "没办法")), null, null)).toList());
    }

    @AfterEach
    void stop() {
        v1.close();
        v2.close();
        storage.close();
    }

    /** Version 1 forbids 不知道; version 2 also 没办法. */
    private static RuleSetDefinition definition(int version) {
        return definition(version, version == 1 ? List.of("不知道") : List.of("不知道", "没办法"));
    }

    private static RuleSetDefinition definition(int version, List<String> terms) {
        return new RuleSetDefinition(new RuleSetRef("shop", version), "zh",
                List.of(new LexiconDefinition("forbidden", terms)), List.of(),
                List.of(new RuleDefinition("forbidden", "禁语", "major", List.of())), DRL,
                new ScorecardDefinition("quality", 100, List.of(new ScorecardDefinition.Item("forbidden", -20, false)), List.of()));
    }

    @Test
    void comparesEveryStoredDialogueAndReportsProgress() {
        List<Long> progress = new ArrayList<>();

        Backtest.Outcome outcome = Backtest.run(storage.tenant(TenantId.DEFAULT).dialogues(), storage.tenant(TenantId.DEFAULT).annotations(), v1, v2,
                new Backtest.Options(null, 2, (examined, total) -> progress.add(examined), () -> false));

        assertThat(outcome.cancelled()).isFalse();
        assertThat(outcome.compared()).isEqualTo(600);
        VerdictComparison.Report report = outcome.report();
        assertThat(report.rules()).containsExactly(new VerdictComparison.RuleReport("forbidden", "禁语",
                new VerdictComparison.RuleCounts(300, 0.5), new VerdictComparison.RuleCounts(600, 1.0), 300));
        assertThat(report.changedVerdicts()).isEqualTo(300);
        assertThat(report.changedSamples()).hasSize(VerdictComparison.MAX_SAMPLES);
        assertThat(report.changedSamples().getFirst().dialogueId()).isEqualTo("d-001");
        assertThat(report.scoreShift()).isEqualTo(new VerdictComparison.ScoreShift(600, 90.0, 80.0, -10.0, -20.0, 0.0));
        assertThat(progress).containsExactly(256L, 512L, 600L);
    }

    @Test
    void sinceLeavesOutEarlierDialogues() {
        Backtest.Outcome outcome = Backtest.run(storage.tenant(TenantId.DEFAULT).dialogues(), storage.tenant(TenantId.DEFAULT).annotations(), v1, v2,
                new Backtest.Options(NOV_1, 2, (examined, total) -> { }, () -> false));

        assertThat(outcome.compared()).isEqualTo(500);
        assertThat(outcome.skipped()).isEqualTo(100);
        assertThat(outcome.report().dialogues()).isEqualTo(500);
    }

    @Test
    void aCancelledBacktestStopsAfterTheBatchUnderWayAndReportsWhatItCompared() {
        AtomicInteger asked = new AtomicInteger();

        Backtest.Outcome outcome = Backtest.run(storage.tenant(TenantId.DEFAULT).dialogues(), storage.tenant(TenantId.DEFAULT).annotations(), v1, v2,
                new Backtest.Options(null, 2, (examined, total) -> { }, () -> asked.incrementAndGet() > 1));

        assertThat(outcome.cancelled()).isTrue();
        assertThat(outcome.compared()).isEqualTo(256);
        assertThat(outcome.report().dialogues()).isEqualTo(256);
    }

    @Test
    void aBacktestJobIsStampedWithTheClockItIsGiven() {
        // Stored source "1" or "2" compiles to that version of the rule set above.
        RuleSetCompiler versions = (fileName, source) -> new RuleSetCompiler.Compilation(
                definition(Integer.parseInt(source.strip())), List.of());
        storage.tenant(TenantId.DEFAULT).rulesets().save(new RuleSetRef("shop", 1), "shop.parley", "1");
        storage.tenant(TenantId.DEFAULT).rulesets().save(new RuleSetRef("shop", 2), "shop.parley", "2");
        TestClock clock = new TestClock(Instant.parse("2026-12-07T08:00:00Z"));
        SimpleMeterRegistry meters = new SimpleMeterRegistry();
        try (CompiledVersions compiled = new CompiledVersions(storage.tenant(TenantId.DEFAULT).rulesets(),
                new RuleSetChecker(versions, PluginRegistry.installed(), meters));
             BacktestJobs jobs = new BacktestJobs(storage.tenant(TenantId.DEFAULT).dialogues(), storage.tenant(TenantId.DEFAULT).annotations(), storage.tenant(TenantId.DEFAULT).backtestJobs(),
                     compiled, meters, 2, clock)) {
            String job = jobs.start(new RuleSetRef("shop", 1), new RuleSetRef("shop", 2), null).job();

            BacktestJobs.JobStatus done = Await.until("backtest " + job, Duration.ofSeconds(60),
                    () -> jobs.status(job).orElseThrow(), status -> status.state() == BacktestJobs.State.DONE);

            assertThat(done.compared()).isEqualTo(600);
            assertThat(done.startedAt()).isEqualTo(clock.instant());
            assertThat(done.finishedAt()).isEqualTo(clock.instant());
        }
    }
}
