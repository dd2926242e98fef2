package io.parley.workflow.impl;

import io.parley.engine.api.Dialogue;
import io.parley.engine.api.EvaluationResult;
import io.parley.engine.api.Evidence;
import io.parley.engine.api.Hit;
import io.parley.engine.api.Participant;
import io.parley.engine.api.RuleSetRef;
import io.parley.engine.api.Score;
import io.parley.engine.api.Turn;
import io.parley.engine.api.TenantId;
import io.parley.engine.spi.storage.Storage;
import io.parley.engine.spi.storage.VerdictStore.HitVerdict;
import io.parley.engine.spi.workflow.Actor;
import io.parley.engine.spi.workflow.TaskOutcome;
import io.parley.engine.spi.workflow.WorkflowTask;
import io.parley.workflow.SamplingPolicy;
import io.parley.workflow.WorkflowSettings;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * Measures the shipped scoring workflow on a real engine with history {@code full} (in-memory
 * H2) against the given storage, and prints {@code bench.workflow.*} lines:
 * <ul>
 *   <li>{@code straight_through}: results not sampled: auto-score → sampling → final score
 *   (reads the stored result and dialogue, writes the final verdict), on several threads;</li>
 *   <li>{@code reviewed}: results sampled: the same plus a review task completed with a verdict
 *   and the agent's acceptance, on one thread.</li>
 * </ul>
 */
public final class WorkflowBenchmark {
    private static final RuleSetRef RULESET = new RuleSetRef("bench", 1);
    private static final int RESULTS = 200;

    private WorkflowBenchmark() {
    }

    /** Runs both phases, each for about {@code phase} after a warm-up, and hands each line to {@code out}. */
    public static void run(Storage storage, int threads, Duration phase, Consumer<String> out) throws Exception {
        List<EvaluationResult> results = storeResults(storage);
        out.accept(String.format("# workflow benchmark: shipped parley-scoring, history full, in-memory H2, %s, %d stored results",
                storage.describe(), RESULTS));
        try (CamundaScoringWorkflow straight = CamundaScoringWorkflow.open(WorkflowSettings.inMemory(SamplingPolicy.none()),
                storage, notification -> { })) {
            warmUp(straight, results, 300, false);
            double rate = timed(straight, results, threads, phase, false);
            out.accept(String.format("bench.workflow.instances_per_s = %.1f instances/s (straight through, %d threads)",
                    rate, threads));
        }
        SamplingPolicy everything = new SamplingPolicy(false, Double.MAX_VALUE, null, 0, 0, 1L);
        try (CamundaScoringWorkflow reviewed = CamundaScoringWorkflow.open(WorkflowSettings.inMemory(everything),
                storage, notification -> { })) {
            warmUp(reviewed, results, 60, true);
            double rate = timed(reviewed, results, 1, phase, true);
            out.accept(String.format("bench.workflow.reviewed_instances_per_s = %.1f instances/s (review + acceptance, 1 thread)",
                    rate));
        }
    }

    /** The JIT and the engine's caches need a few hundred instances before the figures settle. */
    private static void warmUp(CamundaScoringWorkflow workflow, List<EvaluationResult> results, int instances,
                               boolean reviewed) {
        for (int i = 0; i < instances; i++) {
            String instance = workflow.start(null, results.get(i % results.size()));
            if (reviewed) {
                driveToTheEnd(workflow, instance);
            }
        }
    }

    /** Starts (and, when reviewed, drives to the end) instances on {@code threads} threads for {@code duration}. */
    private static double timed(CamundaScoringWorkflow workflow, List<EvaluationResult> results, int threads,
                                Duration duration, boolean reviewed) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong done = new AtomicLong();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        long start = System.nanoTime();
        try {
            List<Future<?>> workers = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int offset = t;
                workers.add(pool.submit(() -> {
                    for (int i = offset; !stop.get(); i += threads) {
                        EvaluationResult result = results.get(i % results.size());
                        String instance = workflow.start(null, result);
                        if (reviewed) {
                            driveToTheEnd(workflow, instance);
                        }
                        done.incrementAndGet();
                    }
                    return null;
                }));
            }
            Thread.sleep(duration.toMillis());
            stop.set(true);
            for (Future<?> worker : workers) {
                worker.get();
            }
        } finally {
            pool.shutdown();
        }
        return done.get() / ((System.nanoTime() - start) / 1e9);
    }

    private static void driveToTheEnd(CamundaScoringWorkflow workflow, String instance) {
        Actor reviewer = new Actor("bench.qa", List.of("qa"));
        String reviewId = workflow.engine().getTaskService().createTaskQuery().processInstanceId(instance)
                .singleResult().getId();
        workflow.complete(reviewId, reviewer, new TaskOutcome.Review(List.of(new HitVerdict("no_greeting", true)), null, null));
        Actor agent = new Actor("bench-agent", List.of());
        WorkflowTask appeal = workflow.task(workflow.engine().getTaskService().createTaskQuery().processInstanceId(instance)
                .singleResult().getId(), agent);
        workflow.complete(appeal.id(), agent, new TaskOutcome.Accept());
        if (workflow.isRunning(instance)) {
            throw new IllegalStateException("instance " + instance + " did not end after review and acceptance");
        }
    }

    private static List<EvaluationResult> storeResults(Storage storage) {
        List<Dialogue> dialogues = new ArrayList<>();
        List<EvaluationResult> results = new ArrayList<>();
        for (int i = 0; i < RESULTS; i++) {
            String id = "bench-workflow-" + i;
            dialogues.add(new Dialogue(id, "im", null, new Participant("bench-agent", "pre-sale"), null, null,
                    List.of(new Turn("customer", "在吗"), new Turn("agent", "在的")), null, null));
            results.add(new EvaluationResult(id, RULESET, List.of(new Hit("no_greeting", "未及时问候", "minor", List.of(),
                    List.of(new Evidence(1, "agent", null, null)), 1.0)),
                    new Score("bench", 90, "A", List.of(), null), 1, Instant.now()));
        }
        storage.tenant(TenantId.DEFAULT).dialogues().saveAll(dialogues);
        storage.tenant(TenantId.DEFAULT).results().saveAll(results);
        return results;
    }
}
