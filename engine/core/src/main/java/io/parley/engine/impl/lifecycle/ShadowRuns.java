package io.parley.engine.impl.lifecycle;

import io.parley.engine.api.EvaluationResult;
import io.parley.engine.api.RuleSetRef;
import io.parley.engine.spi.storage.Storage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
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
 * among the live results. One shadow per rule-set id; kept in memory (a restart ends it, its stored
 * results stay).
 *
 * <p>Live traffic never waits for the shadow: when its queue is full, the dialogue is skipped and
 * counted ({@link ShadowStatus#skipped}).
 */
public final class ShadowRuns implements Consumer<EvaluationResult>, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ShadowRuns.class);
    private static final int QUEUE = 4096;

    private final Storage storage;
    private final CompiledVersions compiled;
    private final ThreadPoolExecutor workers;
    private final Map<String, Shadow> shadows = new ConcurrentHashMap<>();

    public ShadowRuns(Storage storage, CompiledVersions compiled, int threads) {
        this.storage = storage;
        this.compiled = compiled;
        this.workers = new ThreadPoolExecutor(threads, threads, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUE),
                Thread.ofPlatform().name("parley-shadow-", 1).daemon().factory(), new ThreadPoolExecutor.AbortPolicy());
    }

    /** A shadow's counts since it started. */
    public record ShadowStatus(RuleSetRef draft, long evaluated, long failed, long skipped) {
    }

    private static final class Shadow {
        final RuleSetRef draft;
        final AtomicLong evaluated = new AtomicLong();
        final AtomicLong failed = new AtomicLong();
        final AtomicLong skipped = new AtomicLong();

        Shadow(RuleSetRef draft) {
            this.draft = draft;
        }

        ShadowStatus status() {
            return new ShadowStatus(draft, evaluated.get(), failed.get(), skipped.get());
        }
    }

    /**
     * Starts shadowing live traffic of {@code draft.id()} with {@code draft} (compiled now, so a
     * version that does not compile is refused here), replacing any shadow of that id.
     */
    public ShadowStatus start(RuleSetRef draft) {
        compiled.with(draft, evaluator -> evaluator.ruleset());
        Shadow shadow = new Shadow(draft);
        shadows.put(draft.id(), shadow);
        return shadow.status();
    }

    /** Stops the shadow of {@code id}; its stored results stay. */
    public Optional<ShadowStatus> stop(String id) {
        return Optional.ofNullable(shadows.remove(id)).map(Shadow::status);
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

    /** Lets queued shadow evaluations finish for a moment, then stops. */
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
    }
}
