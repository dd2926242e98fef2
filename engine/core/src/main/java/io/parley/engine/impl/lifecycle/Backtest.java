package io.parley.engine.impl.lifecycle;

import io.parley.engine.api.Dialogue;
import io.parley.engine.api.DialogueEvaluator;
import io.parley.engine.api.EvaluationResult;
import io.parley.engine.spi.storage.DialogueStore;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;

/**
 * Re-evaluates stored dialogues with two rule-set versions side by side and compares their
 * verdicts ({@link VerdictComparison}); nothing is stored. Dialogues are streamed from storage in
 * batches; each batch is evaluated by {@code threads} threads.
 *
 * <p>Both sides are evaluated afresh from the stored dialogue, so they always judge the same
 * content. The annotate stage runs only lexicons, patterns and plugin operators today, which are
 * cheap to re-run; once model-backed annotations are stored with results, this is where the
 * baseline's stored annotations are to be read instead of re-running the models.
 */
public final class Backtest {
    static final int BATCH = 256;

    /** Told after each batch: dialogues examined so far (selected or not) of {@code total} stored. */
    public interface Progress {
        void update(long examined, long total);
    }

    /**
     * @param since         only dialogues that started at or after it ({@code startedAt}); null: all.
     *                      Dialogues without {@code startedAt} are skipped when it is given.
     * @param cancelled     polled between batches; the report then covers the batches done
     */
    public record Options(OffsetDateTime since, int threads, Progress progress, BooleanSupplier cancelled) {
    }

    /**
     * @param compared  dialogues evaluated by both versions (failures included)
     * @param skipped   dialogues left out by {@code since}
     * @param cancelled true when it stopped early
     */
    public record Outcome(VerdictComparison.Report report, long compared, long skipped, boolean cancelled, double seconds) {
        public double dialoguesPerSecond() {
            return seconds == 0 ? 0 : compared / seconds;
        }
    }

    private Backtest() {
    }

    /**
     * Reads a {@code since} filter: a date ({@code 2026-11-01}, midnight UTC) or a date-time with
     * offset ({@code 2026-11-01T08:00:00+08:00}).
     *
     * @throws IllegalArgumentException naming the value when it is neither
     */
    public static OffsetDateTime parseSince(String text) {
        try {
            return OffsetDateTime.parse(text);
        } catch (DateTimeParseException notDateTime) {
            try {
                return LocalDate.parse(text).atStartOfDay().atOffset(ZoneOffset.UTC);
            } catch (DateTimeParseException notDate) {
                throw new IllegalArgumentException("since '" + text + "' is not a date (2026-11-01) or a date-time with"
                        + " offset (2026-11-01T08:00:00+08:00)");
            }
        }
    }

    public static Outcome run(DialogueStore dialogues, DialogueEvaluator baseline, DialogueEvaluator candidate, Options options) {
        VerdictComparison comparison = new VerdictComparison(baseline.ruleset(), candidate.ruleset());
        long total = dialogues.count();
        long started = System.nanoTime();
        ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, options.threads()),
                Thread.ofPlatform().name("parley-backtest-", 1).daemon().factory());
        Counters counters = new Counters();
        try {
            List<Dialogue> batch = new ArrayList<>(BATCH);
            dialogues.forEach(dialogue -> {
                counters.examined++;
                if (options.since() != null && (dialogue.startedAt() == null || dialogue.startedAt().isBefore(options.since()))) {
                    counters.skipped++;
                } else {
                    batch.add(dialogue);
                }
                if (batch.size() == BATCH || counters.examined % BATCH == 0) {
                    counters.compared += evaluate(batch, baseline, candidate, comparison, pool, options.threads());
                    batch.clear();
                    options.progress().update(counters.examined, total);
                    if (options.cancelled().getAsBoolean()) {
                        throw new Stop();
                    }
                }
            });
            counters.compared += evaluate(batch, baseline, candidate, comparison, pool, options.threads());
            options.progress().update(counters.examined, Math.max(total, counters.examined));
        } catch (Stop stop) {
            return new Outcome(comparison.report(), counters.compared, counters.skipped, true, seconds(started));
        } finally {
            pool.shutdownNow();
        }
        return new Outcome(comparison.report(), counters.compared, counters.skipped, false, seconds(started));
    }

    private static final class Counters {
        long examined;
        long skipped;
        long compared;
    }

    /** Ends the stream of dialogues early; carries no stack. */
    private static final class Stop extends RuntimeException {
        Stop() {
            super(null, null, false, false);
        }
    }

    private static int evaluate(List<Dialogue> batch, DialogueEvaluator baseline, DialogueEvaluator candidate,
                                VerdictComparison comparison, ExecutorService pool, int threads) {
        if (batch.isEmpty()) {
            return 0;
        }
        int share = (batch.size() + threads - 1) / threads;
        List<Future<?>> parts = new ArrayList<>();
        for (int from = 0; from < batch.size(); from += share) {
            List<Dialogue> part = batch.subList(from, Math.min(batch.size(), from + share));
            parts.add(pool.submit(() -> part.forEach(dialogue ->
                    comparison.add(dialogue.id(), evaluateQuietly(baseline, dialogue), evaluateQuietly(candidate, dialogue)))));
        }
        for (Future<?> part : parts) {
            try {
                part.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new Stop();
            } catch (ExecutionException e) {
                throw new IllegalStateException("backtest failed: " + e.getCause().getMessage(), e.getCause());
            }
        }
        return batch.size();
    }

    /** Null when this version cannot evaluate the dialogue: counted as a failure of that side. */
    private static EvaluationResult evaluateQuietly(DialogueEvaluator evaluator, Dialogue dialogue) {
        try {
            return evaluator.evaluate(dialogue);
        } catch (RuntimeException | LinkageError | StackOverflowError e) {
            return null;
        }
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }
}
