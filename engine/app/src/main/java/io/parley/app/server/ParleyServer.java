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
import io.parley.engine.impl.lifecycle.PublishedRuleSets;
import io.parley.engine.spi.storage.Storage;
import io.parley.engine.api.TenantId;
import io.parley.engine.impl.security.AccessControl;
import io.parley.engine.impl.tenancy.TenantEngine;
import io.parley.engine.impl.tenancy.TenantEngines;
import io.parley.http.HttpSettings;
import io.parley.http.RouteInfo;
import io.parley.http.security.AccessRoutes;
import io.parley.http.security.RequestAuthenticator;
import io.parley.http.HttpApi;
import io.parley.http.RouteModule;
import io.parley.http.routes.DialogueRoutes;
import io.parley.http.routes.SearchRoutes;
import io.parley.http.routes.ModelRoutes;
import io.parley.http.routes.OpenApiRoutes;
import io.parley.http.routes.RuleSetRoutes;
import io.parley.http.routes.SystemRoutes;
import io.vertx.core.Vertx;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The running engine: storage, the published rule sets in force (and the lifecycle around them:
 * drafts, backtests, shadow runs), the ingest workers, the HTTP API and the
 * console, and the metrics that {@code GET /metrics} serves.
 */
public final class ParleyServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ParleyServer.class);
    private final Storage storage;
    private final TenantId tenant;
    private final TenantEngines engines;
    private final PrometheusMeterRegistry metrics;
    private final ResultSinks sinks;
    private final WorkflowService workflows;
    private Vertx vertx;
    private HttpApi api;
    private volatile Thread recovery;

    /** The registry the engine counts into and {@code GET /metrics} serves, with the JVM's own meters. */
    public static PrometheusMeterRegistry newMetrics() {
        PrometheusMeterRegistry metrics = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        new JvmMemoryMetrics().bindTo(metrics);
        new JvmThreadMetrics().bindTo(metrics);
        new ProcessorMetrics().bindTo(metrics);
        new UptimeMetrics().bindTo(metrics);
        return metrics;
    }

    /** A server whose default rule set is the default tenant's. */
    public ParleyServer(Storage storage, RuleSetEvaluator evaluator, PrometheusMeterRegistry metrics) {
        this(storage, TenantId.DEFAULT, evaluator, metrics);
    }

    /** A server whose default rule set is the tenant's, without result sinks or workflows (batch commands). */
    public ParleyServer(Storage storage, TenantId tenant, RuleSetEvaluator evaluator, PrometheusMeterRegistry metrics) {
        this(storage, tenant, evaluator, metrics, ResultSinks.none(), null);
    }

    /**
     * @param tenant    the tenant this server was started for: its dialogues that name no rule set are
     *                  evaluated by {@code evaluator}'s id. Every other tenant's engine starts on its
     *                  first request, serving what it has published.
     * @param evaluator the default rule set, stored and published in the tenant's storage
     * @param sinks     told of every stored result (each sink takes its tenant's); closed (drained) with the server
     * @param workflows starts a scoring workflow for every stored result (of every tenant) and serves
     *                  the workflow API; may be null
     */
    public ParleyServer(Storage storage, TenantId tenant, RuleSetEvaluator evaluator, PrometheusMeterRegistry metrics,
                        ResultSinks sinks, WorkflowService workflows) {
        int cores = Runtime.getRuntime().availableProcessors();
        this.storage = storage;
        this.tenant = tenant;
        this.metrics = metrics;
        this.sinks = sinks;
        this.workflows = workflows;
        this.engines = new TenantEngines(id -> {
            Consumer<EvaluationResult> onStored = result -> sinks.accept(id, result);
            if (workflows != null) {
                onStored = onStored.andThen(result -> workflows.resultStored(id, result));
            }
            TenantEngine engine = new TenantEngine(storage.tenant(id), metrics, cores, Clock.systemUTC(), onStored);
            if (!id.equals(tenant)) {
                // Another tenant's first request: serve what it has published.
                engine.published().serveStoredPublished();
            }
            return engine;
        });
        engines.of(tenant).published().serveDefault(evaluator);
    }

    public PublishedRuleSets published() {
        return engines.of(tenant).published();
    }

    public DialogueIngestor ingestor() {
        return engines.of(tenant).ingestor();
    }

    /** Whether results start scoring workflows, and so whether the workflow routes (reviews, appeals) are served. */
    public boolean runsWorkflows() {
        return workflows != null;
    }

    /** The routes served, once {@link #startHttp} has run: what the access matrix and the API description cover. */
    public List<RouteInfo> routeTable() {
        return api == null ? List.of() : api.routeTable();
    }

    /** Starts listening with the default settings; returns the bound port. */
    public int startHttp(String host, int port) {
        return startHttp(host, port, HttpSettings.DEFAULTS);
    }

    /** Starts listening; returns the bound port. */
    public int startHttp(String host, int port, HttpSettings settings) {
        // Only a server takes requests naming other rule sets; batch commands need the default alone.
        published().serveStoredPublished();
        AccessControl access = new AccessControl(storage, Clock.systemUTC(), settings.sessionIdle());
        access.createTenant(tenant, tenant.value(), "parley", "");
        vertx = Vertx.vertx();
        List<RouteModule> modules = new ArrayList<>(List.of(new AccessRoutes(access, settings), new DialogueRoutes(id -> DialogueRoutes.TenantDialogues.of(engines.of(id))),
                new SystemRoutes(storage, metrics), new RuleSetRoutes(engines), new ModelRoutes(storage), new SearchRoutes(storage::tenant)));
        if (workflows != null) {
            modules.add(workflows.routes());
        }
        // Built on its first request, when every module has registered its routes.
        modules.add(new OpenApiRoutes(this::routeTable));
        // Last: the console's paths never shadow the API's.
        modules.add(new ConsoleRoutes());
        api = new HttpApi(vertx, modules, new RequestAuthenticator(access, Set.copyOf(settings.trustedProxies())), settings);
        try {
            int bound = api.start(host, port);
            startRecovery();
            return bound;
        } catch (RuntimeException e) {
            if (causedByBindFailure(e)) {
                throw new CliException("cannot listen on " + host + ":" + port + " (" + rootMessage(e)
                        + "): is another Parley running? Pick another port with --port", 2);
            }
            throw e;
        }
    }

    /**
     * In the background, each tenant's stored dialogues without a result under its rule set in force
     * are queued for evaluation ({@link DialogueIngestor#recover()}): what a previous process
     * acknowledged but did not evaluate before it stopped or was killed. Each tenant's workflow
     * outbox is drained too ({@link WorkflowService#drain}): starts a previous process left there.
     */
    private void startRecovery() {
        recovery = Thread.ofPlatform().name("parley-recover").daemon().start(() -> {
            Set<TenantId> tenants = new LinkedHashSet<>();
            tenants.add(tenant);
            try {
                storage.tenants().all().forEach(each -> tenants.add(each.id()));
                if (workflows != null) {
                    // Scoring workflows a previous process stored but did not start.
                    tenants.forEach(workflows::drain);
                }
                for (TenantId each : tenants) {
                    int queued = engines.of(each).ingestor().recover();
                    if (queued > 0) {
                        log.info("tenant {}: {} stored dialogues had no result under the rule set in force; "
                                + "their evaluation is queued", each.value(), queued);
                    }
                }
            } catch (RuntimeException e) {
                if (!Thread.currentThread().isInterrupted()) {
                    log.warn("start-up recovery stopped: {}; a dialogue's evaluation is still queued when its "
                            + "status is asked", e.toString());
                }
            }
        });
    }

    /** Waits for the start-up recovery to have queued what it found (tests). */
    public boolean awaitRecoveryQueued(Duration timeout) throws InterruptedException {
        Thread thread = recovery;
        return thread == null || thread.join(timeout);
    }

    @Override
    public void close() {
        Thread thread = recovery;
        if (thread != null) {
            thread.interrupt();
        }
        if (api != null) {
            api.stop();
        }
        if (vertx != null) {
            vertx.close().await();
        }
        engines.close();
        sinks.close();
        if (workflows != null) {
            workflows.close();
        }
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
