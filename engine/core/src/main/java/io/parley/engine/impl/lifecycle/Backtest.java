package io.parley.engine.impl.lifecycle;

import io.parley.engine.api.Dialogue;
import io.parley.engine.api.DialogueEvaluator;
import io.parley.engine.api.EvaluationResult;
import io.parley.engine.api.facts.SignalFact;
import io.parley.engine.impl.evaluate.ModelAnnotations;
import io.parley.engine.impl.evaluate.RuleSetEvaluator;
import io.parley.engine.spi.storage.AnnotationStore;
import io.parley.engine.spi.storage.AnnotationStore.Annotation;
import io.parley.engine.spi.storage.DialogueStore;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Re-evaluates stored dialogues with two rule-set versions side by side and compares their
 * verdicts ({@link VerdictComparison}); nothing is stored. Dialogues are streamed from storage in
 * batches; each batch is evaluated by {@code threads} threads while the next one is read.
 *
 * <p>Both sides are evaluated from the stored dialogue, so they always judge the same content.
 * Operators that call models are not run again where it can be helped: the signals they produced
 * when the dialogue was ingested are stored ({@link AnnotationStore}), and an operator of either
 * version with the same key (plugin and version, name, configuration, model version) gets those
 * instead of calling its model, as long as the dialogue's content is unchanged since. Only new or
 * changed model-backed operators run their models. Lexicons, patterns and scripts always run.
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
    public record Outcome(VerdictComparison.Report report, long compared, long skipped, boolean cancelled, double seconds,
                          Annotations annotations) {
        public double dialoguesPerSecond() {
            return seconds == 0 ? 0 : compared / seconds;
        }
    }

    /**
     * Runs of model-backed operators over both versions: {@code reused} took the signals stored at
     * ingest, {@code recomputed} called the model (a new or changed operator, or nothing stored).
     */
    public record Annotations(long reused, long recomputed) {
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

    public static Outcome run(DialogueStore dialogues, AnnotationStore annotations, RuleSetEvaluator baseline,
                              RuleSetEvaluator candidate, Options options) {
        return new Run(dialogues, annotations, baseline, candidate, options).run();
    }

    /**
     * One backtest. The calling thread streams dialogues and reads the next batch while the pool
     * evaluates the previous one; at most one batch is evaluated at a time.
     */
    private static final class Run {
        private final DialogueStore dialogues;
        private final AnnotationStore annotations;
        private final RuleSetEvaluator baseline;
        private final RuleSetEvaluator candidate;
        private final Options options;
        private final int threads;
        private final VerdictComparison comparison;
        private final ExecutorService pool;
        private List<Future<?>> inFlight = List.of();
        private int inFlightSize;
        private long examined;
        private long skipped;
        private long compared;
        private final AtomicLong reused = new AtomicLong();
        private final AtomicLong recomputed = new AtomicLong();
        private final Set<String> annotationKeys;

        Run(DialogueStore dialogues, AnnotationStore annotations, RuleSetEvaluator baseline, RuleSetEvaluator candidate,
            Options options) {
            this.dialogues = dialogues;
            this.annotations = annotations;
            this.baseline = baseline;
            this.candidate = candidate;
            this.annotationKeys = Stream.of(baseline, candidate).flatMap(evaluator -> evaluator.annotationKeys().stream())
                    .collect(Collectors.toUnmodifiableSet());
            this.options = options;
            this.threads = Math.max(1, options.threads());
            this.comparison = new VerdictComparison(baseline.ruleset(), candidate.ruleset());
            this.pool = Executors.newFixedThreadPool(threads, Thread.ofPlatform().name("parley-backtest-", 1).daemon().factory());
        }

        Outcome run() {
            long total = dialogues.count();
            long started = System.nanoTime();
            boolean cancelled = false;
            try {
                List<Dialogue> batch = new ArrayList<>(BATCH);
                dialogues.forEach(dialogue -> {
                    examined++;
                    if (options.since() != null && (dialogue.startedAt() == null || dialogue.startedAt().isBefore(options.since()))) {
                        skipped++;
                    } else {
                        batch.add(dialogue);
                    }
                    if (batch.size() == BATCH || examined % BATCH == 0) {
                        awaitInFlight();
                        options.progress().update(examined, total);
                        if (options.cancelled().getAsBoolean()) {
                            throw new Stop();
                        }
                        submit(List.copyOf(batch));
                        batch.clear();
                    }
                });
                awaitInFlight();
                submit(batch);
                awaitInFlight();
                options.progress().update(examined, Math.max(total, examined));
            } catch (Stop stop) {
                cancelled = true;
            } finally {
                pool.shutdownNow();
            }
            return new Outcome(comparison.report(), compared, skipped, cancelled, (System.nanoTime() - started) / 1e9,
                    new Annotations(reused.get(), recomputed.get()));
        }

        private void submit(List<Dialogue> batch) {
            int share = Math.max(1, (batch.size() + threads - 1) / threads);
            Map<String, Map<String, Annotation>> stored = batch.isEmpty() || annotationKeys.isEmpty() ? Map.of()
                    : annotations.find(batch.stream().map(Dialogue::id).toList(), annotationKeys);
            List<Future<?>> parts = new ArrayList<>();
            for (int from = 0; from < batch.size(); from += share) {
                List<Dialogue> part = batch.subList(from, Math.min(batch.size(), from + share));
                parts.add(pool.submit(() -> part.forEach(dialogue -> {
                    Map<String, List<SignalFact>> current = current(dialogue, stored.getOrDefault(dialogue.id(), Map.of()));
                    comparison.add(dialogue.id(), evaluateQuietly(baseline, dialogue, current),
                            evaluateQuietly(candidate, dialogue, current));
                })));
            }
            inFlight = parts;
            inFlightSize = batch.size();
        }

        /** Waits for the batch being evaluated, if any, and counts it. */
        private void awaitInFlight() {
            for (Future<?> part : inFlight) {
                try {
                    part.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new Stop();
                } catch (ExecutionException e) {
                    throw new IllegalStateException("backtest failed: " + e.getCause().getMessage(), e.getCause());
                }
            }
            compared += inFlightSize;
            inFlight = List.of();
            inFlightSize = 0;
        }

        /** The stored signals computed from this very content of the dialogue (none when it changed since). */
        private static Map<String, List<SignalFact>> current(Dialogue dialogue, Map<String, Annotation> stored) {
            if (stored.isEmpty()) {
                return Map.of();
            }
            String contentHash = ModelAnnotations.contentHash(dialogue);
            Map<String, List<SignalFact>> current = new HashMap<>();
            stored.forEach((key, annotation) -> {
                if (annotation.contentHash().equals(contentHash)) {
                    current.put(key, annotation.signals());
                }
            });
            return current;
        }

        /** Null when this version cannot evaluate the dialogue: counted as a failure of that side. */
        private EvaluationResult evaluateQuietly(DialogueEvaluator evaluator, Dialogue dialogue,
                                                 Map<String, List<SignalFact>> stored) {
            ModelAnnotations scope = ModelAnnotations.reusing(stored);
            try {
                return scope.around(() -> evaluator.evaluate(dialogue));
            } catch (RuntimeException | LinkageError | StackOverflowError e) {
                return null;
            } finally {
                reused.addAndGet(scope.reused());
                recomputed.addAndGet(scope.computed().size());
            }
        }
    }

    /** Ends the stream of dialogues early; carries no stack. */
    private static final class Stop extends RuntimeException {
        private static final long serialVersionUID = 1L;

        Stop() {
            super(null, null, false, false);
        }
    }

    private static double seconds(long startedNanos) {
        return (System.nanoTime() - startedNanos) / 1e9;
    }
}
