package io.parley.http.routes;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.parley.engine.api.security.Permission;
import io.parley.engine.spi.storage.Storage;
import io.parley.http.HttpProblem;
import io.parley.http.Reply;
import io.parley.http.RouteModule;
import io.parley.http.Routes;

import java.util.Map;

/**
 * {@code GET /health}, public, says only whether storage answers (what is stored where is nobody's
 * business without credentials); {@code GET /metrics} (Prometheus text format) covers every tenant,
 * so it is the platform admin's.
 */
public final class SystemRoutes implements RouteModule {
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final Storage storage;
    private final PrometheusMeterRegistry metrics;

    public SystemRoutes(Storage storage, PrometheusMeterRegistry metrics) {
        this.storage = storage;
        this.metrics = metrics;
    }

    @Override
    public void register(Routes routes) {
        routes.publicGet("/health", request -> health())
                .get("/metrics", Permission.METRICS_READ, request -> Reply.text(200, PROMETHEUS_TEXT, metrics.scrape()));
    }

    /** 200 {@code {"status": "up"}}, else a 503 problem like every error. */
    private Reply health() {
        return storage.ping() ? Reply.of(200, Map.of("status", "up")) : new HttpProblem(503, "storage unreachable").reply();
    }
}
