package io.parley.engine.impl.lifecycle;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.engine.api.EvaluationResult;
import io.parley.engine.api.RuleSetRef;
import io.parley.engine.api.json.ParleyJson;
import io.parley.engine.spi.storage.JobStore;
import io.parley.engine.spi.storage.TenantStorage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Shadow mode: a draft version evaluated beside the published version of its rule set on live
 * traffic. Told of every stored live result ({@link #accept}), it evaluates the same dialogue with
 * the draft on its own threads and stores that result in {@link Storage#shadowResults()}, never
 * among the live results. One shadow per rule-set id. Each shadow run is kept in the
 * {@link Storage#shadowRuns()} store (draft, state, counts, started and stopped), saved when it starts
 * and stops and its counts at most once a second while it runs, and on close: a restart resumes the
 * shadows that were running (with their counts as last saved), and stopped ones stay listable.
 *
 * <p>Live traffic never waits for the shadow: when its queue is full, the dialogue is skipped and
 * counted ({@link ShadowStatus#skipped}).
 */
public final class ShadowRuns implements Consumer<EvaluationResult>, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ShadowRuns.class);
    private static final int QUEUE = 4096;

    private final TenantStorage storage;
    private final CompiledVersions compiled;
    private final ThreadPoolExecutor workers;
    private final Clock clock;
    private static final long SAVE_INTERVAL_NANOS = 1_000_000_000L;

    private final ObjectMapper json = ParleyJson.mapper();
    private final Map<String, Shadow> shadows = new ConcurrentHashMap<>();

    /**
     * Resumes the shadows that were running when the previous process stopped.
     *
     * @param clock what a shadow run's start and stop times are read from
     */
    public ShadowRuns(TenantStorage storage, CompiledVersions compiled, int threads, Clock clock) {
        this.clock = clock;
        this.storage = storage;
        this.compiled = compiled;
        this.workers = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUE),
                Thread.ofPlatform().name("parley-shadow-", 1).daemon().factory(), new ThreadPoolExecutor.AbortPolicy());
        storage.shadowRuns().all().stream().map(this::read).filter(run -> run.state() == State.RUNNING).forEach(this::resume);
    }

    public enum State { RUNNING, STOPPED, FAILED }

    /**
     * A shadow run and its counts since it started (across restarts). {@code run} is its id;
     * {@code error} says why a run could not be resumed after a restart ({@link State#FAILED}).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ShadowStatus(RuleSetRef draft, long evaluated, long failed, long skipped, String run, State state,
                               Instant startedAt, Instant stoppedAt, String error) {
    }

    private final class Shadow {
        final String run;
        final RuleSetRef draft;
        final Instant startedAt;
        final AtomicLong evaluated;
        final AtomicLong failed;
        final AtomicLong skipped;
        volatile long savedAt = System.nanoTime();

        Shadow(String run, RuleSetRef draft, Instant startedAt, long evaluated, long failed, long skipped) {
            this.run = run;
            this.draft = draft;
            this.startedAt = startedAt;
            this.evaluated = new AtomicLong(evaluated);
            this.failed = new AtomicLong(failed);
            this.skipped = new AtomicLong(skipped);
        }

        ShadowStatus status(State state, Instant stoppedAt) {
            return new ShadowStatus(draft, evaluated.get(), failed.get(), skipped.get(), run, state, startedAt, stoppedAt, null);
        }

        ShadowStatus status() {
            return status(State.RUNNING, null);
        }

        /** Counts are saved at most once a second while it runs (best-effort: live traffic must not fail on it). */
        void saveNowAndThen() {
            long now = System.nanoTime();
            if (now - savedAt >= SAVE_INTERVAL_NANOS) {
                savedAt = now;
                try {
                    save(status());
                } catch (RuntimeException e) {
                    log.warn("saving the counts of shadow run {} failed: {}", run, e.getMessage());
                }
            }
        }
    }

    /**
     * Starts shadowing live traffic of {@code draft.id()} with {@code draft} (compiled now, so a
     * version that does not compile is refused here), replacing any shadow of that id. Returns once
     * the run is stored.
     */
    public ShadowStatus start(RuleSetRef draft) {
        compiled.with(draft, evaluator -> evaluator.ruleset());
        Shadow shadow = new Shadow(UUID.randomUUID().toString(), draft, clock.instant(), 0, 0, 0);
        save(shadow.status());
        Shadow replaced = shadows.put(draft.id(), shadow);
        if (replaced != null) {
            save(replaced.status(State.STOPPED, clock.instant()));
        }
        return shadow.status();
    }

    private void resume(ShadowStatus stored) {
        try {
            compiled.with(stored.draft(), evaluator -> evaluator.ruleset());
        } catch (RuntimeException e) {
            log.error("shadow run {} of {} cannot be resumed: {}", stored.run(), stored.draft(), e.getMessage());
            save(new ShadowStatus(stored.draft(), stored.evaluated(), stored.failed(), stored.skipped(), stored.run(),
                    State.FAILED, stored.startedAt(), clock.instant(), "not resumed after a restart: " + e.getMessage()));
            return;
        }
        shadows.put(stored.draft().id(), new Shadow(stored.run(), stored.draft(), stored.startedAt(), stored.evaluated(),
                stored.failed(), stored.skipped()));
        log.info("resumed shadow run {} of {} ({} evaluated so far)", stored.run(), stored.draft(), stored.evaluated());
    }

    /** Stops the shadow of {@code id}; its stored results stay, and the run is stored as stopped. */
    public Optional<ShadowStatus> stop(String id) {
        return Optional.ofNullable(shadows.remove(id)).map(shadow -> {
            ShadowStatus stopped = shadow.status(State.STOPPED, clock.instant());
            save(stopped);
            return stopped;
        });
    }

    /** Every shadow run of the rule set, running or not, in the order they were started. */
    public List<ShadowStatus> runs(String id) {
        return storage.shadowRuns().forRuleSet(id).stream().map(this::read).map(stored -> {
            Shadow running = shadows.get(id);
            return running != null && running.run.equals(stored.run()) ? running.status() : stored;
        }).toList();
    }

    private void save(ShadowStatus status) {
        try {
            storage.shadowRuns().save(status.run(), status.draft().id(), json.writeValueAsString(status));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write shadow run " + status.run() + " as JSON", e);
        }
    }

    private ShadowStatus read(JobStore.StoredJob stored) {
        try {
            return json.readValue(stored.json(), ShadowStatus.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored shadow run " + stored.id() + " is unreadable: " + e.getOriginalMessage(), e);
        }
    }

    public Optional<ShadowStatus> status(String id) {
        return Optional.ofNullable(shadows.get(id)).map(Shadow::status);
    }

    /** A live result was stored: shadow its dialogue if a shadow of its rule set runs. Never blocks. */
    @Override
    public void accept(EvaluationResult live) {
        Shadow shadow = shadows.get(live.ruleset().id());
        if (shadow == null || shadow.draft.equals(live.ruleset())) {
            return;
        }
        try {
            workers.execute(() -> evaluate(shadow, live.dialogueId()));
        } catch (RejectedExecutionException e) {
            shadow.skipped.incrementAndGet();
            shadow.saveNowAndThen();
        }
    }

    private void evaluate(Shadow shadow, String dialogueId) {
        try {
            storage.dialogues().find(dialogueId).ifPresent(dialogue -> {
                EvaluationResult result = compiled.with(shadow.draft, evaluator -> evaluator.evaluate(dialogue));
                storage.shadowResults().save(result);
                shadow.evaluated.incrementAndGet();
            });
        } catch (RuntimeException | LinkageError | StackOverflowError e) {
            shadow.failed.incrementAndGet();
            log.warn("shadow evaluation of dialogue '{}' with {} failed: {}", dialogueId, shadow.draft, e.getMessage());
        }
        shadow.saveNowAndThen();
    }

    /**
     * Compares the stored shadow results of {@code draft} with the live result of the same dialogue
     * under another version of its rule set (the newest such), dialogue by dialogue.
     */
    public VerdictComparison.Report compare(RuleSetRef draft) {
        // Pairs are gathered first: the comparison names the live version it compared with.
        List<Pair> pairs = new ArrayList<>();
        storage.shadowResults().forEach(draft, shadow -> live(shadow.dialogueId(), draft)
                .ifPresent(live -> pairs.add(new Pair(live, shadow))));
        RuleSetRef baseline = pairs.stream().map(pair -> pair.live().ruleset())
                .max(Comparator.comparingInt(RuleSetRef::version)).orElse(null);
        VerdictComparison comparison = new VerdictComparison(baseline, draft);
        pairs.forEach(pair -> comparison.add(pair.shadow().dialogueId(), pair.live(), pair.shadow()));
        return comparison.report();
    }

    private record Pair(EvaluationResult live, EvaluationResult shadow) {
    }

    private Optional<EvaluationResult> live(String dialogueId, RuleSetRef draft) {
        return storage.results().forDialogue(dialogueId).stream()
                .filter(result -> result.ruleset().id().equals(draft.id()) && result.ruleset().version() != draft.version())
                .findFirst();
    }

    /**
     * Lets queued shadow evaluations finish for a moment, then stops and saves the counts of the
     * running shadows, which stay running in storage: the next start resumes them.
     */
    @Override
    public void close() {
        workers.shutdown();
        try {
            if (!workers.awaitTermination(5, TimeUnit.SECONDS)) {
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
        shadows.values().forEach(shadow -> {
            try {
                save(shadow.status());
            } catch (RuntimeException e) {
                log.warn("saving the counts of shadow run {} failed: {}", shadow.run, e.getMessage());
            }
        });
    }
}
