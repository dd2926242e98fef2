package io.parley.workflow;

import io.parley.engine.api.TenantId;
import io.parley.engine.api.EvaluationResult;
import io.parley.storage.mongo.MongoStorage;
import io.parley.engine.spi.storage.Storage;
import io.parley.engine.spi.storage.VerdictStore.HitVerdict;
import io.parley.engine.spi.storage.VerdictStore.Kind;
import io.parley.engine.spi.storage.VerdictStore.Verdict;
import io.parley.engine.spi.workflow.Actor;
import io.parley.engine.spi.workflow.TaskOutcome;
import io.parley.engine.spi.workflow.WorkflowDeployment;
import io.parley.engine.spi.workflow.WorkflowDeployment.DeployedProcess;
import io.parley.engine.spi.workflow.WorkflowException;
import io.parley.engine.spi.workflow.WorkflowTask;
import io.parley.workflow.impl.CamundaScoringWorkflow;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.task.Task;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.parley.workflow.ScoredDialogues.hit;
import static io.parley.workflow.ScoredDialogues.store;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A tenant's own BPMN, written as Camunda Modeler writes it (camunda: attributes, a diagram,
 * parallel and exclusive gateways, a timer, candidate groups, form keys, input mappings), deploys
 * and runs unchanged; deployments are versioned per tenant; a bad file is refused with the
 * engine's parse errors.
 */
class ModelerWorkflowTest {
    private static final Instant NOW = Instant.parse("2026-11-12T09:00:00Z");
    private static final Actor REVIEWER = new Actor("li.qa", List.of("qa"));
    private static final Actor ACME_REVIEWER = new Actor("li.qa", List.of("qa"), "acme");

    @TempDir
    static Path dataDir;
    static Storage storage;
    static CamundaScoringWorkflow workflow;
    static final List<WorkflowNotification> notifications = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() {
        storage = MongoStorage.embedded(dataDir);
        // Samples everything below 101: the shipped workflow always asks for a review here.
        workflow = CamundaScoringWorkflow.open(
                WorkflowSettings.inMemory(new SamplingPolicy(false, 101.0, null, 0, 0, 1L)), storage, notifications::add);
    }

    @AfterAll
    static void stop() {
        workflow.close();
        storage.close();
    }

    @BeforeEach
    void freezeClock() {
        ClockUtil.setCurrentTime(Date.from(NOW));
    }

    @AfterEach
    void resetClock() {
        ClockUtil.reset();
    }

    @Test
    void aModelerFileDeploysForATenantAndRunsItsParallelBranchesTimerAndGateway() throws IOException {
        WorkflowDeployment deployment = workflow.deploy("acme", "qa-with-coaching.bpmn", fixture("qa-with-coaching.bpmn"));
        assertThat(deployment.tenant()).isEqualTo("acme");
        assertThat(deployment.processes()).containsExactly(
                new DeployedProcess("parley-scoring-ecommerce-presale", "QA with coaching", 1));

        EvaluationResult result = store(storage, TenantId.of("acme"), "acme-1", "a-17", 72, null, hit("forbidden_phrase", 1.0));
        String instance = workflow.start("acme", result);

        // The rule set's own workflow for this tenant: a review by qa or qa-senior, due in 2 days.
        WorkflowTask review = single(workflow.inbox(ACME_REVIEWER), "acme-1");
        assertThat(workflow.inbox(REVIEWER)).as("the default tenant's reviewer does not see acme's task")
                .extracting(WorkflowTask::dialogueId).doesNotContain("acme-1");
        assertThat(review.name()).isEqualTo("QA check");
        assertThat(review.kind()).isEqualTo("review");
        assertThat(review.candidateGroups()).containsExactlyInAnyOrder("qa", "qa-senior");
        assertThat(review.dueAt()).isEqualTo(NOW.plus(Duration.ofDays(2)));
        // The parallel branch told the team lead and waits an hour.
        assertThat(notifications).extracting(WorkflowNotification::step, WorkflowNotification::dialogueId)
                .contains(org.assertj.core.groups.Tuple.tuple("Tell the team lead", "acme-1"));

        workflow.complete(review.id(), ACME_REVIEWER, new TaskOutcome.Review(List.of(new HitVerdict("forbidden_phrase", true)),
                55.0, "态度问题属实"));
        assertThat(workflow.isRunning(instance)).isTrue();
        ManagementService management = workflow.engine().getManagementService();
        assertThat(management.createJobQuery().processInstanceId(instance).executable().count()).isZero();
        ClockUtil.setCurrentTime(Date.from(NOW.plus(Duration.ofHours(1))));
        management.executeJob(management.createJobQuery().processInstanceId(instance).executable().singleResult().getId());

        // Joined; 55 < 60 takes the exclusive gateway to the coaching task, a modeller's own form.
        Task coach = workflow.engine().getTaskService().createTaskQuery().processInstanceId(instance)
                .taskCandidateGroup("team-lead").initializeFormKeys().singleResult();
        assertThat(coach.getName()).isEqualTo("Coach the agent");
        assertThat(coach.getFormKey()).isEqualTo("camunda-forms:deployment:coach.form");
        assertThat(workflow.engine().getRuntimeService().getVariableLocal(coach.getExecutionId(), "coachingTopic"))
                .isEqualTo("forbidden_phrase");
        workflow.engine().getTaskService().complete(coach.getId());

        assertThat(workflow.isRunning(instance)).isFalse();
        assertThat(storage.tenant(TenantId.of("acme")).verdicts().forDialogue("acme-1")).extracting(Verdict::kind, Verdict::score)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Kind.REVIEW, 55.0),
                        org.assertj.core.groups.Tuple.tuple(Kind.FINAL, 55.0));
    }

    @Test
    void otherTenantsKeepTheShippedWorkflowAndDeploymentsAreVersionedPerTenant() throws IOException {
        byte[] bpmn = fixture("qa-with-coaching.bpmn");
        workflow.deploy("globex", "qa.bpmn", bpmn);
        WorkflowDeployment second = workflow.deploy("globex", "qa.bpmn", bpmn);
        WorkflowDeployment other = workflow.deploy("initech", "qa.bpmn", bpmn);

        assertThat(second.processes()).extracting(DeployedProcess::version).containsExactly(2);
        assertThat(other.processes()).extracting(DeployedProcess::version).containsExactly(1);

        EvaluationResult result = store(storage, "shared-1", "a-9", 90, null);
        workflow.start(null, result);
        WorkflowTask review = single(workflow.inbox(REVIEWER), "shared-1");
        assertThat(review.name()).isEqualTo("Review the hits");
        assertThat(review.candidateGroups()).containsExactly("qa");
    }

    @Test
    void aBadFileIsRefusedWithTheEnginesParseErrorsAndLines() throws IOException {
        assertThatThrownBy(() -> workflow.deploy("acme", "broken-flow.bpmn", fixture("broken-flow.bpmn")))
                .isInstanceOfSatisfying(WorkflowException.class, e -> {
                    assertThat(e.reason()).isEqualTo(WorkflowException.Reason.INVALID);
                    assertThat(e.getMessage()).isEqualTo("the BPMN file broken-flow.bpmn is not valid");
                    assertThat(e.details()).anySatisfy(line -> assertThat(line)
                            .startsWith("broken-flow.bpmn:5:").contains("(element Score)"));
                });
        assertThatThrownBy(() -> workflow.deploy("acme", "notes.bpmn", "not xml at all".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOfSatisfying(WorkflowException.class, e -> {
                    assertThat(e.reason()).isEqualTo(WorkflowException.Reason.INVALID);
                    assertThat(e.details()).isNotEmpty();
                });
    }

    private static byte[] fixture(String name) throws IOException {
        try (InputStream in = ModelerWorkflowTest.class.getResourceAsStream("/bpmn/" + name)) {
            return in.readAllBytes();
        }
    }

    private static WorkflowTask single(List<WorkflowTask> tasks, String dialogueId) {
        List<WorkflowTask> mine = tasks.stream().filter(task -> dialogueId.equals(task.dialogueId())).toList();
        assertThat(mine).hasSize(1);
        return mine.getFirst();
    }
}
