package io.parley.app.server;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.parley.engine.api.Dialogue;
import io.parley.engine.api.EvaluationResult;
import io.parley.engine.api.Participant;
import io.parley.engine.api.RuleSetRef;
import io.parley.engine.api.Score;
import io.parley.engine.api.TenantId;
import io.parley.engine.api.Turn;
import io.parley.engine.spi.storage.Storage;
import io.parley.engine.spi.workflow.Actor;
import io.parley.engine.spi.workflow.ScoringWorkflow;
import io.parley.engine.spi.workflow.TaskOutcome;
import io.parley.engine.spi.workflow.WorkflowDeployment;
import io.parley.engine.spi.workflow.WorkflowTask;
import io.parley.engine.testing.Await;
import io.parley.storage.mongo.StorageFactory;
import io.parley.workflow.SamplingPolicy;
import io.parley.workflow.WorkflowSettings;
import io.parley.workflow.impl.CamundaScoringWorkflow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Workflow starts go through each tenant's outbox: a failed start is retried and happens once, what
 * a stopped server did not start is started by the next one, and a result told twice (or an entry
 * whose instance was started before a crash) starts one instance.
 */
class WorkflowOutboxTest {
    private static final RuleSetRef PRESALE = new RuleSetRef("ecommerce-presale", 3);
    private static final SamplingPolicy EVERYTHING = new SamplingPolicy(false, 101.0, null, 0, 0, 1L);
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path dataDir;

    @Test
    void aStartThatFailsIsRetriedAndHappensOnce() {
        try (Storage storage = StorageFactory.open(dataDir, null)) {
            CamundaScoringWorkflow engine = open(storage);
            FailingStarts workflow = new FailingStarts(engine, 1);
            EvaluationResult result = store(storage, "retry-1");
            try (WorkflowService service = new WorkflowService(workflow, storage, Duration.ofMillis(50), WAIT)) {
                service.resultStored(TenantId.DEFAULT, result);

                awaitEmptyOutbox(storage);
                assertThat(workflow.attempts.get()).isEqualTo(2);
                assertThat(instances(engine, "retry-1")).isEqualTo(1);
            }
        }
    }

    @Test
    void whatIsLeftInTheOutboxAtCloseStartsAfterARestart() {
        try (Storage storage = StorageFactory.open(dataDir, null)) {
            // The process engine refuses every start: nothing is started before close, nothing is dropped.
            FailingStarts workflow = new FailingStarts(open(storage), Integer.MAX_VALUE);
            WorkflowService service = new WorkflowService(workflow, storage, Duration.ofMillis(50), Duration.ofMillis(300));
            service.resultStored(TenantId.DEFAULT, store(storage, "left-1"));
            service.resultStored(TenantId.DEFAULT, store(storage, "left-2"));
            Await.until("a failed attempt", WAIT, workflow.attempts::get, attempts -> attempts > 0);
            service.close();
            assertThat(storage.tenant(TenantId.DEFAULT).workflowOutbox().count()).isEqualTo(2);
        }

        try (Storage storage = StorageFactory.open(dataDir, null)) {
            CamundaScoringWorkflow engine = open(storage);
            try (WorkflowService service = new WorkflowService(engine, storage)) {
                // What ParleyServer.startHttp does for every tenant.
                service.drain(TenantId.DEFAULT);

                awaitEmptyOutbox(storage);
                assertThat(instances(engine, "left-1")).isEqualTo(1);
                assertThat(instances(engine, "left-2")).isEqualTo(1);
            }
        }
    }

    @Test
    void theServerDrainsTheOutboxWhenItStarts() throws Exception {
        PrometheusMeterRegistry metrics = ParleyServer.newMetrics();
        RuleSetLoader loader = new RuleSetLoader(System.err, metrics);
        Storage storage = StorageFactory.open(dataDir, null);
        RuleSetLoader.Loaded example = loader.publish(loader.example(), storage.tenant(TenantId.DEFAULT));
        EvaluationResult left = store(storage, "left-by-a-killed-server");
        // As if a previous process stored the result and was killed before starting its workflow.
        storage.tenant(TenantId.DEFAULT).workflowOutbox().add(left.dialogueId(), left.ruleset());
        CamundaScoringWorkflow engine = open(storage);

        try (ParleyServer server = new ParleyServer(storage, TenantId.DEFAULT, example.evaluator(), metrics,
                ResultSinks.none(), new WorkflowService(engine, storage))) {
            server.startHttp("127.0.0.1", 0);

            Await.until("the left start made", WAIT, () -> instances(engine, left.dialogueId()), count -> count == 1);
        }
    }

    @Test
    void theSameResultToldTwiceStartsOneInstance() {
        try (Storage storage = StorageFactory.open(dataDir, null)) {
            CamundaScoringWorkflow engine = open(storage);
            EvaluationResult twice = store(storage, "twice-1");
            EvaluationResult crashed = store(storage, "crashed-1");
            // Started by a process that was killed before it removed the entry from the outbox.
            engine.start(TenantId.DEFAULT.value(), crashed);
            storage.tenant(TenantId.DEFAULT).workflowOutbox().add(crashed.dialogueId(), crashed.ruleset());
            try (WorkflowService service = new WorkflowService(engine, storage)) {
                service.resultStored(TenantId.DEFAULT, twice);
                service.resultStored(TenantId.DEFAULT, twice);
                service.drain(TenantId.DEFAULT);
                awaitEmptyOutbox(storage);
                service.resultStored(TenantId.DEFAULT, twice);
                awaitEmptyOutbox(storage);

                assertThat(instances(engine, "twice-1")).isEqualTo(1);
                assertThat(instances(engine, "crashed-1")).isEqualTo(1);
                assertThat(engine.hasStarted(TenantId.DEFAULT.value(), "twice-1", PRESALE)).isTrue();
                assertThat(engine.hasStarted("another-tenant", "twice-1", PRESALE)).as("another tenant's").isFalse();
            }
        }
    }

    private CamundaScoringWorkflow open(Storage storage) {
        return CamundaScoringWorkflow.open(WorkflowSettings.h2File(dataDir, EVERYTHING).withJobExecutor(false),
                storage, n -> { });
    }

    private static EvaluationResult store(Storage storage, String dialogueId) {
        storage.tenant(TenantId.DEFAULT).dialogues().save(new Dialogue(dialogueId, "im", null,
                new Participant("a-17", "pre-sale"), new Participant("c-1", null), null,
                List.of(new Turn("customer", "这个能退吗"), new Turn("agent", "不知道，你自己去查")), null, null));
        EvaluationResult result = new EvaluationResult(dialogueId, PRESALE, List.of(),
                new Score("presale", 70, "C", List.of(), null), 3, Instant.parse("2026-11-11T02:00:00Z"));
        storage.tenant(TenantId.DEFAULT).results().save(result);
        return result;
    }

    private static void awaitEmptyOutbox(Storage storage) {
        Await.until("an empty workflow outbox", WAIT, () -> storage.tenant(TenantId.DEFAULT).workflowOutbox().count(),
                count -> count == 0);
    }

    private static long instances(CamundaScoringWorkflow engine, String dialogueId) {
        return engine.engine().getHistoryService().createHistoricProcessInstanceQuery()
                .processInstanceBusinessKey(dialogueId + "@" + PRESALE).count();
    }

    /** The real engine, whose first {@code failures} starts fail. */
    private static final class FailingStarts implements ScoringWorkflow {
        private final CamundaScoringWorkflow delegate;
        private final int failures;
        final AtomicInteger attempts = new AtomicInteger();

        FailingStarts(CamundaScoringWorkflow delegate, int failures) {
            this.delegate = delegate;
            this.failures = failures;
        }

        @Override
        public String start(String tenant, EvaluationResult result) {
            if (attempts.incrementAndGet() <= failures) {
                throw new IllegalStateException("Connection is invalid");
            }
            return delegate.start(tenant, result);
        }

        @Override
        public boolean hasStarted(String tenant, String dialogueId, RuleSetRef ruleset) {
            return delegate.hasStarted(tenant, dialogueId, ruleset);
        }

        @Override
        public String startCalibration(String tenant, String dialogueId, RuleSetRef ruleset, List<String> reviewers) {
            return delegate.startCalibration(tenant, dialogueId, ruleset, reviewers);
        }

        @Override
        public List<WorkflowTask> inbox(Actor actor) {
            return delegate.inbox(actor);
        }

        @Override
        public WorkflowTask task(String taskId, Actor actor) {
            return delegate.task(taskId, actor);
        }

        @Override
        public WorkflowTask claim(String taskId, Actor actor) {
            return delegate.claim(taskId, actor);
        }

        @Override
        public void complete(String taskId, Actor actor, TaskOutcome outcome) {
            delegate.complete(taskId, actor, outcome);
        }

        @Override
        public WorkflowDeployment deploy(String tenant, String fileName, byte[] bpmn) {
            return delegate.deploy(tenant, fileName, bpmn);
        }

        @Override
        public Optional<byte[]> processModel(String tenant, String processKey) {
            return delegate.processModel(tenant, processKey);
        }

        @Override
        public boolean isRunning(String instanceId) {
            return delegate.isRunning(instanceId);
        }

        @Override
        public void close() {
            delegate.close();
        }
    }
}
