package io.parley.engine.impl.lifecycle;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.core.instrument.MeterRegistry;
import io.parley.engine.api.RuleSetRef;
import io.parley.engine.api.json.ParleyJson;
import io.parley.engine.impl.metrics.EngineMetrics;
import io.parley.engine.spi.storage.AnnotationStore;
import io.parley.engine.spi.storage.DialogueStore;
import io.parley.engine.spi.storage.JobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Backtests running in the background, one at a time (queued beyond that), each with a job id,
 * progress, cancellation and, when done, its report. Every change of a job's state (queued,
 * running, each batch's progress, a cancel request, the end with its report) is saved in the
 * {@link JobStore} before it is reported, so a restart loses nothing: finished jobs stay readable,
 * and a job that was queued or running when the process stopped is found {@link State#INTERRUPTED}
 * and can be started again ({@link #restart}).
 */
public final class BacktestJobs implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(BacktestJobs.class);

    public enum State { QUEUED, RUNNING, DONE, CANCELLED, FAILED, INTERRUPTED }

    /**
     * What {@code GET …/backtest/{job}} shows; {@code report} once done or cancelled (covering what
     * was compared). {@code cancelRequested} is true (else absent) once a cancel was asked for;
     * {@code restartedFrom} names the interrupted job this one runs again; {@code annotations} counts
     * the runs of model-backed operators that reused stored signals and those that called the model.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record JobStatus(String job, RuleSetRef baseline, RuleSetRef candidate, OffsetDateTime since, State state,
                            long examined, long total, Instant startedAt, Instant finishedAt, String error,
                            Long compared, Long skipped, Double dialoguesPerSecond, VerdictComparison.Report report,
                            Boolean cancelRequested, String restartedFrom, Backtest.Annotations annotations) {
        boolean finished() {
            return state != State.QUEUED && state != State.RUNNING;
        }
    }

    private final ObjectMapper json = ParleyJson.mapper();
    private final DialogueStore dialogues;
    private final AnnotationStore annotations;
    private final JobStore store;
    private final CompiledVersions compiled;
    private final EngineMetrics metrics;
    private final int threads;
    private final Clock clock;
    private final ExecutorService runner = Executors.newSingleThreadExecutor(
            Thread.ofPlatform().name("parley-backtest-jobs").daemon().factory());
    /** The jobs this process started; the others are read from the store. */
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();
    private volatile boolean closing;

    /**
     * Marks the jobs a previous process left queued or running as {@link State#INTERRUPTED}.
     *
     * @param clock what a job's start and finish times are read from
     */
    public BacktestJobs(DialogueStore dialogues, AnnotationStore annotations, JobStore store, CompiledVersions compiled,
                        MeterRegistry metrics, int threads, Clock clock) {
        this.clock = clock;
        this.metrics = new EngineMetrics(metrics);
        this.dialogues = dialogues;
        this.annotations = annotations;
        this.store = store;
        this.compiled = compiled;
        this.threads = threads;
        store.all().stream().map(this::read).filter(status -> !status.finished()).forEach(this::markInterrupted);
    }

    private void markInterrupted(JobStatus left) {
        JobStatus interrupted = new JobStatus(left.job(), left.baseline(), left.candidate(), left.since(), State.INTERRUPTED,
                left.examined(), left.total(), left.startedAt(), null, interruption(left.job(), left.candidate(), left.state(),
                left.examined(), left.total()), null, null, null, null, left.cancelRequested(), left.restartedFrom(), null);
        save(interrupted);
        log.warn("backtest {} of {} was {} when the previous process stopped: marked interrupted", left.job(),
                left.candidate(), left.state());
    }

    private static String interruption(String job, RuleSetRef candidate, State was, long examined, long total) {
        return "the server stopped while this job was " + was.name().toLowerCase() + " (" + examined + " of " + total
                + " dialogues examined); start it again with POST /api/v1/rulesets/" + candidate.id() + "/backtest/"
                + job + "/restart";
    }

    private final class Job {
        final String id = UUID.randomUUID().toString();
        final RuleSetRef baseline;
        final RuleSetRef candidate;
        final OffsetDateTime since;
        final String restartedFrom;
        final AtomicLong examined = new AtomicLong();
        final AtomicLong total = new AtomicLong();
        volatile State state = State.QUEUED;
        volatile boolean cancelRequested;
        volatile Instant startedAt;
        volatile Instant finishedAt;
        volatile String error;
        volatile Backtest.Outcome outcome;

        Job(RuleSetRef baseline, RuleSetRef candidate, OffsetDateTime since, String restartedFrom) {
            this.baseline = baseline;
            this.candidate = candidate;
            this.since = since;
            this.restartedFrom = restartedFrom;
        }

        void run() {
            if (closing) {
                return; // stays stored as queued: found interrupted at the next start
            }
            if (cancelRequested) {
                finish(State.CANCELLED);
                return;
            }
            state = State.RUNNING;
            startedAt = clock.instant();
            persist();
            try {
                outcome = compiled.with(baseline, before -> compiled.with(candidate, after ->
                        Backtest.run(dialogues, annotations, before, after, new Backtest.Options(since, threads, (done, all) -> {
                            examined.set(done);
                            total.set(all);
                            persist();
                        }, () -> cancelRequested || closing))));
                metrics.backtestAnnotations(outcome.annotations().reused(), outcome.annotations().recomputed());
                if (outcome.cancelled() && !cancelRequested) {
                    error = interruption(id, candidate, State.RUNNING, examined.get(), total.get());
                    finish(State.INTERRUPTED);
                } else {
                    finish(outcome.cancelled() ? State.CANCELLED : State.DONE);
                }
            } catch (RuntimeException e) {
                log.error("backtest {} of {} against {} failed", id, candidate, baseline, e);
                error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
                finish(State.FAILED);
            }
        }

        void finish(State end) {
            finishedAt = clock.instant();
            state = end;
            persist();
        }

        /** Progress is saved best-effort: a failing store must not fail the backtest it records. */
        void persist() {
            try {
                save(status());
            } catch (RuntimeException e) {
                log.warn("saving the state of backtest {} failed: {}", id, e.getMessage());
            }
        }

        JobStatus status() {
            Backtest.Outcome done = outcome;
            return new JobStatus(id, baseline, candidate, since, state, examined.get(), total.get(), startedAt,
                    finishedAt, error, done == null ? null : done.compared(), done == null ? null : done.skipped(),
                    done == null ? null : Math.round(done.dialoguesPerSecond() * 10) / 10.0,
                    done == null ? null : done.report(), cancelRequested ? Boolean.TRUE : null, restartedFrom,
                    done == null ? null : done.annotations());
        }
    }

    /**
     * Queues a backtest of {@code candidate} against {@code baseline} (both stored versions;
     * compiled when the job runs). Returns once the queued job is stored.
     */
    public JobStatus start(RuleSetRef baseline, RuleSetRef candidate, OffsetDateTime since) {
        return start(baseline, candidate, since, null);
    }

    private JobStatus start(RuleSetRef baseline, RuleSetRef candidate, OffsetDateTime since, String restartedFrom) {
        Job job = new Job(baseline, candidate, since, restartedFrom);
        save(job.status());
        jobs.put(job.id, job);
        runner.execute(job::run);
        return job.status();
    }

    /**
     * Starts an interrupted, failed or cancelled job again from the beginning, as a new job with the
     * same versions and {@code since}.
     *
     * @throws IllegalStateException when the job is still queued or running
     */
    public Optional<JobStatus> restart(String jobId) {
        return status(jobId).map(previous -> {
            if (!previous.finished()) {
                throw new IllegalStateException("backtest " + jobId + " is " + previous.state().name().toLowerCase()
                        + "; only a finished job can be started again");
            }
            return start(previous.baseline(), previous.candidate(), previous.since(), previous.job());
        });
    }

    public Optional<JobStatus> status(String jobId) {
        Job job = jobs.get(jobId);
        return job != null ? Optional.of(job.status()) : store.find(jobId).map(this::read);
    }

    /** Every job of the rule set (as candidate), stored or running, in the order they were started. */
    public List<JobStatus> list(String rulesetId) {
        return store.forRuleSet(rulesetId).stream().map(stored -> status(stored.id()).orElseGet(() -> read(stored))).toList();
    }

    /** Asks the job to stop after its current batch; empty when there is no such job. */
    public Optional<JobStatus> cancel(String jobId) {
        Job job = jobs.get(jobId);
        if (job == null) {
            // A job of an earlier process has finished one way or another: nothing to cancel.
            return store.find(jobId).map(this::read);
        }
        job.cancelRequested = true;
        job.persist();
        return Optional.of(job.status());
    }

    private void save(JobStatus status) {
        try {
            store.save(status.job(), status.candidate().id(), json.writeValueAsString(status));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write backtest " + status.job() + " as JSON", e);
        }
    }

    private JobStatus read(JobStore.StoredJob stored) {
        try {
            return json.readValue(stored.json(), JobStatus.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored backtest " + stored.id() + " is unreadable: " + e.getOriginalMessage(), e);
        }
    }

    /**
     * Stops the running job after its current batch (saved as {@link State#INTERRUPTED}, with its
     * partial report) and drops the queued ones (stored as queued, so found interrupted at the next
     * start). Waits a few seconds for the running job to save its state.
     */
    @Override
    public void close() {
        closing = true;
        runner.shutdown();
        try {
            if (!runner.awaitTermination(10, TimeUnit.SECONDS)) {
                log.warn("a backtest did not stop within 10 s; it is found interrupted at the next start");
                runner.shutdownNow();
            }
        } catch (InterruptedException e) {
            runner.shutdownNow();
            Thread.currentThread().interrupt();
        }
    }
}
