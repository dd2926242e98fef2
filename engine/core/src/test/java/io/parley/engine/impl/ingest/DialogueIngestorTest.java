package io.parley.engine.impl.ingest;

import io.parley.engine.api.TenantId;
import io.parley.engine.api.Dialogue;
import io.parley.engine.api.DialogueEvaluator;
import io.parley.engine.api.EvaluationException;
import io.parley.engine.api.EvaluationResult;
import io.parley.engine.api.RuleSetRef;
import io.parley.engine.api.Turn;
import io.parley.engine.impl.ingest.DialogueIngestor.Status;
import io.parley.engine.testing.ScriptedEvaluator;
import io.parley.storage.mongo.StorageFactory;
import io.parley.engine.spi.storage.DialogueStore.SaveOutcome;
import io.parley.engine.spi.storage.Storage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class DialogueIngestorTest {
    private static final RuleSetRef V1 = new RuleSetRef("ecommerce-presale", 1);
    private static final RuleSetRef V2 = new RuleSetRef("ecommerce-presale", 2);
    private static final Duration WAIT = Duration.ofSeconds(20);

    @TempDir
    Path dataDir;

    private Storage storage;
    private final ScriptedEvaluator evaluator = new ScriptedEvaluator(V1);
    private final AtomicReference<DialogueEvaluator> current = new AtomicReference<>(evaluator);
    private DialogueIngestor ingestor;

    @BeforeEach
    void start() {
        storage = StorageFactory.open(dataDir, null);
        ingestor = new DialogueIngestor(storage.tenant(TenantId.DEFAULT), current::get, 2);
    }

    @AfterEach
    void stop() {
        evaluator.release();
        ingestor.close();
        storage.close();
    }

    @Test
    void persistsFirstThenEvaluatesInTheBackground() throws InterruptedException {
        DialogueIngestor.Receipt receipt = ingestor.accept(dialogue("d-1", "block", 2));

        assertThat(receipt).isEqualTo(new DialogueIngestor.Receipt("d-1", SaveOutcome.CREATED));
        assertThat(storage.tenant(TenantId.DEFAULT).dialogues().find("d-1")).isPresent();
        evaluator.awaitBlocked();
        assertThat(ingestor.status("d-1")).isEqualTo(new Status.Pending());

        evaluator.release();

        assertThat(ingestor.awaitIdle(WAIT)).isTrue();
        assertThat(ingestor.status("d-1")).isEqualTo(new Status.Evaluated());
        assertThat(storage.tenant(TenantId.DEFAULT).results().find("d-1", V1)).hasValueSatisfying(r -> assertThat(r.score().value()).isEqualTo(2));
    }

    @Test
    void aDialogueNamingItsRuleSetIsEvaluatedByThatOneNotTheOneInForce() throws InterruptedException {
        ScriptedEvaluator other = new ScriptedEvaluator(new RuleSetRef("aftersale", 4));

        ingestor.accept(dialogue("d-1", null, 3), other);
        assertThat(ingestor.awaitIdle(WAIT)).isTrue();
        ingestor.accept(dialogue("d-1", null, 3), other);
        assertThat(ingestor.awaitIdle(WAIT)).isTrue();

        assertThat(storage.tenant(TenantId.DEFAULT).results().forDialogue("d-1")).extracting(EvaluationResult::ruleset)
                .containsExactly(new RuleSetRef("aftersale", 4));
        assertThat(other.evaluations("d-1")).as("unchanged and already evaluated by that rule set").isEqualTo(1);
        assertThat(evaluator.evaluations("d-1")).isZero();
    }

    @Test
    void passesEachStoredResultOnAndAFailingListenerLosesNothing() {
        List<EvaluationResult> passedOn = new CopyOnWriteArrayList<>();
        try (DialogueIngestor listening = new DialogueIngestor(storage.tenant(TenantId.DEFAULT), current::get, 1, result -> {
            passedOn.add(result);
            throw new IllegalStateException("sink down");
        })) {
            EvaluationResult result = listening.evaluateAndStore(dialogue("d-9", null, 3));

            assertThat(passedOn).containsExactly(result);
            assertThat(storage.tenant(TenantId.DEFAULT).results().find("d-9", V1)).contains(result);
            assertThat(listening.status("d-9")).isEqualTo(new Status.Evaluated());
        }
    }

    @Test
    void anUnchangedDialogueWithAResultIsNotEvaluatedAgain() throws InterruptedException {
        ingestor.accept(dialogue("d-1", null, 2));
        ingestor.awaitIdle(WAIT);

        DialogueIngestor.Receipt again = ingestor.accept(dialogue("d-1", null, 2));
        ingestor.awaitIdle(WAIT);

        assertThat(again.stored()).isEqualTo(SaveOutcome.UNCHANGED);
        assertThat(evaluator.evaluations("d-1")).isEqualTo(1);
        assertThat(storage.tenant(TenantId.DEFAULT).results().count(V1)).isEqualTo(1);
    }

    @Test
    void anUnchangedDialogueIsEvaluatedUnderANewRuleSetVersion() throws InterruptedException {
        ingestor.accept(dialogue("d-1", null, 2));
        ingestor.awaitIdle(WAIT);
        current.set(new ScriptedEvaluator(V2));

        ingestor.accept(dialogue("d-1", null, 2));
        ingestor.awaitIdle(WAIT);

        assertThat(storage.tenant(TenantId.DEFAULT).results().forDialogue("d-1")).extracting(EvaluationResult::ruleset).containsExactly(V2, V1);
    }

    @Test
    void changedContentIsEvaluatedAgainAndReplacesTheResult() throws InterruptedException {
        ingestor.accept(dialogue("d-1", null, 2));
        ingestor.awaitIdle(WAIT);

        DialogueIngestor.Receipt receipt = ingestor.accept(dialogue("d-1", null, 5));
        ingestor.awaitIdle(WAIT);

        assertThat(receipt.stored()).isEqualTo(SaveOutcome.UPDATED);
        assertThat(evaluator.evaluations("d-1")).isEqualTo(2);
        assertThat(storage.tenant(TenantId.DEFAULT).results().count(V1)).isEqualTo(1);
        assertThat(storage.tenant(TenantId.DEFAULT).results().latest("d-1").orElseThrow().score().value()).isEqualTo(5);
    }

    @Test
    void resendsWhileQueuedAreCoalescedAndTheNewestContentWins() throws InterruptedException {
        ingestor.accept(dialogue("d-1", "block", 1));
        evaluator.awaitBlocked();
        ingestor.accept(dialogue("d-1", null, 3));
        ingestor.accept(dialogue("d-1", null, 4));

        evaluator.release();
        ingestor.awaitIdle(WAIT);

        assertThat(evaluator.evaluations("d-1")).isEqualTo(2);
        assertThat(storage.tenant(TenantId.DEFAULT).results().count(V1)).isEqualTo(1);
        assertThat(storage.tenant(TenantId.DEFAULT).results().latest("d-1").orElseThrow().score().value()).isEqualTo(4);
    }

    @Test
    void failuresAreRecordedWithTheirReasonAndWorkersCarryOn() throws InterruptedException {
        try (DialogueIngestor oneWorker = new DialogueIngestor(storage.tenant(TenantId.DEFAULT), current::get, 1)) {
            oneWorker.accept(dialogue("bad", "fail", 1));
            oneWorker.accept(dialogue("buggy", "crash", 1));
            oneWorker.accept(dialogue("jit", "linkage", 1));
            oneWorker.accept(dialogue("good", null, 1));
            oneWorker.awaitIdle(WAIT);

            assertThat(oneWorker.status("bad"))
                    .isEqualTo(new Status.Failed("rule 'slow_first_reply' needs turn times; turn 0 has none"));
            assertThat(oneWorker.status("buggy"))
                    .isEqualTo(new Status.Failed("evaluation failed: IllegalStateException: bug in an operator"));
            assertThat(oneWorker.status("jit")).isEqualTo(new Status.Failed("evaluation failed: NoSuchMethodError: "
                    + "'boolean java.lang.String.startsWith(java.lang.Object)'"));
            assertThat(oneWorker.status("good")).isEqualTo(new Status.Evaluated());
            assertThat(storage.tenant(TenantId.DEFAULT).dialogues().find("bad")).isPresent();
        }
    }

    @Test
    void aFailedDialogueIsRetriedWhenSentAgainAndClearedOnceItSucceeds() throws InterruptedException {
        ingestor.accept(dialogue("d-1", "fail", 1));
        ingestor.awaitIdle(WAIT);

        assertThat(ingestor.accept(dialogue("d-1", "fail", 1)).stored()).isEqualTo(SaveOutcome.UNCHANGED);
        ingestor.awaitIdle(WAIT);
        assertThat(evaluator.evaluations("d-1")).isEqualTo(2);
        assertThat(ingestor.status("d-1")).isInstanceOf(Status.Failed.class);

        ingestor.accept(dialogue("d-1", null, 1));
        ingestor.awaitIdle(WAIT);
        assertThat(ingestor.status("d-1")).isEqualTo(new Status.Evaluated());
    }

    @Test
    void statusOfAnUnknownDialogue() {
        assertThat(ingestor.status("nope")).isEqualTo(new Status.Unknown());
    }

    @Test
    void aStoredDialogueWhoseEvaluationWasLostIsRequeued() throws InterruptedException {
        storage.tenant(TenantId.DEFAULT).dialogues().save(dialogue("d-1", null, 3)); // as if the process stopped before evaluating

        assertThat(ingestor.status("d-1")).isEqualTo(new Status.Pending());
        ingestor.awaitIdle(WAIT);

        assertThat(ingestor.status("d-1")).isEqualTo(new Status.Evaluated());
        assertThat(storage.tenant(TenantId.DEFAULT).results().find("d-1", V1)).isPresent();
    }

    @Test
    void recoverEvaluatesEveryStoredDialogueWithoutAResultUnderTheRuleSetInForce() throws InterruptedException {
        ingestor.evaluateAndStore(dialogue("done", null, 1));
        current.set(new ScriptedEvaluator(V2));
        ingestor.evaluateAndStore(dialogue("done-v2", null, 1));
        current.set(evaluator);
        // As if the process was killed after acknowledging these and before evaluating them.
        storage.tenant(TenantId.DEFAULT).dialogues().save(dialogue("lost-1", null, 3));
        storage.tenant(TenantId.DEFAULT).dialogues().save(dialogue("lost-2", null, 4));

        // "done-v2" has a result, but under V2, not under V1 in force.
        assertThat(ingestor.recover()).isEqualTo(3);
        assertThat(ingestor.awaitIdle(WAIT)).isTrue();

        var results = storage.tenant(TenantId.DEFAULT).results();
        assertThat(results.find("lost-1", V1)).hasValueSatisfying(r -> assertThat(r.score().value()).isEqualTo(3));
        assertThat(results.find("lost-2", V1)).hasValueSatisfying(r -> assertThat(r.score().value()).isEqualTo(4));
        assertThat(results.find("done-v2", V1)).isPresent();
        assertThat(ingestor.recover()).as("nothing left to recover").isZero();
    }

    @Test
    void recoverWithNoRuleSetInForceDoesNothing() {
        storage.tenant(TenantId.DEFAULT).dialogues().save(dialogue("lost-1", null, 3));
        current.set(null);

        assertThat(ingestor.recover()).isZero();
    }

    @Test
    void evaluateAndStoreRunsInTheCallersThread() {
        EvaluationResult result = ingestor.evaluateAndStore(dialogue("d-1", null, 3));

        assertThat(result.score().value()).isEqualTo(3);
        assertThat(storage.tenant(TenantId.DEFAULT).dialogues().find("d-1")).isPresent();
        assertThat(storage.tenant(TenantId.DEFAULT).results().find("d-1", V1)).contains(result);
        assertThat(ingestor.status("d-1")).isEqualTo(new Status.Evaluated());
    }

    @Test
    void evaluateAndStoreReportsAnyFailureAsAnEvaluationException() {
        assertThatThrownBy(() -> ingestor.evaluateAndStore(dialogue("d-1", "crash", 1)))
                .isInstanceOf(EvaluationException.class)
                .hasMessage("evaluation failed: IllegalStateException: bug in an operator");
        assertThatThrownBy(() -> ingestor.evaluateAndStore(dialogue("d-2", "fail", 1)))
                .isInstanceOf(EvaluationException.class).hasMessageContaining("needs turn times");

        assertThat(ingestor.status("d-1")).isInstanceOf(Status.Failed.class);
        assertThat(storage.tenant(TenantId.DEFAULT).dialogues().count()).isEqualTo(2);
    }

    @Test
    void evaluateAndStoreAllFailsOnlyTheFailingDialogueAndPassesOnEachStoredResult() {
        List<EvaluationResult> passedOn = new CopyOnWriteArrayList<>();
        try (DialogueIngestor listening = new DialogueIngestor(storage.tenant(TenantId.DEFAULT), current::get, 1, passedOn::add)) {
            List<DialogueIngestor.Evaluation> evaluations = listening.evaluateAndStoreAll(
                    List.of(dialogue("d-1", null, 1), dialogue("d-2", "crash", 1), dialogue("d-3", null, 3)));

            assertThat(evaluations).extracting(evaluation -> evaluation.dialogue().id()).containsExactly("d-1", "d-2", "d-3");
            assertThat(evaluations.get(1).result()).isNull();
            assertThat(evaluations.get(1).failure()).hasMessage("evaluation failed: IllegalStateException: bug in an operator");
            assertThat(evaluations.get(2).failure()).isNull();
            assertThat(evaluations.get(2).result().score().value()).isEqualTo(3);
            assertThat(passedOn).containsExactly(evaluations.get(0).result(), evaluations.get(2).result());
            assertThat(storage.tenant(TenantId.DEFAULT).dialogues().count()).isEqualTo(3);
            assertThat(storage.tenant(TenantId.DEFAULT).results().count(V1)).isEqualTo(2);
            assertThat(storage.tenant(TenantId.DEFAULT).results().find("d-3", V1)).contains(evaluations.get(2).result());
            assertThat(listening.status("d-1")).isEqualTo(new Status.Evaluated());
            assertThat(listening.status("d-2")).isEqualTo(new Status.Failed("evaluation failed: IllegalStateException: bug in an operator"));
        }
    }

    @Test
    void evaluateAndStoreAllAgainReplacesTheResults() {
        ingestor.evaluateAndStoreAll(List.of(dialogue("d-1", null, 1), dialogue("d-2", null, 1)));

        ingestor.evaluateAndStoreAll(List.of(dialogue("d-1", null, 4), dialogue("d-2", null, 1)));

        assertThat(storage.tenant(TenantId.DEFAULT).results().count(V1)).isEqualTo(2);
        assertThat(storage.tenant(TenantId.DEFAULT).results().find("d-1", V1)).hasValueSatisfying(r -> assertThat(r.score().value()).isEqualTo(4));
        assertThat(evaluator.evaluations("d-2")).isEqualTo(2);
    }

    @Test
    void anUploadIsStoredWholeAndEachOfItsIdsEvaluatedOnceWithItsLastContent() throws InterruptedException {
        ingestor.accept(dialogue("known", null, 2));
        ingestor.awaitIdle(WAIT);

        List<DialogueIngestor.Receipt> receipts = ingestor.acceptAll(List.of(dialogue("d-1", null, 1), dialogue("d-2", null, 1),
                dialogue("known", null, 2), dialogue("d-2", null, 3), dialogue("d-3", "fail", 1), dialogue("d-4", null, 4)));
        assertThat(ingestor.awaitIdle(WAIT)).isTrue();

        assertThat(receipts).extracting(DialogueIngestor.Receipt::stored).containsExactly(SaveOutcome.CREATED,
                SaveOutcome.CREATED, SaveOutcome.UNCHANGED, SaveOutcome.UPDATED, SaveOutcome.CREATED, SaveOutcome.CREATED);
        assertThat(evaluator.evaluations("d-2")).as("coalesced before it ran").isEqualTo(1);
        assertThat(storage.tenant(TenantId.DEFAULT).results().latest("d-2").orElseThrow().score().value()).isEqualTo(3);
        assertThat(evaluator.evaluations("known")).as("unchanged and evaluated already").isEqualTo(1);
        assertThat(ingestor.status("d-3")).isInstanceOf(Status.Failed.class);
        for (String id : List.of("d-1", "d-2", "d-4", "known")) {
            assertThat(ingestor.status(id)).as(id).isEqualTo(new Status.Evaluated());
        }
        assertThat(storage.tenant(TenantId.DEFAULT).results().count(V1)).isEqualTo(4);
    }

    @Test
    void aFullQueueMakesTheCallerEvaluate() throws InterruptedException {
        try (DialogueIngestor oneWorker = new DialogueIngestor(storage.tenant(TenantId.DEFAULT), current::get, 1)) {
            oneWorker.accept(dialogue("blocker", "block", 1));
            evaluator.awaitBlocked();

            // The worker is stuck, so once its queue is full an accept returns only after evaluating.
            int first = IntStream.range(0, 1_000)
                    .filter(i -> {
                        oneWorker.accept(dialogue("d-" + i, null, 1));
                        return evaluator.evaluations("d-" + i) == 1;
                    })
                    .findFirst().orElseThrow();

            assertThat(first).isPositive();
            assertThat(oneWorker.status("d-0")).isEqualTo(new Status.Pending());
            evaluator.release();
            assertThat(oneWorker.awaitIdle(WAIT)).isTrue();
        }
    }

    @Test
    void aClosedIngestorStillPersistsButRefusesToSchedule() {
        ingestor.close();

        assertThatThrownBy(() -> ingestor.accept(dialogue("d-1", null, 1)))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        assertThat(storage.tenant(TenantId.DEFAULT).dialogues().find("d-1")).isPresent();
    }

    static Dialogue dialogue(String id, String script, int turns) {
        Map<String, Object> attributes = script == null ? Map.of() : Map.of("test", script);
        return new Dialogue(id, "im", null, null, null, null,
                Collections.nCopies(turns, new Turn("customer", "在吗")), null, attributes);
    }
}
