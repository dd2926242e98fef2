package io.parley.engine.impl.lifecycle;

import io.parley.engine.api.RuleSetRef;
import io.parley.engine.impl.evaluate.RuleSetEvaluator;
import io.parley.engine.spi.storage.RuleSetStore;
import io.parley.engine.spi.storage.RuleSetStore.StoredRuleSet;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * Compiled stored versions, drafts or not, for trying, backtesting and shadowing them: compiling
 * costs a second or so, so the few most recently used stay compiled. A version dropped from the
 * cache is closed once its running evaluations are done.
 */
public final class CompiledVersions implements AutoCloseable {
    static final int KEPT = 6;

    private final RuleSetStore store;
    private final RuleSetChecker checker;
    private final Map<RuleSetRef, LeasedEvaluator> compiled = new LinkedHashMap<>(16, 0.75f, true);

    public CompiledVersions(RuleSetStore store, RuleSetChecker checker) {
        this.store = store;
        this.checker = checker;
    }

    /**
     * Runs {@code work} with the compiled version, held open until it returns.
     *
     * @throws RuleSetNotFoundException when the version is not stored
     * @throws RuleSetRejectedException when it does not compile
     */
    public <T> T with(RuleSetRef ref, Function<RuleSetEvaluator, T> work) {
        while (true) {
            LeasedEvaluator leased = compiledOrCompile(ref);
            if (leased.acquire()) {
                try {
                    return work.apply(leased.evaluator());
                } finally {
                    leased.release();
                }
            }
            // Evicted and closed between the lookup and the lease: compile it again.
        }
    }

    /** Keeps an evaluator compiled elsewhere (e.g. when a draft is stored) so the next use is fast; it closes it when dropped. */
    public void keep(RuleSetEvaluator evaluator) {
        LeasedEvaluator previous;
        synchronized (compiled) {
            previous = compiled.put(evaluator.ruleset(), new LeasedEvaluator(evaluator));
            evictBeyondLimit();
        }
        if (previous != null) {
            previous.retire();
        }
    }

    private LeasedEvaluator compiledOrCompile(RuleSetRef ref) {
        synchronized (compiled) {
            LeasedEvaluator leased = compiled.get(ref);
            if (leased != null && !leased.closed()) {
                return leased;
            }
        }
        StoredRuleSet stored = store.find(ref).orElseThrow(() -> new RuleSetNotFoundException(
                "rule set " + ref.id() + " has no stored version " + ref.version()));
        RuleSetChecker.Checked checked = checker.check(stored.fileName(), stored.source());
        if (checked.hasErrors()) {
            throw new RuleSetRejectedException("rule set " + ref + " does not compile", checked.diagnostics());
        }
        LeasedEvaluator fresh = new LeasedEvaluator(checked.evaluator());
        LeasedEvaluator raced;
        synchronized (compiled) {
            raced = compiled.get(ref);
            if (raced == null || raced.closed()) {
                compiled.put(ref, fresh);
                evictBeyondLimit();
                return fresh;
            }
        }
        // Another thread compiled it meanwhile: use theirs.
        fresh.retire();
        return raced;
    }

    private void evictBeyondLimit() {
        var eldest = compiled.entrySet().iterator();
        while (compiled.size() > KEPT && eldest.hasNext()) {
            LeasedEvaluator evicted = eldest.next().getValue();
            eldest.remove();
            evicted.retire();
        }
    }

    @Override
    public void close() {
        synchronized (compiled) {
            compiled.values().forEach(LeasedEvaluator::retire);
            compiled.clear();
        }
    }
}
