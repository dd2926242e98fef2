package io.parley.engine.spi.workflow;

import io.parley.engine.api.RuleSetRef;

import java.time.Instant;
import java.util.List;

/**
 * An open human task of a workflow.
 *
 * @param kind            what the task asks for, from its form key: {@code review}, {@code appeal},
 *                        {@code arbitration} or {@code calibration}; another form key is passed through
 * @param name            the task's name as drawn in the BPMN
 * @param assignee        who holds it, or null while it waits in its groups' inbox
 * @param candidateGroups the groups whose members may claim it
 * @param score           the score as it stands (the reviewer's once reviewed), or null
 */
public record WorkflowTask(String id, String kind, String name, String instanceId, String dialogueId,
                           RuleSetRef ruleset, String agentId, String assignee, List<String> candidateGroups,
                           Double score, Instant createdAt, Instant dueAt) {
    public WorkflowTask {
        candidateGroups = candidateGroups == null ? List.of() : List.copyOf(candidateGroups);
    }
}
