package io.parley.app.server;

import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.parley.app.CliException;
import io.parley.console.ConsoleRoutes;
import io.parley.engine.api.EvaluationResult;
import io.parley.engine.impl.evaluate.RuleSetEvaluator;
import io.parley.engine.impl.ingest.DialogueIngestor;
import io.parley.engine.impl.lifecycle.BacktestJobs;
import io.parley.engine.impl.lifecycle.CompiledVersions;
import io.parley.engine.impl.lifecycle.PublishedRuleSets;
import io.parley.engine.impl.lifecycle.RuleSetChecker;
import io.parley.engine.impl.lifecycle.RuleSetLifecycle;
import io.parley.engine.impl.lifecycle.ShadowRuns;
import io.parley.engine.spi.storage.Storage;
import io.parley.http.HttpApi;
import io.parley.http.RouteModule;
import io.parley.http.routes.DialogueRoutes;
import io.parley.http.routes.ModelRoutes;
import io.parley.http.routes.RuleSetRoutes;
import io.parley.http.routes.SystemRoutes;
import io.vertx.core.Vertx;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The running engine: storage, the published rule sets in force (and the lifecycle around them:
 * drafts, backtests, shadow runs), the ingest workers, the HTTP API and the
 * console, and the metrics that {@code GET /metrics} serves.
 */
public final class ParleyServer implements AutoCloseable {
    private final Storage storage;
    private final PublishedRuleSets published;
    private final CompiledVersions compiled;
    private final RuleSetLifecycle lifecycle;
    private final BacktestJobs backtests;
    private final ShadowRuns shadows;
    private final PrometheusMeterRegistry metrics;
    private final DialogueIngestor ingestor;
    private final ResultSinks sinks;
    private final WorkflowService workflows;
    private Vertx vertx;
    private HttpApi api;

    /** The registry the engine counts into and {@code GET /metrics} serves, with the JVM's own meters. */
    public static PrometheusMeterRegistry newMetrics() {
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(metrics);
        new JvmThreadMetrics().bindTo(metrics);
        new ProcessorMetrics().bindTo(metrics);
        new UptimeMetrics().bindTo(metrics);
        return metrics;
    }

    /** @param metrics the registry the evaluator counts into */
    public ParleyServer(Storage storage, RuleSetEvaluator evaluator, PrometheusMeterRegistry metrics) {
        this(storage, evaluator, metrics, ResultSinks.none());
    }

    /**
     * @param evaluator the default rule set: dialogues that name none are evaluated by the version of
     *                  its id in force. Once serving HTTP, every other rule set published in storage is
     *                  served too.
     * @param sinks     told of every stored result; closed (drained) with the server
     */
    public ParleyServer(Storage storage, RuleSetEvaluator evaluator, PrometheusMeterRegistry metrics, ResultSinks sinks) {
        this(storage, evaluator, metrics, sinks, null);
    }

    /** @param workflows starts a scoring workflow for every stored result and serves the workflow API; may be null */
    public ParleyServer(Storage storage, RuleSetEvaluator evaluator, PrometheusMeterRegistry metrics, ResultSinks sinks,
                 WorkflowService workflows) {
        int cores = Runtime.getRuntime().availableProcessors();
        this.storage = storage;
        this.metrics = metrics;
        this.sinks = sinks;
        this.workflows = workflows;
        RuleSetChecker checker = RuleSetChecker.installed(metrics).registeringModelsIn(storage.models());
        this.published = new PublishedRuleSets(storage.rulesets(), checker);
        published.serveDefault(evaluator);
        this.compiled = new CompiledVersions(storage.rulesets(), checker);
        this.lifecycle = new RuleSetLifecycle(storage.rulesets(), checker, published, compiled);
        this.backtests = new BacktestJobs(storage.dialogues(), storage.annotations(), storage.backtestJobs(), compiled, metrics, cores,
                Clock.systemUTC());
        this.shadows = new ShadowRuns(storage, compiled, 1, Clock.systemUTC());
        Consumer<EvaluationResult> observers = sinks.andThen(shadows);
        this.ingestor = new DialogueIngestor(storage, published::defaultEvaluator, cores,
                workflows == null ? observers : observers.andThen(workflows::resultStored));
    }

    public PublishedRuleSets published() {
        return published;
    }

    public DialogueIngestor ingestor() {
        return ingestor;
    }

    /** Whether results start scoring workflows, and so whether the workflow routes (reviews, appeals) are served. */
    public boolean runsWorkflows() {
        return workflows != null;
    }

    /** Starts listening; returns the bound port. */
    public int startHttp(String host, int port) {
        // Only a server takes requests naming other rule sets; batch commands need the default alone.
        published.serveStoredPublished();
        vertx = Vertx.vertx();
        List<RouteModule> modules = new ArrayList<>(List.of(new DialogueRoutes(ingestor, storage, published),
                new SystemRoutes(storage, published, metrics), new RuleSetRoutes(lifecycle, backtests, shadows),
                new ModelRoutes(storage.models())));
        if (workflows != null) {
            modules.add(workflows.routes());
        }
        // Last: the console's paths never shadow the API's.
        modules.add(new ConsoleRoutes());
        api = new HttpApi(vertx, modules);
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
        backtests.close();
        ingestor.close();
        shadows.close();
        sinks.close();
        if (workflows != null) {
            workflows.close();
        }
        published.close();
        compiled.close();
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
