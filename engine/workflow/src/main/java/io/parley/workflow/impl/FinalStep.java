package io.parley.workflow.impl;

import io.parley.engine.spi.storage.VerdictStore.Kind;
import io.parley.engine.spi.storage.VerdictStore.Verdict;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;
import org.camunda.bpm.engine.impl.util.ClockUtil;

import java.util.List;

/**
 * {@code ${parleyFinal}}: settles the final score (the score as it stands after review, appeal
 * and arbitration), stores it as a {@code FINAL} verdict by {@code workflow} with the decision
 * that led to it, and sets {@code finalScore}. Agent tiers are computed from these.
 */
final class FinalStep implements JavaDelegate {
    static final String ACTOR = "workflow";

    private final StoredResults results;

    FinalStep(StoredResults results) {
        this.results = results;
    }

    @Override
    public void execute(DelegateExecution execution) {
        Double score = ProcessVariables.number(execution, ProcessVariables.SCORE);
        String decision = ProcessVariables.string(execution, ProcessVariables.DECISION);
        results.storageOf(execution).verdicts().save(new Verdict(execution.getProcessInstanceId() + ":final", Kind.FINAL,
                ProcessVariables.string(execution, ProcessVariables.DIALOGUE_ID), ProcessVariables.ruleset(execution),
                ProcessVariables.string(execution, ProcessVariables.AGENT_ID), ACTOR, List.of(), score, null,
                decision, ClockUtil.getCurrentTime().toInstant()));
        execution.setVariable(ProcessVariables.FINAL_SCORE, score);
    }
}
