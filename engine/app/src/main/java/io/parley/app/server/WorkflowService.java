package io.parley.app.server;

import io.parley.engine.api.EvaluationResult;
import io.parley.engine.api.TenantId;
import io.parley.engine.spi.storage.Storage;
import io.parley.engine.spi.workflow.ScoringWorkflow;
import io.parley.http.RouteModule;
import io.parley.workflow.WorkflowRoutes;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The scoring workflow while serving: every stored result starts an instance (for the tenant named
 * by the dialogue's {@code tenant} attribute, if any) on a thread of its own, so the ingest workers
 * never wait for the process engine unless it falls behind; the workflow API is one of the
 * server's route modules.
 */
public final class WorkflowService implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WorkflowService.class);
    private static final int QUEUED = 10_000;

    private final ScoringWorkflow workflow;
    private final Storage storage;
    private final ThreadPoolExecutor starter;

    public WorkflowService(ScoringWorkflow workflow, Storage storage) {
        this.workflow = workflow;
        this.storage = storage;
        // When the queue is full the ingest worker starts the instance itself: slower, never dropped.
        this.starter = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS, new ArrayBlockingQueue<>(QUEUED),
                task -> new Thread(task, "parley-workflow-start"), new ThreadPoolExecutor.CallerRunsPolicy());
    }

    /** Told of every stored result of a tenant by its ingestor. */
    void resultStored(TenantId tenant, EvaluationResult result) {
        starter.execute(() -> {
            try {
                workflow.start(tenant.value(), result);
            } catch (RuntimeException e) {
                log.error("could not start the scoring workflow for dialogue {} ({})", result.dialogueId(), result.ruleset(), e);
            }
        });
    }

    /** The workflow API. */
    RouteModule routes() {
        return new WorkflowRoutes(workflow, storage);
    }

    /** Starts what is queued, then stops the engine. */
    @Override
    public void close() {
        starter.shutdown();
        try {
            if (!starter.awaitTermination(30, TimeUnit.SECONDS)) {
                log.warn("{} scoring workflows were not started before shutdown", starter.getQueue().size());
                starter.shutdownNow();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        workflow.close();
    }
}
