package io.parley.app;

import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.parley.console.ConsoleRoutes;
import io.parley.engine.impl.evaluate.RuleSetEvaluator;
import io.parley.engine.impl.http.ApiServer;
import io.parley.engine.impl.ingest.DialogueIngestor;
import io.parley.engine.spi.storage.Storage;
import io.vertx.core.Vertx;

import java.util.concurrent.atomic.AtomicReference;

/**
 * The running engine: storage, the evaluator in force, the ingest workers, the HTTP API and the
 * console, and the metrics that {@code GET /metrics} serves.
 */
final class ParleyServer implements AutoCloseable {
    private final Storage storage;
    private final AtomicReference<RuleSetEvaluator> evaluator;
    private final PrometheusMeterRegistry metrics;
    private final DialogueIngestor ingestor;
    private final ResultSinks sinks;
    private final WorkflowService workflows;
    private Vertx vertx;
    private ApiServer api;

    /** The registry the engine counts into and {@code GET /metrics} serves, with the JVM's own meters. */
    static PrometheusMeterRegistry newMetrics() {
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(metrics);
        new JvmThreadMetrics().bindTo(metrics);
        new ProcessorMetrics().bindTo(metrics);
        new UptimeMetrics().bindTo(metrics);
        return metrics;
    }

    /** @param metrics the registry the evaluator counts into */
    ParleyServer(Storage storage, RuleSetEvaluator evaluator, PrometheusMeterRegistry metrics) {
        this(storage, evaluator, metrics, ResultSinks.none());
    }

    /** @param sinks told of every stored result; closed (drained) with the server */
    ParleyServer(Storage storage, RuleSetEvaluator evaluator, PrometheusMeterRegistry metrics, ResultSinks sinks) {
        this(storage, evaluator, metrics, sinks, null);
    }

    /** @param workflows starts a scoring workflow for every stored result and serves the workflow API; may be null */
    ParleyServer(Storage storage, RuleSetEvaluator evaluator, PrometheusMeterRegistry metrics, ResultSinks sinks,
                 WorkflowService workflows) {
        this.storage = storage;
        this.evaluator = new AtomicReference<>(evaluator);
        this.metrics = metrics;
        this.sinks = sinks;
        this.workflows = workflows;
        this.ingestor = new DialogueIngestor(storage, this.evaluator::get, Runtime.getRuntime().availableProcessors(),
                workflows == null ? sinks : sinks.andThen(workflows::resultStored));
    }

    DialogueIngestor ingestor() {
        return ingestor;
    }

    /** Starts listening; returns the bound port. */
    int startHttp(String host, int port) {
        vertx = Vertx.vertx();
        api = new ApiServer(vertx, ingestor, storage, evaluator::get, () -> evaluator.get().mapper(), metrics, router -> {
            if (workflows != null) {
                workflows.mount(router);
            }
            ConsoleRoutes.mount(router);
        });
        try {
            return api.start(host, port);
        } catch (RuntimeException e) {
            if (causedByBindFailure(e)) {
                throw new CliException("cannot listen on " + host + ":" + port + " (" + rootMessage(e)
                        + "): is another Parley running? Pick another port with --port", 2);
            }
            throw e;
        }
    }

    @Override
    public void close() {
        if (api != null) {
            api.stop();
        }
        if (vertx != null) {
            vertx.close().await();
        }
        ingestor.close();
        sinks.close();
        if (workflows != null) {
            workflows.close();
        }
        evaluator.get().close();
        storage.close();
    }

    private static boolean causedByBindFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof java.net.BindException) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
