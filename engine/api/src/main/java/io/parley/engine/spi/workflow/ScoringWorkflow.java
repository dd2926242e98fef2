package io.parley.engine.spi.workflow;

import io.parley.engine.api.EvaluationResult;
import io.parley.engine.api.RuleSetRef;

import java.util.List;

/**
 * What happens to a result after the engine scored it: sampling, human review, appeal,
 * arbitration and the final score, drawn as a BPMN process that a tenant may replace. One module
 * implements it on a process engine; the rest of Parley sees only this.
 */
public interface ScoringWorkflow extends AutoCloseable {

    /**
     * Starts the scoring workflow in force for the tenant (its own deployment, else the default
     * one) for a stored result.
     *
     * @param tenant null for the default tenant
     * @return the workflow instance id
     */
    String start(String tenant, EvaluationResult result);

    /**
     * Whether {@link #start} already started a scoring workflow (running or finished) for the
     * tenant's result of this dialogue under this rule set version: callers that retry a start ask
     * first, so a start that succeeded before a crash is not made twice.
     *
     * @param tenant null for the default tenant
     */
    boolean hasStarted(String tenant, String dialogueId, RuleSetRef ruleset);

    /** Assigns a dialogue to several reviewers blind: each gets a calibration task only they see. */
    String startCalibration(String tenant, String dialogueId, RuleSetRef ruleset, List<String> reviewers);

    /**
     * The open tasks the actor may work on: of the actor's tenant, and assigned to them or
     * unclaimed for one of their groups; oldest first. Another tenant's task is, to every other
     * method, a task that does not exist.
     */
    List<WorkflowTask> inbox(Actor actor);

    /** The open task, if the actor may see it. */
    WorkflowTask task(String taskId, Actor actor);

    /** Makes the actor the task's assignee; refused when someone else holds it. */
    WorkflowTask claim(String taskId, Actor actor);

    /**
     * Completes the task with the actor's decision, which is stored as a verdict with who and when;
     * the decision must fit the task (a review for a review task, …).
     */
    void complete(String taskId, Actor actor, TaskOutcome outcome);

    /**
     * Deploys a BPMN file for a tenant; a process id deployed again becomes its next version.
     *
     * @throws WorkflowException with the engine's parse errors when the file is not valid BPMN
     */
    WorkflowDeployment deploy(String tenant, String fileName, byte[] bpmn);

    /**
     * The BPMN file of the latest deployed version of a process: the tenant's own, else the
     * shared one; empty when neither is deployed.
     *
     * @param tenant null for the default tenant
     */
    java.util.Optional<byte[]> processModel(String tenant, String processKey);

    /** Whether the workflow instance is still running. */
    boolean isRunning(String instanceId);

    @Override
    void close();
}
