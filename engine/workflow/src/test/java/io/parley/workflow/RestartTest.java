package io.parley.workflow;

import io.parley.storage.mongo.MongoStorage;
import io.parley.engine.spi.storage.Storage;
import io.parley.engine.spi.storage.VerdictStore.HitVerdict;
import io.parley.engine.spi.workflow.Actor;
import io.parley.engine.spi.workflow.TaskOutcome;
import io.parley.engine.spi.workflow.WorkflowTask;
import io.parley.workflow.impl.CamundaScoringWorkflow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static io.parley.workflow.ScoredDialogues.hit;
import static io.parley.workflow.ScoredDialogues.store;
import static org.assertj.core.api.Assertions.assertThat;

/** Deployments, instances and tasks live in the H2 file under the data directory and survive a restart. */
class RestartTest {
    private static final Actor REVIEWER = new Actor("li.qa", List.of("qa"));

    @TempDir
    Path dataDir;

    @Test
    void anOpenTaskIsStillThereAfterTheEngineRestartsOnTheSameFile() {
        SamplingPolicy everything = new SamplingPolicy(false, 101.0, null, 0, 0, 1L);
        WorkflowSettings settings = WorkflowSettings.h2File(dataDir, everything).withJobExecutor(false);
        try (Storage storage = MongoStorage.embedded(dataDir)) {
            String instance;
            String taskId;
            try (CamundaScoringWorkflow workflow = CamundaScoringWorkflow.open(settings, storage, n -> { })) {
                instance = workflow.start(null, store(storage, "r-1", "a-17", 70, null, hit("no_closing", 1.0)));
                taskId = workflow.inbox(REVIEWER).getFirst().id();
                workflow.claim(taskId, REVIEWER);
            }
            assertThat(Files.isRegularFile(dataDir.resolve("workflow").resolve("camunda.mv.db"))).isTrue();

            try (CamundaScoringWorkflow reopened = CamundaScoringWorkflow.open(settings, storage, n -> { })) {
                WorkflowTask task = reopened.inbox(REVIEWER).getFirst();
                assertThat(task.id()).isEqualTo(taskId);
                assertThat(task.assignee()).isEqualTo("li.qa");
                assertThat(task.dialogueId()).isEqualTo("r-1");
                assertThat(reopened.isRunning(instance)).isTrue();
                // The shipped workflow is not deployed again when it did not change.
                assertThat(reopened.engine().getRepositoryService().createProcessDefinitionQuery()
                        .processDefinitionKey(CamundaScoringWorkflow.SCORING_PROCESS).count()).isEqualTo(1);

                reopened.complete(taskId, REVIEWER, new TaskOutcome.Review(List.of(new HitVerdict("no_closing", true)),
                        null, null));
                assertThat(reopened.inbox(new Actor("a-17", List.of()))).extracting(WorkflowTask::kind)
                        .containsExactly("appeal");
            }
        }
    }
}
