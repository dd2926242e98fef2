package io.parley.engine.impl.lifecycle;

import io.parley.engine.impl.evaluate.RuleSetEvaluator;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * A compiled rule-set version shared by concurrent evaluations, closed (its plugins released) only
 * once it is retired and the last evaluation using it has finished: a version being replaced never
 * has its plugins closed under a running evaluation.
 */
final class LeasedEvaluator {
    private static final int CLOSED = -1;

    private final RuleSetEvaluator evaluator;
    /** Evaluations in progress, or {@link #CLOSED}. */
    private final AtomicInteger leases = new AtomicInteger();
    private volatile boolean retired;

    LeasedEvaluator(RuleSetEvaluator evaluator) {
        this.evaluator = evaluator;
    }

    RuleSetEvaluator evaluator() {
        return evaluator;
    }

    /** No new user should take it; it closes as soon as nobody uses it. */
    void retire() {
        retired = true;
        closeIfIdle();
    }

    boolean closed() {
        return leases.get() == CLOSED;
    }

    /**
     * Takes a lease: the evaluator stays open until {@link #release}. Every successful acquire must
     * be released (try/finally).
     *
     * @return false when it is already closed (retired and idle): take the version in force instead
     */
    boolean acquire() {
        while (true) {
            int held = leases.get();
            if (held == CLOSED) {
                return false;
            }
            if (leases.compareAndSet(held, held + 1)) {
                return true;
            }
        }
    }

    void release() {
        if (leases.decrementAndGet() == 0 && retired) {
            closeIfIdle();
        }
    }

    private void closeIfIdle() {
        if (leases.compareAndSet(0, CLOSED)) {
            evaluator.close();
        }
    }
}
