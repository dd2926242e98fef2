package io.parley.http.routes;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.parley.engine.api.DialogueEvaluator;
import io.parley.engine.impl.lifecycle.RuleSetsInForce;
import io.parley.engine.spi.storage.Storage;
import io.parley.http.Reply;
import io.parley.http.RouteModule;
import io.parley.http.Routes;

import java.util.LinkedHashMap;
import java.util.Map;

/** {@code GET /health} (storage reachable, the rule set in force) and {@code GET /metrics} (Prometheus text format). */
public final class SystemRoutes implements RouteModule {
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final Storage storage;
    private final RuleSetsInForce rulesets;
    private final PrometheusMeterRegistry metrics;

    public SystemRoutes(Storage storage, RuleSetsInForce rulesets, PrometheusMeterRegistry metrics) {
        this.storage = storage;
        this.rulesets = rulesets;
        this.metrics = metrics;
    }

    @Override
    public void register(Routes routes) {
        routes.get("/health", request -> health())
                .get("/metrics", request -> Reply.text(200, PROMETHEUS_TEXT, metrics.scrape()));
    }

    private Reply health() {
        boolean up = storage.ping();
        Map<String, Object> health = new LinkedHashMap<>();
        health.put("status", up ? "up" : "down");
        if (!up) {
            health.put("error", "storage unreachable");
        }
        health.put("storage", storage.describe());
        DialogueEvaluator evaluator = rulesets.defaultEvaluator();
        health.put("ruleset", evaluator == null ? null : evaluator.ruleset().toString());
        return Reply.of(up ? 200 : 503, health);
    }
}
