package io.parley.storage.mongo;

import com.mongodb.client.MongoDatabase;
import io.parley.engine.api.TenantId;
import io.parley.engine.spi.storage.AnnotationStore;
import io.parley.engine.spi.storage.AuditLog;
import io.parley.engine.spi.storage.DeadLetterStore;
import io.parley.engine.spi.storage.WorkflowOutbox;
import io.parley.engine.spi.storage.DialogueStore;
import io.parley.engine.spi.storage.JobStore;
import io.parley.engine.spi.storage.ModelRegistry;
import io.parley.engine.spi.storage.ResultStore;
import io.parley.engine.spi.storage.RuleSetStore;
import io.parley.engine.spi.storage.SearchStore;
import io.parley.engine.spi.storage.TenantStorage;
import io.parley.engine.spi.storage.VerdictStore;

/**
 * One tenant's collections, all in the tenant's own database: {@code dialogues}, {@code results},
 * {@code rulesets}, {@code shadow_results}, {@code dead_letters}, {@code workflow_outbox}, {@code verdicts}, {@code models},
 * {@code annotations}, {@code backtest_jobs}, {@code shadow_runs}, {@code audit} (see the store classes).
 */
final class MongoTenantStorage implements TenantStorage {
    private final TenantId tenant;
    private final MongoDialogueStore dialogues;
    private final MongoResultStore results;
    private final MongoRuleSetStore rulesets;
    private final MongoResultStore shadowResults;
    private final MongoDeadLetterStore deadLetters;
    private final MongoVerdictStore verdicts;
    private final MongoSearchStore search;
    private final MongoModelRegistry models;
    private final MongoAnnotationStore annotations;
    private final MongoJobStore backtestJobs;
    private final MongoJobStore shadowRuns;
    private final MongoAuditLog audit;
    private final MongoWorkflowOutbox workflowOutbox;

    /** @param soleWriter this process is the only one writing the database (see {@link MongoResultStore}) */
    MongoTenantStorage(TenantId tenant, MongoDatabase database, boolean soleWriter) {
        this.tenant = tenant;
        this.dialogues = new MongoDialogueStore(database.getCollection(MongoDialogueStore.COLLECTION));
        this.results = new MongoResultStore(database.getCollection(MongoResultStore.COLLECTION), soleWriter,
                database.getCollection(MongoDialogueStore.COLLECTION));
        this.rulesets = new MongoRuleSetStore(database.getCollection(MongoRuleSetStore.COLLECTION));
        this.shadowResults = new MongoResultStore(database.getCollection(MongoResultStore.SHADOW_COLLECTION), soleWriter, null);
        this.deadLetters = new MongoDeadLetterStore(database.getCollection(MongoDeadLetterStore.COLLECTION));
        this.verdicts = new MongoVerdictStore(database.getCollection(MongoVerdictStore.COLLECTION));
        this.search = new MongoSearchStore(database.getCollection(MongoResultStore.COLLECTION),
                database.getCollection(MongoDialogueStore.COLLECTION), database.getCollection(MongoVerdictStore.COLLECTION));
        this.models = new MongoModelRegistry(database.getCollection(MongoModelRegistry.COLLECTION));
        this.annotations = new MongoAnnotationStore(database.getCollection(MongoAnnotationStore.COLLECTION));
        this.backtestJobs = new MongoJobStore(database.getCollection(MongoJobStore.BACKTESTS));
        this.shadowRuns = new MongoJobStore(database.getCollection(MongoJobStore.SHADOWS));
        this.audit = new MongoAuditLog(database.getCollection(MongoAuditLog.COLLECTION));
        this.workflowOutbox = new MongoWorkflowOutbox(database.getCollection(MongoWorkflowOutbox.COLLECTION));
    }

    @Override
    public TenantId tenant() {
        return tenant;
    }

    @Override
    public DialogueStore dialogues() {
        return dialogues;
    }

    @Override
    public ResultStore results() {
        return results;
    }

    @Override
    public SearchStore search() {
        return search;
    }

    @Override
    public RuleSetStore rulesets() {
        return rulesets;
    }

    @Override
    public ResultStore shadowResults() {
        return shadowResults;
    }

    @Override
    public WorkflowOutbox workflowOutbox() {
        return workflowOutbox;
    }

    @Override
    public DeadLetterStore deadLetters() {
        return deadLetters;
    }

    @Override
    public AnnotationStore annotations() {
        return annotations;
    }

    @Override
    public JobStore backtestJobs() {
        return backtestJobs;
    }

    @Override
    public JobStore shadowRuns() {
        return shadowRuns;
    }

    @Override
    public VerdictStore verdicts() {
        return verdicts;
    }

    @Override
    public ModelRegistry models() {
        return models;
    }

    @Override
    public AuditLog audit() {
        return audit;
    }
}
