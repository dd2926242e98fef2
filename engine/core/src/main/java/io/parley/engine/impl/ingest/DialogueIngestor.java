package io.parley.engine.impl.ingest;

import io.parley.engine.api.Dialogue;
import io.parley.engine.api.DialogueEvaluator;
import io.parley.engine.api.EvaluationException;
import io.parley.engine.api.EvaluationResult;
import io.parley.engine.api.facts.SignalFact;
import io.parley.engine.impl.evaluate.ModelAnnotations;
import io.parley.engine.spi.storage.AnnotationStore.Annotation;
import io.parley.engine.spi.storage.DialogueStore.SaveOutcome;
import io.parley.engine.spi.storage.TenantStorage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The ingest path: a dialogue is persisted first (acknowledged), then evaluated on a bounded pool
 * of workers with the evaluator in force at that moment, and its result upserted.
 *
 * <ul>
 *   <li>Idempotent: an unchanged dialogue that already has a result under the current rule-set
 *       version is not evaluated again; any re-evaluation upserts, so results never duplicate.</li>
 *   <li>Queued evaluations of one dialogue id never run concurrently: a re-send that arrives
 *       while the previous one is queued or running is coalesced, and the newest content is what
 *       ends up evaluated.</li>
 *   <li>When the queue is full the caller evaluates the dialogue itself, which slows ingestion down
 *       to the speed of evaluation instead of growing memory.</li>
 *   <li>A failed evaluation (an {@link EvaluationException}, any other runtime exception, or a
 *       linkage or stack-overflow error from the rules) is recorded with its reason and never
 *       stops a worker. Failures and the queue are kept in memory only: after a restart a failure
 *       is forgotten, and a dialogue whose evaluation was still queued is found again by
 *       {@link #recover()} (the server runs it at start) or the first time its {@link #status} is
 *       asked, whichever comes first.</li>
 * </ul>
 */
public final class DialogueIngestor implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DialogueIngestor.class);
    private static final int QUEUED_PER_WORKER = 256;
    private static final Duration CLOSE_GRACE = Duration.ofSeconds(30);

    /**
     * A good size for {@link #evaluateAndStoreAll}: large enough that a round trip to storage is
     * shared by many dialogues, small enough to keep the memory held and each batch's wait short.
     */
    public static final int BATCH_SIZE = 256;

    /** What {@link #accept} did: the dialogue id and how storing it went. */
    public record Receipt(String id, SaveOutcome stored) {
    }

    /** One dialogue of {@link #evaluateAndStoreAll}: either its stored result or why it failed, the other null. */
    public record Evaluation(Dialogue dialogue, EvaluationResult result, EvaluationException failure) {
    }

    /** Where a dialogue's evaluation stands. */
    public sealed interface Status {
        /** Stored; its evaluation is queued or running. */
        record Pending() implements Status {
        }

        /** A result is stored. */
        record Evaluated() implements Status {
        }

        /** The last evaluation failed; {@code reason} says why in the user's terms. */
        record Failed(String reason) implements Status {
        }

        /** No such dialogue is stored. */
        record Unknown() implements Status {
        }
    }

    private final TenantStorage storage;
    private final Supplier<DialogueEvaluator> currentEvaluator;
    private final ThreadPoolExecutor workers;
    /** Dialogue id → the newest content waiting for (or in) evaluation, and the evaluator it is for. */
    private final Map<String, Queued> pending = new ConcurrentHashMap<>();
    private final Map<String, String> failures = new ConcurrentHashMap<>();
    private final Object idle = new Object();
    private final Consumer<EvaluationResult> onStored;

    public DialogueIngestor(TenantStorage storage, Supplier<DialogueEvaluator> currentEvaluator, int workerThreads) {
        this(storage, currentEvaluator, workerThreads, result -> {
        });
    }

    /**
     * @param onStored told of every result once it is stored (e.g. result sinks); it must not block,
     *                 and its failures are logged, never turned into evaluation failures
     */
    public DialogueIngestor(TenantStorage storage, Supplier<DialogueEvaluator> currentEvaluator, int workerThreads,
                            Consumer<EvaluationResult> onStored) {
        if (workerThreads < 1) {
            throw new IllegalArgumentException("workerThreads must be at least 1, was " + workerThreads);
        }
        this.storage = storage;
        this.currentEvaluator = currentEvaluator;
        this.onStored = onStored;
        AtomicInteger threadNumber = new AtomicInteger();
        ThreadFactory threads = task -> new Thread(task, "parley-evaluate-" + threadNumber.incrementAndGet());
        this.workers = new ThreadPoolExecutor(workerThreads, workerThreads, 0, TimeUnit.MILLISECONDS,
                new ArrayBlockingQueue<>(workerThreads * QUEUED_PER_WORKER), threads, (task, pool) -> {
                    if (pool.isShutdown()) {
                        throw new RejectedExecutionException("the ingestor is closed");
                    }
                    task.run();
                });
    }

    /**
     * Persists the dialogue (returning once the write is acknowledged) and schedules its evaluation
     * unless an identical dialogue already has a result under the current rule-set version.
     */
    public Receipt accept(Dialogue dialogue) {
        return accept(dialogue, evaluator());
    }

    /** {@link #accept(Dialogue)} evaluated by {@code evaluator} instead of the one in force (a rule set the request names). */
    public Receipt accept(Dialogue dialogue, DialogueEvaluator evaluator) {
        return acceptAll(List.of(dialogue), evaluator).getFirst();
    }

    /** {@link #acceptAll(List, DialogueEvaluator)} with the evaluator in force. */
    public List<Receipt> acceptAll(List<Dialogue> dialogues) {
        return acceptAll(dialogues, evaluator());
    }

    /**
     * {@link #accept(Dialogue, DialogueEvaluator)} for many dialogues (an upload) with a few round
     * trips to storage: one write persists them all, and their evaluations are queued in one part
     * per worker, each part storing its results in one write.
     *
     * @return one receipt per dialogue, in order
     * @throws RuntimeException when persisting fails; some of the dialogues may then be stored, none is queued
     */
    public List<Receipt> acceptAll(List<Dialogue> dialogues, DialogueEvaluator evaluator) {
        List<SaveOutcome> stored = storage.dialogues().saveAll(dialogues);
        List<Receipt> receipts = new ArrayList<>(dialogues.size());
        List<Queued> toEvaluate = new ArrayList<>(dialogues.size());
        for (int i = 0; i < dialogues.size(); i++) {
            Dialogue dialogue = dialogues.get(i);
            boolean alreadyEvaluated = stored.get(i) == SaveOutcome.UNCHANGED && !pending.containsKey(dialogue.id())
                    && storage.results().find(dialogue.id(), evaluator.ruleset()).isPresent();
            if (!alreadyEvaluated) {
                toEvaluate.add(new Queued(dialogue, evaluator));
            }
            receipts.add(new Receipt(dialogue.id(), stored.get(i)));
        }
        schedule(toEvaluate);
        return receipts;
    }

    /**
     * Persists, evaluates and stores the result in the calling thread, always evaluating (a batch
     * run asks for it). Records the outcome for {@link #status} like a queued evaluation.
     *
     * @throws EvaluationException when the dialogue cannot be evaluated (any evaluator failure)
     */
    public EvaluationResult evaluateAndStore(Dialogue dialogue) {
        Evaluation evaluation = evaluateAndStoreAll(List.of(dialogue)).getFirst();
        if (evaluation.failure() != null) {
            throw evaluation.failure();
        }
        return evaluation.result();
    }

    /**
     * {@link #evaluateAndStore} for many dialogues with a few round trips to storage: persists them
     * all, evaluates each (a failure fails only that dialogue, recorded for {@link #status}), stores
     * the results in one batch and only then passes each on to {@code onStored}.
     *
     * @return one evaluation per dialogue, in order
     * @throws RuntimeException when persisting the dialogues or storing the results fails; the
     *                          results of the batch are then recorded as not stored
     */
    public List<Evaluation> evaluateAndStoreAll(List<Dialogue> dialogues) {
        storage.dialogues().saveAll(dialogues);
        DialogueEvaluator evaluator = evaluator();
        return evaluateAndStore(dialogues.stream().map(dialogue -> new Queued(dialogue, evaluator)).toList());
    }

    /** Evaluates each, then stores the results in one write and the model annotations in another. */
    private List<Evaluation> evaluateAndStore(List<Queued> queued) {
        List<Evaluation> evaluations = new ArrayList<>(queued.size());
        List<EvaluationResult> results = new ArrayList<>(queued.size());
        List<Annotation> annotations = new ArrayList<>();
        for (Queued each : queued) {
            try {
                Computed computed = compute(each.dialogue(), each.evaluator());
                evaluations.add(new Evaluation(each.dialogue(), computed.result(), null));
                results.add(computed.result());
                annotations.addAll(computed.annotations());
            } catch (EvaluationException e) {
                evaluations.add(new Evaluation(each.dialogue(), null, e));
            }
        }
        try {
            storage.results().saveAll(results);
        } catch (RuntimeException e) {
            log.error("storing the results of {} dialogues failed", results.size(), e);
            evaluations.stream().filter(evaluation -> evaluation.result() != null).forEach(evaluation ->
                    failures.put(evaluation.dialogue().id(), "the result could not be stored: " + e.getMessage()));
            throw e;
        }
        storeAnnotations(annotations);
        evaluations.stream().filter(evaluation -> evaluation.result() != null)
                .forEach(evaluation -> stored(evaluation.dialogue(), evaluation.result()));
        return evaluations;
    }

    public Status status(String id) {
        if (pending.containsKey(id)) {
            return new Status.Pending();
        }
        String failure = failures.get(id);
        if (failure != null) {
            return new Status.Failed(failure);
        }
        if (storage.results().latest(id).isPresent()) {
            return new Status.Evaluated();
        }
        // Stored but never evaluated: its queued evaluation was lost with a previous process.
        return storage.dialogues().find(id).<Status>map(dialogue -> {
            schedule(List.of(new Queued(dialogue, evaluator())));
            return new Status.Pending();
        }).orElseGet(Status.Unknown::new);
    }

    /**
     * Queues the evaluation of every stored dialogue that has no result under the rule set in force
     * and is not queued already: what a previous process stored (acknowledged) but did not get to
     * evaluate, its queue being in memory. Runs in the calling thread and streams the dialogues;
     * when the queue is full the calling thread evaluates, like {@link #accept}. A dialogue whose
     * evaluation fails has no result either, so it is tried once more at every start.
     *
     * @return how many evaluations were queued; 0 when no rule set is in force
     * @throws IllegalStateException when the ingestor is closed meanwhile
     */
    public int recover() {
        DialogueEvaluator evaluator = currentEvaluator.get();
        if (evaluator == null) {
            return 0;
        }
        Set<String> evaluated = new HashSet<>();
        storage.results().forEach(evaluator.ruleset(), result -> evaluated.add(result.dialogueId()));
        List<Queued> batch = new ArrayList<>(BATCH_SIZE);
        int[] queued = {0};
        storage.dialogues().forEach(dialogue -> {
            if (!evaluated.contains(dialogue.id()) && !pending.containsKey(dialogue.id())) {
                batch.add(new Queued(dialogue, evaluator));
                if (batch.size() == BATCH_SIZE) {
                    schedule(List.copyOf(batch));
                    queued[0] += batch.size();
                    batch.clear();
                }
            }
        });
        schedule(batch);
        return queued[0] + batch.size();
    }

    /** Waits until no evaluation is queued or running; false if the timeout passed first. */
    public boolean awaitIdle(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (idle) {
            while (!pending.isEmpty()) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(idle, left);
            }
            return true;
        }
    }

    /** Stops taking work and lets queued evaluations finish, for up to 30 s; what remains is found again by {@link #recover()} after a restart. */
    @Override
    public void close() {
        workers.shutdown();
        try {
            if (!workers.awaitTermination(CLOSE_GRACE.toSeconds(), TimeUnit.SECONDS)) {
                log.warn("{} evaluations still queued at shutdown; the next start evaluates them",
                        pending.size());
                workers.shutdownNow();
            }
        } catch (InterruptedException e) {
            workers.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }

    private record Queued(Dialogue dialogue, DialogueEvaluator evaluator) {
    }

    /**
     * Queues the evaluations in one part per worker. Only the first pending content of an id
     * starts its evaluation; later ones replace what that evaluation will take.
     */
    private void schedule(List<Queued> queued) {
        List<String> starting = new ArrayList<>(queued.size());
        for (Queued each : queued) {
            if (pending.put(each.dialogue().id(), each) == null) {
                starting.add(each.dialogue().id());
            }
        }
        int partSize = Math.max(1, (starting.size() + workers.getCorePoolSize() - 1) / workers.getCorePoolSize());
        for (int from = 0; from < starting.size(); from += partSize) {
            List<String> part = starting.subList(from, Math.min(starting.size(), from + partSize));
            try {
                workers.execute(() -> evaluatePending(part));
            } catch (RejectedExecutionException e) {
                List<String> unqueued = starting.subList(from, starting.size());
                unqueued.forEach(pending::remove);
                throw new IllegalStateException("cannot evaluate " + unqueued.size() + " dialogues (first '"
                        + unqueued.getFirst() + "'): the ingestor is closed", e);
            }
        }
    }

    /** Evaluates the pending content of these ids, and again for each id whose content changed meanwhile. */
    private void evaluatePending(List<String> ids) {
        List<String> left = ids;
        try {
            while (!left.isEmpty()) {
                List<Queued> taken = left.stream().map(pending::get).toList();
                try {
                    evaluateAndStore(taken);
                } catch (RuntimeException e) {
                    // Recorded by evaluateAndStore(); the worker carries on with the next part.
                }
                List<String> changed = new ArrayList<>();
                for (Queued each : taken) {
                    if (!pending.remove(each.dialogue().id(), each)) {
                        changed.add(each.dialogue().id());
                    }
                }
                left = changed;
            }
        } finally {
            // Only an Error (out of memory) leaves ids here: never leave them pending for ever.
            for (String id : left) {
                pending.remove(id);
                failures.putIfAbsent(id, "evaluation aborted");
            }
            synchronized (idle) {
                idle.notifyAll();
            }
        }
    }

    /** A result and the signals its model-backed operators computed. */
    private record Computed(EvaluationResult result, List<Annotation> annotations) {
    }

    /**
     * Evaluates without storing, recording what model-backed operators computed (kept for
     * backtests, see {@link ModelAnnotations}); a failure is recorded and thrown as an
     * {@link EvaluationException}.
     */
    private Computed compute(Dialogue dialogue, DialogueEvaluator evaluator) {
        ModelAnnotations annotations = ModelAnnotations.recording();
        try {
            EvaluationResult result = annotations.around(() -> evaluator.evaluate(dialogue));
            Map<String, List<SignalFact>> computed = annotations.computed();
            if (computed.isEmpty()) {
                return new Computed(result, List.of());
            }
            String contentHash = ModelAnnotations.contentHash(dialogue);
            return new Computed(result, computed.entrySet().stream()
                    .map(entry -> new Annotation(dialogue.id(), contentHash, entry.getKey(), entry.getValue())).toList());
        } catch (EvaluationException e) {
            throw failed(dialogue, e.getMessage(), e);
        } catch (RuntimeException | LinkageError | StackOverflowError e) {
            // Bugs that one dialogue's rules can trigger (a runaway recursion, the NoSuchMethodError
            // of Drools' JIT, docs/design.md#drools-constraint-jit) fail that dialogue, not the worker.
            log.error("evaluating dialogue '{}' failed unexpectedly", dialogue.id(), e);
            throw failed(dialogue, "evaluation failed: " + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()), e);
        }
    }

    /** Annotations only save backtests a model run: failing to store them fails no evaluation. */
    private void storeAnnotations(List<Annotation> annotations) {
        try {
            storage.annotations().saveAll(annotations);
        } catch (RuntimeException e) {
            log.warn("storing {} model annotations failed; backtests will run those models again: {}", annotations.size(),
                    e.getMessage());
        }
    }

    private void stored(Dialogue dialogue, EvaluationResult result) {
        failures.remove(dialogue.id());
        try {
            onStored.accept(result);
        } catch (RuntimeException e) {
            log.error("passing on the result of dialogue '{}' failed; it is stored", dialogue.id(), e);
        }
    }

    private EvaluationException failed(Dialogue dialogue, String reason, Throwable cause) {
        failures.put(dialogue.id(), reason);
        return cause instanceof EvaluationException evaluation ? evaluation : new EvaluationException(reason, cause);
    }

    private DialogueEvaluator evaluator() {
        DialogueEvaluator evaluator = currentEvaluator.get();
        if (evaluator == null) {
            throw new IllegalStateException("no rule set is in force: load or publish one before ingesting");
        }
        return evaluator;
    }
}
