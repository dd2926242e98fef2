package io.parley.engine.api.security;

/**
 * What a route lets its caller do. Every route names one (or is public); {@link Role} says which
 * roles hold each, so the whole access policy is the table in that one enum (docs/security.md
 * prints it).
 */
public enum Permission {
    /** Submit dialogues (one, NDJSON batches, raw records) for evaluation. */
    DIALOGUES_SUBMIT("submit dialogues"),
    /** Read dialogues and their results, list and search them, aggregate them. */
    DIALOGUES_READ("read dialogues and results"),
    /** Read rule sets: versions, sources, diffs, backtests, shadow comparisons. */
    RULESETS_READ("read rule sets"),
    /** Push drafts, try them, run backtests and shadow runs. */
    RULESETS_EDIT("edit rule sets"),
    /** Publish (or roll back to) a rule-set version: it then scores live traffic. */
    RULESETS_PUBLISH("publish rule sets"),
    MODELS_READ("read the model registry"),
    /** See review tasks and their state. */
    TASKS_READ("read review tasks"),
    /** Claim and complete review tasks, check SOP flows. */
    TASKS_REVIEW("review"),
    /** Appeal a review of one's own dialogue. */
    TASKS_APPEAL("appeal"),
    /** Decide appeals, start calibrations, read calibration figures. */
    TASKS_ARBITRATE("arbitrate and calibrate"),
    /** Read verdicts and reviewer precision. */
    VERDICTS_READ("read verdicts"),
    /** Deploy review workflows (BPMN). */
    WORKFLOWS_DEPLOY("deploy workflows"),
    /** Create, list and revoke the tenant's API keys; create its users. */
    ACCESS_MANAGE("manage keys and users"),
    AUDIT_READ("read the audit log"),
    /** Create and list tenants: the platform administrator only. */
    TENANTS_MANAGE("manage tenants"),
    /** Scrape the process's metrics (they cover every tenant). */
    METRICS_READ("read metrics"),
    /** Who am I, sign out: anyone signed in. */
    SESSION("use one's session");

    private final String description;

    Permission(String description) {
        this.description = description;
    }

    /** What the permission allows, for errors ("your role cannot publish rule sets") and docs. */
    public String description() {
        return description;
    }
}
