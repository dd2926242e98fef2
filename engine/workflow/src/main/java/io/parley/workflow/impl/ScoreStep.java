package io.parley.workflow.impl;

import io.parley.engine.api.Dialogue;
import io.parley.engine.api.EvaluationResult;
import io.parley.engine.api.Hit;
import io.parley.engine.api.Participant;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

import java.util.stream.Collectors;

/**
 * {@code ${parleyScore}}: brings the engine's stored result into the process: the automatic
 * score (also the score as it stands), the veto, the rules that hit and the dialogue's agent.
 */
final class ScoreStep implements JavaDelegate {
    private final StoredResults results;

    ScoreStep(StoredResults results) {
        this.results = results;
    }

    @Override
    public void execute(DelegateExecution execution) {
        EvaluationResult result = results.of(execution);
        String agentId = results.storageOf(execution).dialogues().find(result.dialogueId())
                .map(Dialogue::agent).map(Participant::id).orElse(null);
        double score = result.score() == null ? 0 : result.score().value();
        execution.setVariable(ProcessVariables.AGENT_ID, agentId);
        execution.setVariable(ProcessVariables.AUTO_SCORE, score);
        execution.setVariable(ProcessVariables.SCORE, score);
        execution.setVariable(ProcessVariables.VETOED_BY, result.score() == null ? null : result.score().vetoedBy());
        execution.setVariable(ProcessVariables.HIT_RULES,
                result.hits().stream().map(Hit::rule).distinct().collect(Collectors.joining(",")));
    }
}
