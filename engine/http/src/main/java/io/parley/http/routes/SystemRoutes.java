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
 * Health, public, saying only whether the process and storage work (what is stored where is
 * nobody's business without credentials): {@code GET /health/live} whether the process answers at
 * all (a liveness probe: restart when it fails), {@code GET /health/ready} whether storage takes a
 * write ({@link Storage#writable()}, a real upsert: route traffic elsewhere when it fails), and
 * {@code GET /health} the same as ready. {@code GET /metrics} (Prometheus text format) covers every
 * tenant, so it is the platform admin's.
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
        routes.publicGet("/health", request -> ready())
                .publicGet("/health/live", request -> Reply.of(200, Map.of("status", "up")))
                .publicGet("/health/ready", request -> ready())
                .get("/metrics", Permission.METRICS_READ, request -> Reply.text(200, PROMETHEUS_TEXT, metrics.scrape()));
    }

    /** 200 {@code {"status": "up"}} when storage takes a write, else a 503 problem like every error. */
    private Reply ready() {
        if (storage.writable()) {
            return Reply.of(200, Map.of("status", "up"));
        }
        return new HttpProblem(503, storage.ping() ? "storage not writable" : "storage unreachable").reply();
    }
}
