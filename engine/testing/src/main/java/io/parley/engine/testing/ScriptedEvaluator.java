package io.parley.engine.testing;

import io.parley.engine.api.Dialogue;
import io.parley.engine.api.DialogueEvaluator;
import io.parley.engine.api.EvaluationException;
import io.parley.engine.api.EvaluationResult;
import io.parley.engine.api.RuleSetRef;
import io.parley.engine.api.Score;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A stand-in for the rule engine whose behaviour each dialogue scripts through its {@code test}
 * attribute: {@code fail} throws an {@link EvaluationException}, {@code crash} a bug-like runtime
 * exception, {@code linkage} the NoSuchMethodError Drools' JIT can throw, {@code block} waits until
 * {@link #release()}. Otherwise the score is the number of
 * turns. Counts evaluations per dialogue id.
 */
public final class ScriptedEvaluator implements DialogueEvaluator {
    private final RuleSetRef ruleset;
    private final Map<String, AtomicInteger> evaluations = new ConcurrentHashMap<>();
    private final CountDownLatch gate = new CountDownLatch(1);
    private final CountDownLatch blocked = new CountDownLatch(1);

    public ScriptedEvaluator(RuleSetRef ruleset) {
        this.ruleset = ruleset;
    }

    @Override
    public RuleSetRef ruleset() {
        return ruleset;
    }

    @Override
    public EvaluationResult evaluate(Dialogue dialogue) {
        evaluations.computeIfAbsent(dialogue.id(), id -> new AtomicInteger()).incrementAndGet();
        switch (String.valueOf(dialogue.attributes().get("test"))) {
            case "fail" -> throw new EvaluationException("rule 'slow_first_reply' needs turn times; turn 0 has none");
            case "crash" -> throw new IllegalStateException("bug in an operator");
            case "linkage" -> throw new NoSuchMethodError("'boolean java.lang.String.startsWith(java.lang.Object)'");
            case "block" -> awaitRelease();
            default -> {
            }
        }
        int turns = dialogue.turns().size();
        return new EvaluationResult(dialogue.id(), ruleset, List.of(),
                new Score("test", turns, "A", List.of(), null), turns, Instant.now());
    }

    public int evaluations(String dialogueId) {
        AtomicInteger count = evaluations.get(dialogueId);
        return count == null ? 0 : count.get();
    }

    /** Waits until an evaluation is blocked on the gate. */
    public void awaitBlocked() throws InterruptedException {
        if (!blocked.await(10, TimeUnit.SECONDS)) {
            throw new AssertionError("no evaluation reached the gate");
        }
    }

    public void release() {
        gate.countDown();
    }

    private void awaitRelease() {
        blocked.countDown();
        try {
            if (!gate.await(30, TimeUnit.SECONDS)) {
                throw new AssertionError("the test never released the gate");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new EvaluationException("interrupted", e);
        }
    }
}
