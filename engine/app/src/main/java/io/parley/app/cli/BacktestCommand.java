package io.parley.app.cli;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.parley.app.CliException;
import io.parley.app.server.RuleSetLoader;
import io.parley.engine.api.DisplayWidth;
import io.parley.engine.api.RuleSetRef;
import io.parley.engine.impl.evaluate.RuleSetEvaluator;
import io.parley.engine.impl.lifecycle.Backtest;
import io.parley.engine.impl.lifecycle.VerdictComparison;
import io.parley.engine.spi.storage.RuleSetStore.StoredRuleSet;
import io.parley.engine.spi.storage.Storage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code parley backtest --rules FILE}: re-evaluates the stored dialogues with a rule file and with
 * the published version of the same rule set, and prints per rule how the hits move, which
 * dialogues change verdict and how the score shifts. Nothing is stored.
 */
@Command(name = "backtest", mixinStandardHelpOptions = true,
        description = {"Re-evaluate stored dialogues with a rule file and compare with the published version of its rule set.",
                "Reports the hits per rule, the dialogues whose verdict changes and the score shift. Nothing is stored."})
final class BacktestCommand implements Callable<Integer> {
    @Mixin
    StorageOptions storageOptions;

    @Option(names = "--rules", required = true, paramLabel = "FILE", description = "The candidate rule set (.parley).")
    Path rules;

    @Option(names = "--since", paramLabel = "DATE",
            description = "Only dialogues that started at or after DATE (2026-11-01, or 2026-11-01T08:00:00+08:00).")
    String since;

    @Option(names = "--baseline", paramLabel = "VERSION",
            description = "Compare with this stored version instead of the published one.")
    Integer baseline;

    @Option(names = "--threads", defaultValue = "0", description = "Evaluation threads (default: one per core).")
    int threads;

    @Override
    public Integer call() {
        OffsetDateTime from;
        try {
            from = since == null ? null : Backtest.parseSince(since);
        } catch (IllegalArgumentException e) {
            throw new CliException("--" + e.getMessage());
        }
        RuleSetLoader loader = new RuleSetLoader(System.err, new SimpleMeterRegistry());
        RuleSetLoader.Loaded candidate = loader.compileFile(rules);
        try (RuleSetEvaluator candidateEvaluator = candidate.evaluator(); Storage storage = storageOptions.open()) {
            StoredRuleSet stored = baselineOf(storage, candidate.ref());
            RuleSetLoader.Loaded base = loader.compile("stored " + stored.ref(), stored.fileName(), stored.source());
            try (RuleSetEvaluator baselineEvaluator = base.evaluator()) {
                ProgressBar progress = new ProgressBar(System.err, storage.tenant(storageOptions.tenant()).dialogues().count());
                Backtest.Outcome outcome = Backtest.run(storage.tenant(storageOptions.tenant()).dialogues(), storage.tenant(storageOptions.tenant()).annotations(), baselineEvaluator, candidateEvaluator,
                        new Backtest.Options(from, threads > 0 ? threads : Runtime.getRuntime().availableProcessors(),
                                (examined, total) -> progress.update(examined), () -> false));
                progress.finish();
                print(System.out, outcome, rules.toString());
            }
        }
        return 0;
    }

    private StoredRuleSet baselineOf(Storage storage, RuleSetRef candidate) {
        if (baseline != null) {
            return storage.tenant(storageOptions.tenant()).rulesets().find(new RuleSetRef(candidate.id(), baseline)).orElseThrow(() -> new CliException(
                    "rule set " + candidate.id() + " has no stored version " + baseline + " in " + storage.describe()));
        }
        return storage.tenant(storageOptions.tenant()).rulesets().published(candidate.id()).orElseThrow(() -> new CliException(
                "rule set " + candidate.id() + " has no published version in " + storage.describe() + " to compare with;"
                        + " publish one (parley rules push FILE, parley rules publish ID VERSION) or name one with --baseline"));
    }

    static void print(PrintStream out, Backtest.Outcome outcome, String candidateOrigin) {
        VerdictComparison.Report report = outcome.report();
        out.printf("Backtest of %s (%s) against %s%n", report.candidate(), candidateOrigin, report.baseline());
        out.printf("  dialogues compared  %d%s in %.1f s (%.0f dialogues/s)%n", report.dialogues(),
                outcome.skipped() == 0 ? "" : " (" + outcome.skipped() + " before --since left out)", outcome.seconds(),
                outcome.dialoguesPerSecond());
        Backtest.Annotations annotations = outcome.annotations();
        if (annotations.reused() + annotations.recomputed() > 0) {
            out.printf("  model annotations   %d reused from storage, %d computed (new or changed operators)%n",
                    annotations.reused(), annotations.recomputed());
        }
        if (report.baselineFailures() + report.candidateFailures() > 0) {
            out.printf("  evaluation failures %d with %s, %d with %s (left out)%n", report.baselineFailures(),
                    report.baseline(), report.candidateFailures(), report.candidate());
        }
        out.printf("%n  %-24s %s %16s %16s %8s%n", "rule", DisplayWidth.padRight("title", 16), report.baseline(),
                report.candidate(), "change");
        for (VerdictComparison.RuleReport rule : report.rules()) {
            out.printf("  %-24s %s %16s %16s %+8d%n", rule.rule(), DisplayWidth.padRight(rule.title(), 16),
                    counts(rule.baseline()), counts(rule.candidate()), rule.change());
        }
        VerdictComparison.ScoreShift shift = report.scoreShift();
        out.printf("%n  verdicts changed    %d of %d dialogues%n", report.changedVerdicts(), report.dialogues());
        if (shift.dialogues() > 0) {
            out.printf(Locale.ROOT, "  score shift         mean %+.2f, min %+.1f, max %+.1f (mean score %.2f → %.2f)%n",
                    shift.mean(), shift.min(), shift.max(), shift.baselineMean(), shift.candidateMean());
        }
        List<VerdictComparison.ChangedVerdict> samples = report.changedSamples();
        if (!samples.isEmpty()) {
            out.printf("%n  changed verdicts (the first %d by dialogue id)%n", samples.size());
            for (VerdictComparison.ChangedVerdict changed : samples) {
                out.printf("    %-20s %s → %s%s%s%n", changed.dialogueId(), score(changed.baseline()), score(changed.candidate()),
                        changed.newlyHit().isEmpty() ? "" : "  +" + String.join(" +", changed.newlyHit()),
                        changed.noLongerHit().isEmpty() ? "" : "  -" + String.join(" -", changed.noLongerHit()));
            }
        }
    }

    private static String counts(VerdictComparison.RuleCounts counts) {
        return String.format(Locale.ROOT, "%d %5.1f%%", counts.hits(), counts.rate() * 100);
    }

    private static String score(VerdictComparison.Verdict verdict) {
        return verdict.score() == null ? "unscored"
                : String.format(Locale.ROOT, "%.0f%s", verdict.score(), verdict.grade() == null ? "" : " " + verdict.grade());
    }
}
