package io.parley.app.server;

import io.parley.engine.api.EvaluationResult;
import io.parley.engine.api.RuleSetRef;
import io.parley.engine.api.TenantId;
import io.parley.engine.spi.storage.Storage;
import io.parley.engine.spi.storage.WorkflowOutbox;
import io.parley.engine.spi.workflow.ScoringWorkflow;
import io.parley.http.RouteModule;
import io.parley.workflow.WorkflowRoutes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * The scoring workflow while serving: every stored result starts an instance (for the tenant whose
 * result it is) through a durable outbox, and the workflow API is one of the server's route modules.
 *
 * <p>When told of a stored result, the service adds an entry for it to the tenant's
 * {@link WorkflowOutbox} before returning (one small write), so that the start survives a stop, a
 * crash or a failing process engine. One thread of its own drains the outboxes: for each entry it
 * starts the instance unless the process engine already has one for that result
 * ({@link ScoringWorkflow#hasStarted}, so a crash between starting and removing the entry does not
 * start it twice), then removes the entry. A start that fails is retried, each entry on its own,
 * after a delay that doubles up to {@link #MAX_RETRY}. At server start every tenant's outbox is
 * drained ({@link #drain}); {@link #close} drains for a bounded time and leaves the rest in the
 * outbox for the next start.
 */
public final class WorkflowService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WorkflowService.class);
    private static final int BATCH = 100;
    static final Duration MAX_RETRY = Duration.ofMinutes(1);

    private final ScoringWorkflow workflow;
    private final Storage storage;
    private final Duration firstRetry;
    private final Duration drainAtClose;
    private final Set<TenantId> pending = ConcurrentHashMap.newKeySet();
    /** Every tenant the service was told of: what close counts as left over. */
    private final Set<TenantId> known = ConcurrentHashMap.newKeySet();
    /** Entries whose outbox write failed, written again by the worker (kept only in memory). */
    private final ConcurrentLinkedQueue<Unwritten> unwritten = new ConcurrentLinkedQueue<>();
    private final Object signal = new Object();
    private final Thread starter;
    private volatile boolean closing;
    private volatile long deadline = Long.MAX_VALUE;
    private boolean woken;

    private record Unwritten(TenantId tenant, String dialogueId, RuleSetRef ruleset) {
    }

    private record EntryKey(TenantId tenant, String dialogueId, RuleSetRef ruleset) {
    }

    private record Retry(int attempts, long dueNanos) {
    }

    public WorkflowService(ScoringWorkflow workflow, Storage storage) {
        this(workflow, storage, Duration.ofSeconds(1), Duration.ofSeconds(30));
    }

    /**
     * @param firstRetry   how long after a failed start it is tried again (then twice as long, …)
     * @param drainAtClose how long {@link #close} goes on starting what is in the outbox
     */
    WorkflowService(ScoringWorkflow workflow, Storage storage, Duration firstRetry, Duration drainAtClose) {
        this.workflow = workflow;
        this.storage = storage;
        this.firstRetry = firstRetry;
        this.drainAtClose = drainAtClose;
        this.starter = Thread.ofPlatform().name("parley-workflow-start").daemon().start(this::run);
    }

    /**
     * Told of every stored result of a tenant by its ingestor: adds it to the tenant's outbox
     * (returning once that is acknowledged) and wakes the thread that starts workflows.
     */
    void resultStored(TenantId tenant, EvaluationResult result) {
        try {
            storage.tenant(tenant).workflowOutbox().add(result.dialogueId(), result.ruleset());
        } catch (RuntimeException e) {
            log.error("could not add the scoring workflow of dialogue {} ({}) to the outbox; it is kept in memory "
                    + "and written again, and lost if the process stops first", result.dialogueId(), result.ruleset(), e);
            unwritten.add(new Unwritten(tenant, result.dialogueId(), result.ruleset()));
        }
        drain(tenant);
    }

    /** Starts what is in the tenant's outbox (at server start: what a previous process left there). */
    void drain(TenantId tenant) {
        known.add(tenant);
        pending.add(tenant);
        wake();
    }

    private void wake() {
        synchronized (signal) {
            woken = true;
            signal.notifyAll();
        }
    }

    /** The workflow API. */
    RouteModule routes() {
        return new WorkflowRoutes(workflow, storage);
    }

    private void run() {
        Map<EntryKey, Retry> retries = new HashMap<>();
        while (!stopped()) {
            writeUnwritten();
            List<TenantId> due = new ArrayList<>(pending);
            pending.removeAll(due);
            for (TenantId tenant : due) {
                drainOutbox(tenant, retries);
            }
            if (closing && pending.isEmpty() && unwritten.isEmpty()) {
                // What waits for a retry stays in the outbox for the next start.
                return;
            }
            long now = System.nanoTime();
            long wait = retries.values().stream().mapToLong(retry -> retry.dueNanos() - now).min().orElse(Long.MAX_VALUE);
            if (!unwritten.isEmpty()) {
                wait = Math.min(wait, firstRetry.toNanos());
            }
            if (wait <= 0 || !awaitWake(wait)) {
                // A retry is due: drain the tenants that have one.
                retries.keySet().forEach(key -> pending.add(key.tenant()));
            }
        }
    }

    /** Waits for {@link #wake} or the time to pass; false when it passed. */
    private boolean awaitWake(long nanos) {
        long until = nanos == Long.MAX_VALUE ? Long.MAX_VALUE : System.nanoTime() + nanos;
        synchronized (signal) {
            while (!woken) {
                long left = until == Long.MAX_VALUE ? 0 : until - System.nanoTime();
                if (until != Long.MAX_VALUE && left <= 0) {
                    return false;
                }
                try {
                    signal.wait(until == Long.MAX_VALUE ? 0 : Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return true;
                }
            }
            woken = false;
            return true;
        }
    }

    private boolean stopped() {
        return Thread.currentThread().isInterrupted() || closing && System.nanoTime() - deadline > 0;
    }

    private void writeUnwritten() {
        for (int i = unwritten.size(); i > 0; i--) {
            Unwritten entry = unwritten.poll();
            if (entry == null) {
                return;
            }
            try {
                storage.tenant(entry.tenant()).workflowOutbox().add(entry.dialogueId(), entry.ruleset());
                pending.add(entry.tenant());
            } catch (RuntimeException e) {
                unwritten.add(entry);
                return;
            }
        }
    }

    /** Starts the entries of the tenant's outbox that are not waiting for a retry, batch by batch. */
    private void drainOutbox(TenantId tenant, Map<EntryKey, Retry> retries) {
        WorkflowOutbox outbox;
        List<WorkflowOutbox.Entry> batch;
        EntryKey unreadable = new EntryKey(tenant, "", new RuleSetRef("", 0));
        retries.remove(unreadable);
        try {
            outbox = storage.tenant(tenant).workflowOutbox();
            do {
                long waiting = retries.keySet().stream().filter(key -> key.tenant().equals(tenant)).count();
                int limit = (int) Math.min(Integer.MAX_VALUE - BATCH, waiting) + BATCH;
                batch = outbox.oldest(limit);
                if (batch.size() < limit) {
                    // The whole outbox: forget the retries of entries no longer in it.
                    Set<EntryKey> present = new HashSet<>();
                    batch.forEach(entry -> present.add(new EntryKey(tenant, entry.dialogueId(), entry.ruleset())));
                    retries.keySet().removeIf(key -> key.tenant().equals(tenant) && !present.contains(key));
                }
                int started = 0;
                for (WorkflowOutbox.Entry entry : batch) {
                    if (stopped()) {
                        return;
                    }
                    EntryKey key = new EntryKey(tenant, entry.dialogueId(), entry.ruleset());
                    Retry retry = retries.get(key);
                    if (retry != null && System.nanoTime() - retry.dueNanos() < 0) {
                        continue;
                    }
                    try {
                        start(tenant, entry);
                        outbox.remove(entry.dialogueId(), entry.ruleset());
                        retries.remove(key);
                        started++;
                    } catch (RuntimeException e) {
                        retries.put(key, failed(key, retry, e));
                    }
                }
                if (started == 0) {
                    return;
                }
            } while (batch.size() > 0);
        } catch (RuntimeException e) {
            log.warn("could not read the workflow outbox of tenant {}; trying again in {}: {}", tenant.value(),
                    MAX_RETRY, e.toString());
            retries.put(unreadable, new Retry(1, System.nanoTime() + MAX_RETRY.toNanos()));
        }
    }

    private Retry failed(EntryKey key, Retry previous, RuntimeException e) {
        int attempts = previous == null ? 1 : previous.attempts() + 1;
        Duration delay = firstRetry.multipliedBy(1L << Math.min(attempts - 1, 20));
        if (delay.compareTo(MAX_RETRY) > 0) {
            delay = MAX_RETRY;
        }
        if (attempts == 1) {
            log.warn("could not start the scoring workflow for dialogue {} ({}) of tenant {}; it stays in the outbox "
                    + "and is tried again in {}", key.dialogueId(), key.ruleset(), key.tenant().value(), delay, e);
        } else {
            log.warn("attempt {} to start the scoring workflow for dialogue {} ({}) of tenant {} failed; tried again "
                    + "in {}: {}", attempts, key.dialogueId(), key.ruleset(), key.tenant().value(), delay, e.toString());
        }
        return new Retry(attempts, System.nanoTime() + delay.toNanos());
    }

    /** Starts the entry's workflow unless the process engine has it already. */
    private void start(TenantId tenant, WorkflowOutbox.Entry entry) {
        if (workflow.hasStarted(tenant.value(), entry.dialogueId(), entry.ruleset())) {
            return;
        }
        Optional<EvaluationResult> result = storage.tenant(tenant).results().find(entry.dialogueId(), entry.ruleset());
        if (result.isEmpty()) {
            log.warn("the result of dialogue {} ({}) of tenant {} is no longer stored; its scoring workflow is not started",
                    entry.dialogueId(), entry.ruleset(), tenant.value());
            return;
        }
        workflow.start(tenant.value(), result.get());
    }

    /**
     * Stops taking work, goes on starting what is in the outbox for a bounded time, then stops the
     * engine: what was not started stays in the outbox, and starts when the server starts again.
     */
    @Override
    public void close() {
        deadline = System.nanoTime() + drainAtClose.toNanos();
        closing = true;
        wake();
        try {
            if (!starter.join(drainAtClose.plusSeconds(5))) {
                log.warn("the workflow starter is still busy; closing the process engine under it");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long left = 0;
        Set<TenantId> tenants = new LinkedHashSet<>(known);
        try {
            for (TenantId tenant : tenants) {
                left += storage.tenant(tenant).workflowOutbox().count();
            }
        } catch (RuntimeException e) {
            log.warn("could not count what is left in the workflow outboxes: {}", e.toString());
        }
        if (left > 0) {
            log.warn("{} scoring workflows were not started before shutdown; they stay in the outbox and start "
                    + "at the next start", left);
        }
        if (!unwritten.isEmpty()) {
            log.error("{} scoring workflows could not be written to the outbox and are lost; their results are stored",
                    unwritten.size());
        }
        workflow.close();
    }
}
