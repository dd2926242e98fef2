package io.parley.workflow;

/**
 * What a {@code ${parleyNotify}} service task tells: whom (the dialogue's agent), about which
 * dialogue and instance, at which step, with the score as it stands.
 */
public record WorkflowNotification(String instanceId, String step, String dialogueId, String agentId, Double score,
                                   String message) {
}
