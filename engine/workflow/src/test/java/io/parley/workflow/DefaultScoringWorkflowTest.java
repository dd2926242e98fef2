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
import io.parley.engine.spi.workflow.WorkflowException;
import io.parley.engine.spi.workflow.WorkflowTask;
import io.parley.workflow.impl.CamundaScoringWorkflow;
import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

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

/** Every path of the shipped scoring workflow, on a real engine (in-memory H2) and the embedded MongoDB. */
class DefaultScoringWorkflowTest {
    private static final Instant NOW = Instant.parse("2026-11-12T09:00:00Z");
    private static final Actor REVIEWER = new Actor("li.qa", List.of("qa"));
    private static final Actor SENIOR = new Actor("wang.senior", List.of("qa", "qa-senior"));
    private static final Actor AGENT = new Actor("a-17", List.of());

    @TempDir
    static Path dataDir;
    static Storage storage;
    static CamundaScoringWorkflow workflow;
    static final List<WorkflowNotification> notifications = new CopyOnWriteArrayList<>();

    /** Every veto, every score below 60, hits within 0.1 of 0.5; no random draws. */
    @BeforeAll
    static void start() {
        storage = MongoStorage.embedded(dataDir);
        workflow = CamundaScoringWorkflow.open(
                WorkflowSettings.inMemory(new SamplingPolicy(true, 60.0, 0.5, 0.1, 0, 1L)), storage, notifications::add);
    }

    @AfterAll
    static void stop() {
        workflow.close();
        storage.close();
    }

    @BeforeEach
    void freezeClock() {
        ClockUtil.setCurrentTime(Date.from(NOW));
        notifications.clear();
    }

    @AfterEach
    void resetClock() {
        ClockUtil.reset();
    }

    @Test
    void aGoodScoreIsNotSampledAndBecomesFinalAtOnce() {
        EvaluationResult result = store(storage, "ns-1", "a-17", 95, null, hit("no_closing", 1.0));

        String instance = workflow.start(null, result);

        assertThat(workflow.isRunning(instance)).isFalse();
        assertThat(storage.tenant(TenantId.DEFAULT).verdicts().forDialogue("ns-1")).singleElement().satisfies(verdict -> {
            assertThat(verdict.kind()).isEqualTo(Kind.FINAL);
            assertThat(verdict.score()).isEqualTo(95.0);
            assertThat(verdict.reason()).isEqualTo("not-sampled");
            assertThat(verdict.actor()).isEqualTo("workflow");
            assertThat(verdict.agentId()).isEqualTo("a-17");
            assertThat(verdict.decidedAt()).isEqualTo(NOW);
        });
        assertThat(inboxOf(REVIEWER, "ns-1")).isEmpty();
    }

    @Test
    void sampledReviewedAndAcceptedByTheAgent() {
        EvaluationResult result = store(storage, "acc-1", "a-17", 50, null, hit("forbidden_phrase", 1.0),
                hit("no_greeting", 1.0));
        String instance = workflow.start(null, result);

        WorkflowTask review = single(inboxOf(REVIEWER, "acc-1"));
        assertThat(review.kind()).isEqualTo("review");
        assertThat(review.candidateGroups()).containsExactly("qa");
        assertThat(review.assignee()).isNull();
        assertThat(review.score()).isEqualTo(50.0);
        assertThat(review.agentId()).isEqualTo("a-17");
        assertThat(inboxOf(AGENT, "acc-1")).isEmpty();

        assertThat(workflow.claim(review.id(), REVIEWER).assignee()).isEqualTo("li.qa");
        workflow.complete(review.id(), REVIEWER, new TaskOutcome.Review(List.of(
                new HitVerdict("forbidden_phrase", true), new HitVerdict("no_greeting", false)), 65.0, "问候其实有"));

        assertThat(notifications).singleElement().satisfies(notification -> {
            assertThat(notification.agentId()).isEqualTo("a-17");
            assertThat(notification.score()).isEqualTo(65.0);
            assertThat(notification.message()).isEqualTo("dialogue acc-1 scored 65.0; you may appeal within PT72H");
        });
        WorkflowTask appeal = single(inboxOf(AGENT, "acc-1"));
        assertThat(appeal.kind()).isEqualTo("appeal");
        assertThat(appeal.assignee()).isEqualTo("a-17");
        workflow.complete(appeal.id(), AGENT, new TaskOutcome.Accept());

        assertThat(workflow.isRunning(instance)).isFalse();
        List<Verdict> verdicts = storage.tenant(TenantId.DEFAULT).verdicts().forDialogue("acc-1");
        assertThat(verdicts).extracting(Verdict::kind, Verdict::actor, Verdict::score, Verdict::reason).containsExactly(
                org.assertj.core.groups.Tuple.tuple(Kind.REVIEW, "li.qa", 65.0, "问候其实有"),
                org.assertj.core.groups.Tuple.tuple(Kind.FINAL, "workflow", 65.0, "accepted"));
        assertThat(verdicts.get(0).hits()).containsExactly(new HitVerdict("forbidden_phrase", true),
                new HitVerdict("no_greeting", false));
    }

    @Test
    void appealedAndUpheldKeepsTheReviewersScore() {
        String instance = reviewAndAppeal("up-1", 40.0);

        WorkflowTask arbitration = single(inboxOf(SENIOR, "up-1"));
        assertThat(arbitration.kind()).isEqualTo("arbitration");
        assertThat(arbitration.candidateGroups()).containsExactly("qa-senior");
        assertThat(inboxOf(REVIEWER, "up-1")).isEmpty();
        assertThatThrownBy(() -> workflow.complete(arbitration.id(), REVIEWER,
                new TaskOutcome.Arbitration(true, null, "维持")))
                .isInstanceOfSatisfying(WorkflowException.class, e -> {
                    assertThat(e.reason()).isEqualTo(WorkflowException.Reason.NOT_ALLOWED);
                    assertThat(e.getMessage()).isEqualTo("task " + arbitration.id() + " is not for li.qa: it is for the group qa-senior");
                });

        workflow.complete(arbitration.id(), SENIOR, new TaskOutcome.Arbitration(true, null, "录音确认有禁语"));

        assertThat(workflow.isRunning(instance)).isFalse();
        assertThat(storage.tenant(TenantId.DEFAULT).verdicts().forDialogue("up-1")).extracting(Verdict::kind, Verdict::actor, Verdict::score,
                        Verdict::upheld, Verdict::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(Kind.REVIEW, "li.qa", null, null, null),
                        org.assertj.core.groups.Tuple.tuple(Kind.APPEAL, "a-17", null, null, "客户先骂人的"),
                        org.assertj.core.groups.Tuple.tuple(Kind.ARBITRATION, "wang.senior", 40.0, true, "录音确认有禁语"),
                        org.assertj.core.groups.Tuple.tuple(Kind.FINAL, "workflow", 40.0, null, "upheld"));
    }

    @Test
    void appealedAndOverturnedTakesTheArbitersScore() {
        String instance = reviewAndAppeal("over-1", 40.0);
        WorkflowTask arbitration = single(inboxOf(SENIOR, "over-1"));

        assertThatThrownBy(() -> workflow.complete(arbitration.id(), SENIOR, new TaskOutcome.Arbitration(false, null, "申诉成立")))
                .isInstanceOf(WorkflowException.class).hasMessage("overturning an appeal needs the new score (field score)");
        workflow.complete(arbitration.id(), SENIOR, new TaskOutcome.Arbitration(false, 85.0, "申诉成立"));

        assertThat(workflow.isRunning(instance)).isFalse();
        Verdict last = storage.tenant(TenantId.DEFAULT).verdicts().forDialogue("over-1").getLast();
        assertThat(last.kind()).isEqualTo(Kind.FINAL);
        assertThat(last.score()).isEqualTo(85.0);
        assertThat(last.reason()).isEqualTo("overturned");
    }

    @Test
    void theAppealWindowExpiresAfterItsDurationOnTheEnginesClock() {
        String instance = reviewAndAppealTask("exp-1");
        ManagementService management = workflow.engine().getManagementService();
        Job timer = management.createJobQuery().processInstanceId(instance).timers().singleResult();
        assertThat(timer.getDuedate().toInstant()).isEqualTo(NOW.plus(Duration.ofDays(3)));

        ClockUtil.setCurrentTime(Date.from(NOW.plus(Duration.ofDays(3)).minusSeconds(1)));
        assertThat(management.createJobQuery().processInstanceId(instance).executable().count()).isZero();

        ClockUtil.setCurrentTime(Date.from(NOW.plus(Duration.ofDays(3))));
        Job due = management.createJobQuery().processInstanceId(instance).executable().singleResult();
        management.executeJob(due.getId());

        assertThat(workflow.isRunning(instance)).isFalse();
        assertThat(inboxOf(AGENT, "exp-1")).isEmpty();
        Verdict last = storage.tenant(TenantId.DEFAULT).verdicts().forDialogue("exp-1").getLast();
        assertThat(last.kind()).isEqualTo(Kind.FINAL);
        assertThat(last.score()).isEqualTo(30.0);
        assertThat(last.reason()).isEqualTo("expired");
        assertThat(last.decidedAt()).isEqualTo(NOW.plus(Duration.ofDays(3)));
    }

    @Test
    void aReviewMustJudgeEveryHitAndGiveAReasonForAnAdjustedScore() {
        store(storage, "bad-1", "a-17", 20, "abusive_language", hit("abusive_language", 1.0), hit("no_closing", 1.0));
        workflow.start(null, storage.tenant(TenantId.DEFAULT).results().find("bad-1", ScoredDialogues.PRESALE).orElseThrow());
        WorkflowTask review = single(inboxOf(REVIEWER, "bad-1"));

        assertThatThrownBy(() -> workflow.complete(review.id(), REVIEWER, new TaskOutcome.Review(
                List.of(new HitVerdict("abusive_language", true)), null, null)))
                .hasMessage("task " + review.id() + ": confirm or reject every hit; not judged: [no_closing]");
        assertThatThrownBy(() -> workflow.complete(review.id(), REVIEWER, new TaskOutcome.Review(
                List.of(new HitVerdict("abusive_language", true), new HitVerdict("no_closing", true),
                        new HitVerdict("made_up", true)), null, null)))
                .hasMessage("rule made_up did not hit dialogue bad-1; its hits are [abusive_language, no_closing]");
        assertThatThrownBy(() -> workflow.complete(review.id(), REVIEWER, new TaskOutcome.Review(
                List.of(new HitVerdict("abusive_language", true), new HitVerdict("no_closing", true)), 60.0, " ")))
                .hasMessage("an adjusted score needs a reason (field reason)");
        assertThatThrownBy(() -> workflow.complete(review.id(), REVIEWER, new TaskOutcome.Appeal("不服")))
                .isInstanceOfSatisfying(WorkflowException.class, e -> assertThat(e.reason())
                        .isEqualTo(WorkflowException.Reason.INVALID))
                .hasMessageContaining("is a review task; it takes a review");
        assertThat(storage.tenant(TenantId.DEFAULT).verdicts().forDialogue("bad-1")).isEmpty();
        assertThat(single(inboxOf(REVIEWER, "bad-1")).id()).isEqualTo(review.id());
    }

    @Test
    void aTaskClaimedByOneReviewerCannotBeTakenByAnother() {
        store(storage, "claim-1", "a-17", 10, null);
        workflow.start(null, storage.tenant(TenantId.DEFAULT).results().find("claim-1", ScoredDialogues.PRESALE).orElseThrow());
        WorkflowTask review = single(inboxOf(REVIEWER, "claim-1"));
        Actor other = new Actor("zhao.qa", List.of("qa"));

        workflow.claim(review.id(), REVIEWER);

        assertThat(inboxOf(other, "claim-1")).isEmpty();
        assertThatThrownBy(() -> workflow.claim(review.id(), other)).isInstanceOfSatisfying(WorkflowException.class,
                e -> assertThat(e.reason()).isEqualTo(WorkflowException.Reason.CONFLICT)).hasMessageContaining("li.qa");
        assertThatThrownBy(() -> workflow.complete(review.id(), other, new TaskOutcome.Review(List.of(), null, null)))
                .isInstanceOfSatisfying(WorkflowException.class, e -> assertThat(e.reason())
                        .isEqualTo(WorkflowException.Reason.CONFLICT));
        assertThatThrownBy(() -> workflow.task("no-such-task", REVIEWER)).isInstanceOfSatisfying(WorkflowException.class,
                e -> assertThat(e.reason()).isEqualTo(WorkflowException.Reason.NOT_FOUND));
    }

    @Test
    void calibrationAssignsTheDialogueBlindToEachReviewerAndFeedsAgreement() {
        store(storage, "cal-1", "a-17", 88, null, hit("forbidden_phrase", 1.0), hit("no_greeting", 1.0));
        Actor zhao = new Actor("zhao.qa", List.of("qa"));
        Actor sun = new Actor("sun.qa", List.of("qa"));
        assertThatThrownBy(() -> workflow.startCalibration(null, "cal-1", ScoredDialogues.PRESALE, List.of("li.qa", "li.qa")))
                .hasMessage("calibration needs at least 2 distinct reviewers, got [li.qa, li.qa]");

        String instance = workflow.startCalibration(null, "cal-1", ScoredDialogues.PRESALE,
                List.of("li.qa", "zhao.qa", "sun.qa"));

        WorkflowTask mine = single(inboxOf(REVIEWER, "cal-1"));
        WorkflowTask zhaos = single(inboxOf(zhao, "cal-1"));
        assertThat(mine.kind()).isEqualTo("calibration");
        assertThat(mine.assignee()).isEqualTo("li.qa");
        assertThat(zhaos.id()).isNotEqualTo(mine.id());
        assertThatThrownBy(() -> workflow.task(zhaos.id(), REVIEWER)).isInstanceOfSatisfying(WorkflowException.class,
                e -> assertThat(e.reason()).isEqualTo(WorkflowException.Reason.NOT_ALLOWED));

        workflow.complete(mine.id(), REVIEWER, new TaskOutcome.Review(List.of(new HitVerdict("forbidden_phrase", true),
                new HitVerdict("no_greeting", true)), null, null));
        workflow.complete(zhaos.id(), zhao, new TaskOutcome.Review(List.of(new HitVerdict("forbidden_phrase", true),
                new HitVerdict("no_greeting", false)), null, null));
        assertThat(workflow.isRunning(instance)).isTrue();
        workflow.complete(single(inboxOf(sun, "cal-1")).id(), sun, new TaskOutcome.Review(List.of(
                new HitVerdict("forbidden_phrase", true), new HitVerdict("no_greeting", false)), null, null));

        assertThat(workflow.isRunning(instance)).isFalse();
        var report = new VerdictAnalytics(storage.tenant(TenantId.DEFAULT).verdicts()).calibration(NOW, NOW.plusSeconds(1));
        assertThat(report.rules()).extracting(VerdictAnalytics.RuleAgreement::rule, VerdictAnalytics.RuleAgreement::pairwise)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("forbidden_phrase", 1.0),
                        org.assertj.core.groups.Tuple.tuple("no_greeting", 1.0 / 3));
        assertThat(report.reviewers()).extracting(VerdictAnalytics.ReviewerAgreement::reviewer,
                VerdictAnalytics.ReviewerAgreement::agreement).containsExactly(
                org.assertj.core.groups.Tuple.tuple("li.qa", 0.5), org.assertj.core.groups.Tuple.tuple("sun.qa", 0.75),
                org.assertj.core.groups.Tuple.tuple("zhao.qa", 0.75));
    }

    /** Stores a result sampled by its score (30), reviews it confirming the hit, and leaves the agent's appeal task open. */
    private String reviewAndAppealTask(String dialogueId) {
        EvaluationResult result = store(storage, dialogueId, "a-17", 30, null, hit("forbidden_phrase", 1.0));
        String instance = workflow.start(null, result);
        WorkflowTask review = single(inboxOf(REVIEWER, dialogueId));
        workflow.complete(review.id(), REVIEWER, new TaskOutcome.Review(
                List.of(new HitVerdict("forbidden_phrase", true)), null, null));
        return instance;
    }

    private String reviewAndAppeal(String dialogueId, double score) {
        EvaluationResult result = store(storage, dialogueId, "a-17", score, null, hit("forbidden_phrase", 1.0));
        String instance = workflow.start(null, result);
        WorkflowTask review = single(inboxOf(REVIEWER, dialogueId));
        workflow.complete(review.id(), REVIEWER, new TaskOutcome.Review(
                List.of(new HitVerdict("forbidden_phrase", true)), null, null));
        WorkflowTask appeal = single(inboxOf(AGENT, dialogueId));
        assertThatThrownBy(() -> workflow.complete(appeal.id(), AGENT, new TaskOutcome.Appeal("")))
                .hasMessage("an appeal needs a reason (field reason)");
        workflow.complete(appeal.id(), AGENT, new TaskOutcome.Appeal("客户先骂人的"));
        return instance;
    }

    private static List<WorkflowTask> inboxOf(Actor actor, String dialogueId) {
        return workflow.inbox(actor).stream().filter(task -> dialogueId.equals(task.dialogueId())).toList();
    }

    private static WorkflowTask single(List<WorkflowTask> tasks) {
        assertThat(tasks).hasSize(1);
        return tasks.getFirst();
    }
}
