package io.parley.engine.spi.storage;

import io.parley.engine.api.TenantId;

/**
 * One tenant's dialogues, results, rule sets, models, verdicts, dead letters and audit log: the only
 * way to reach them is {@link Storage#tenant}, so no query can leave out the tenant. Ids (of
 * dialogues, rule sets, jobs, models) are the tenant's own: two tenants may both have a rule set
 * {@code ecommerce-presale}.
 */
public interface TenantStorage {
    TenantId tenant();

    DialogueStore dialogues();

    ResultStore results();

    /** Lists, counts and aggregates {@link #results()} with their dialogues and verdicts. */
    SearchStore search();

    RuleSetStore rulesets();

    /**
     * Results of shadow runs (a draft rule-set version evaluated beside the published one on live
     * traffic), kept apart from {@link #results()} so that they never count as a dialogue's verdict.
     */
    ResultStore shadowResults();

    DeadLetterStore deadLetters();

    /** The signals of model-backed operators, stored with the results, reused by backtests. */
    AnnotationStore annotations();

    /** Backtest jobs: their state, progress and report. */
    JobStore backtestJobs();

    /** Shadow runs: which draft shadows which rule set, and their counts. */
    JobStore shadowRuns();

    /** Reviews, appeals, arbitrations, calibrations and final scores of scoring workflows. */
    VerdictStore verdicts();

    /** The models rule sets have used, by id and immutable version. */
    ModelRegistry models();

    /** Scoring workflows to start for stored results, until their instances exist. */
    WorkflowOutbox workflowOutbox();

    /** Who did what: sign-ins, keys, publishes, deployments, verdicts, template installs. */
    AuditLog audit();
}
