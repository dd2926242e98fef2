package io.parley.workflow.impl;

import io.parley.workflow.WorkflowNotification;
import org.camunda.bpm.engine.delegate.DelegateExecution;
import org.camunda.bpm.engine.delegate.JavaDelegate;

import java.util.function.Consumer;

/**
 * {@code ${parleyNotify}}: tells the dialogue's agent where their dialogue stands (in the default
 * workflow: the reviewed score, and how long they may appeal it).
 */
final class NotifyStep implements JavaDelegate {
    private final Consumer<WorkflowNotification> notifier;

    NotifyStep(Consumer<WorkflowNotification> notifier) {
        this.notifier = notifier;
    }

    @Override
    public void execute(DelegateExecution execution) {
        String dialogueId = ProcessVariables.string(execution, ProcessVariables.DIALOGUE_ID);
        Double score = ProcessVariables.number(execution, ProcessVariables.SCORE);
        String window = ProcessVariables.string(execution, ProcessVariables.APPEAL_WINDOW);
        String step = execution.getCurrentActivityName() == null ? execution.getCurrentActivityId()
                : execution.getCurrentActivityName();
        String message = "dialogue " + dialogueId + " scored " + score
                + (window == null ? "" : "; you may appeal within " + window);
        notifier.accept(new WorkflowNotification(execution.getProcessInstanceId(), step, dialogueId,
                ProcessVariables.string(execution, ProcessVariables.AGENT_ID), score, message));
    }
}
