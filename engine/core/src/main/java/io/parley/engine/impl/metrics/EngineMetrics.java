package io.parley.engine.impl.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.parley.engine.api.RuleSetRef;
import io.parley.engine.impl.plugin.PluginFailure;

import java.util.Locale;

/**
 * The engine's counters, registered in the {@link MeterRegistry} the application hands in (the
 * server exposes it on {@code GET /metrics}):
 * <ul>
 *   <li>{@code parley.evaluations} — dialogues evaluated, successfully or not, by {@code ruleset};</li>
 *   <li>{@code parley.evaluation.failures} — of those, the ones that failed, by {@code ruleset};</li>
 *   <li>{@code parley.plugin.failures} — plugin calls that failed, by {@code kind} (operator,
 *       scoring_function, dialogue_mapper, …), {@code plugin} (its id) and {@code name} (the use's
 *       name in the rule set).</li>
 * </ul>
 */
public final class EngineMetrics {
    public static final String EVALUATIONS = "parley.evaluations";
    public static final String EVALUATION_FAILURES = "parley.evaluation.failures";
    public static final String PLUGIN_FAILURES = "parley.plugin.failures";
    public static final String BACKTEST_ANNOTATIONS = "parley.backtest.annotations";

    private final MeterRegistry registry;

    public EngineMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    public void evaluated(RuleSetRef ruleset) {
        Counter.builder(EVALUATIONS).description("Dialogues evaluated, successfully or not")
                .tag("ruleset", ruleset.toString()).register(registry).increment();
    }

    public void evaluationFailed(RuleSetRef ruleset) {
        Counter.builder(EVALUATION_FAILURES).description("Dialogues whose evaluation failed")
                .tag("ruleset", ruleset.toString()).register(registry).increment();
    }

    /** Runs of model-backed operators in a backtest: signals reused from storage, or computed by the model. */
    public void backtestAnnotations(long reused, long recomputed) {
        Counter.builder(BACKTEST_ANNOTATIONS).description("Model-backed operator runs in backtests, by outcome")
                .tag("outcome", "reused").register(registry).increment(reused);
        Counter.builder(BACKTEST_ANNOTATIONS).description("Model-backed operator runs in backtests, by outcome")
                .tag("outcome", "recomputed").register(registry).increment(recomputed);
    }

    public void pluginFailed(PluginFailure failure) {
        Counter.builder(PLUGIN_FAILURES).description("Plugin calls that failed; each failed one request only")
                .tag("kind", failure.plugin().kind().name().toLowerCase(Locale.ROOT))
                .tag("plugin", failure.plugin().id())
                .tag("name", failure.name())
                .register(registry).increment();
    }
}
