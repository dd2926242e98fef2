package io.parley.engine.impl.tenancy;

import io.micrometer.core.instrument.MeterRegistry;
import io.parley.engine.api.EvaluationResult;
import io.parley.engine.api.TenantId;
import io.parley.engine.impl.ingest.DialogueIngestor;
import io.parley.engine.impl.lifecycle.BacktestJobs;
import io.parley.engine.impl.lifecycle.CompiledVersions;
import io.parley.engine.impl.lifecycle.PublishedRuleSets;
import io.parley.engine.impl.lifecycle.RuleSetChecker;
import io.parley.engine.impl.lifecycle.RuleSetLifecycle;
import io.parley.engine.impl.lifecycle.ShadowRuns;
import io.parley.engine.spi.storage.TenantStorage;

import java.time.Clock;
import java.util.function.Consumer;

/**
 * One tenant's engine: its rule sets in force and their lifecycle (drafts, backtests, shadow runs)
 * and the ingest workers that store and evaluate its dialogues, all over the tenant's own storage.
 * Nothing in it can reach another tenant's data, because nothing in it holds anything but
 * {@link #storage()}.
 */
public final class TenantEngine implements AutoCloseable {
    private final TenantStorage storage;
    private final PublishedRuleSets published;
    private final CompiledVersions compiled;
    private final RuleSetLifecycle lifecycle;
    private final BacktestJobs backtests;
    private final ShadowRuns shadows;
    private final DialogueIngestor ingestor;

    /**
     * @param onStored told of every result stored for this tenant (result sinks, workflows), after
     *                 the tenant's shadow runs
     * @param threads  ingest and backtest workers
     */
    public TenantEngine(TenantStorage storage, MeterRegistry metrics, int threads, Clock clock,
                        Consumer<EvaluationResult> onStored) {
        this.storage = storage;
        RuleSetChecker checker = RuleSetChecker.installed(metrics).registeringModelsIn(storage.models());
        this.published = new PublishedRuleSets(storage.rulesets(), checker);
        this.compiled = new CompiledVersions(storage.rulesets(), checker);
        this.lifecycle = new RuleSetLifecycle(storage.rulesets(), checker, published, compiled);
        this.backtests = new BacktestJobs(storage.dialogues(), storage.annotations(), storage.backtestJobs(), compiled,
                metrics, threads, clock);
        this.shadows = new ShadowRuns(storage, compiled, 1, clock);
        Consumer<EvaluationResult> shadowsFirst = shadows;
        this.ingestor = new DialogueIngestor(storage, published::defaultEvaluator, threads, shadowsFirst.andThen(onStored));
    }

    public TenantId tenant() {
        return storage.tenant();
    }

    public TenantStorage storage() {
        return storage;
    }

    public PublishedRuleSets published() {
        return published;
    }

    public RuleSetLifecycle lifecycle() {
        return lifecycle;
    }

    public BacktestJobs backtests() {
        return backtests;
    }

    public ShadowRuns shadows() {
        return shadows;
    }

    public DialogueIngestor ingestor() {
        return ingestor;
    }

    /** Finishes what is queued, then releases the compiled rule sets; the storage stays open (it is shared). */
    @Override
    public void close() {
        backtests.close();
        ingestor.close();
        shadows.close();
        published.close();
        compiled.close();
    }
}
