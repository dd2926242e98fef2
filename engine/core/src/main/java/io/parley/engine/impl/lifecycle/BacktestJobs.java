package io.parley.engine.impl.lifecycle;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.parley.engine.api.RuleSetRef;
import io.parley.engine.spi.storage.DialogueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Backtests running in the background, one at a time (queued beyond that), each with a job id,
 * progress, cancellation and, when done, its report. Jobs live in memory: a restart forgets them.
 */
public final class BacktestJobs implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BacktestJobs.class);

    public enum State { QUEUED, RUNNING, DONE, CANCELLED, FAILED }

    /** What {@code GET …/backtests/{job}} shows; {@code report} once done or cancelled (covering what was compared). */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record JobStatus(String job, RuleSetRef baseline, RuleSetRef candidate, OffsetDateTime since, State state,
                            long examined, long total, Instant startedAt, Instant finishedAt, String error,
                            Long compared, Long skipped, Double dialoguesPerSecond, VerdictComparison.Report report) {
    }

    private final DialogueStore dialogues;
    private final CompiledVersions compiled;
    private final int threads;
    private final ExecutorService runner = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("parley-backtest-jobs").daemon().factory());
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();

    public BacktestJobs(DialogueStore dialogues, CompiledVersions compiled, int threads) {
        this.dialogues = dialogues;
        this.compiled = compiled;
        this.threads = threads;
    }

    private final class Job {
        final String id = UUID.randomUUID().toString();
        final RuleSetRef baseline;
        final RuleSetRef candidate;
        final OffsetDateTime since;
        final AtomicLong examined = new AtomicLong();
        final AtomicLong total = new AtomicLong();
        volatile State state = State.QUEUED;
        volatile boolean cancelRequested;
        volatile Instant startedAt;
        volatile Instant finishedAt;
        volatile String error;
        volatile Backtest.Outcome outcome;

        Job(RuleSetRef baseline, RuleSetRef candidate, OffsetDateTime since) {
            this.baseline = baseline;
            this.candidate = candidate;
            this.since = since;
        }

        void run() {
            if (cancelRequested) {
                finish(State.CANCELLED);
                return;
            }
            state = State.RUNNING;
            startedAt = Instant.now();
            try {
                outcome = compiled.with(baseline, before -> compiled.with(candidate, after ->
                        Backtest.run(dialogues, before, after, new Backtest.Options(since, threads, (done, all) -> {
                            examined.set(done);
                            total.set(all);
                        }, () -> cancelRequested))));
                finish(outcome.cancelled() ? State.CANCELLED : State.DONE);
            } catch (RuntimeException e) {
                log.error("backtest {} of {} against {} failed", id, candidate, baseline, e);
                error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                finish(State.FAILED);
            }
        }

        void finish(State end) {
            finishedAt = Instant.now();
            state = end;
        }

        JobStatus status() {
            Backtest.Outcome done = outcome;
            return new JobStatus(id, baseline, candidate, since, state, examined.get(), total.get(), startedAt,
                    finishedAt, error, done == null ? null : done.compared(), done == null ? null : done.skipped(),
                    done == null ? null : Math.round(done.dialoguesPerSecond() * 10) / 10.0,
                    done == null ? null : done.report());
        }
    }

    /**
     * Queues a backtest of {@code candidate} against {@code baseline} (both stored versions;
     * compiled when the job runs).
     */
    public JobStatus start(RuleSetRef baseline, RuleSetRef candidate, OffsetDateTime since) {
        Job job = new Job(baseline, candidate, since);
        jobs.put(job.id, job);
        runner.execute(job::run);
        return job.status();
    }

    public Optional<JobStatus> status(String jobId) {
        return Optional.ofNullable(jobs.get(jobId)).map(Job::status);
    }

    /** Asks the job to stop after its current batch; empty when there is no such job. */
    public Optional<JobStatus> cancel(String jobId) {
        Job job = jobs.get(jobId);
        if (job == null) {
            return Optional.empty();
        }
        job.cancelRequested = true;
        return Optional.of(job.status());
    }

    @Override
    public void close() {
        jobs.values().forEach(job -> job.cancelRequested = true);
        runner.shutdownNow();
    }
}
