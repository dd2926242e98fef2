package io.parley.workflow.impl;

import io.parley.engine.api.EvaluationResult;
import io.parley.engine.api.RuleSetRef;
import io.parley.engine.api.TenantId;
import io.parley.engine.spi.storage.Storage;
import io.parley.engine.spi.storage.VerdictStore.HitVerdict;
import io.parley.engine.spi.storage.VerdictStore.Kind;
import io.parley.engine.spi.storage.VerdictStore.Verdict;
import io.parley.engine.spi.workflow.Actor;
import io.parley.engine.spi.workflow.ScoringWorkflow;
import io.parley.engine.spi.workflow.TaskOutcome;
import io.parley.engine.spi.workflow.WorkflowDeployment;
import io.parley.engine.spi.workflow.WorkflowException;
import io.parley.engine.spi.workflow.WorkflowException.Reason;
import io.parley.engine.spi.workflow.WorkflowTask;
import io.parley.workflow.WorkflowNotification;
import io.parley.workflow.WorkflowSettings;
import org.camunda.bpm.engine.ParseException;
import org.camunda.bpm.engine.ProcessEngine;
import org.camunda.bpm.engine.ProcessEngineConfiguration;
import org.camunda.bpm.engine.ProcessEngineException;
import org.camunda.bpm.engine.TaskAlreadyClaimedException;
import org.camunda.bpm.engine.impl.cfg.StandaloneProcessEngineConfiguration;
import org.camunda.bpm.engine.impl.util.ClockUtil;
import org.camunda.bpm.engine.repository.Deployment;
import org.camunda.bpm.engine.repository.ProcessDefinition;
import org.camunda.bpm.engine.repository.ProcessDefinitionQuery;
import org.camunda.bpm.engine.task.IdentityLink;
import org.camunda.bpm.engine.task.IdentityLinkType;
import org.camunda.bpm.engine.task.Task;
import org.camunda.bpm.engine.task.TaskQuery;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@link ScoringWorkflow} on an embedded Camunda 7 engine. Parley's steps are beans a BPMN file
 * names in {@code camunda:delegateExpression}: {@code ${parleyScore}}, {@code ${parleySample}},
 * {@code ${parleyNotify}}, {@code ${parleyFinal}} (and {@code ${parleyLists}} for multi-instance
 * collections). Human tasks are told apart by their form key ({@code parley:review},
 * {@code parley:appeal}, {@code parley:arbitration}, {@code parley:calibration}).
 *
 * <p>Tenants upload BPMN, so a workflow must not run code on the server: an uploaded file is
 * refused unless it passes {@link BpmnSafetyCheck}, and the engine is configured by
 * {@link EngineLockdown} so that expressions, scripts and classes that got past the check still
 * cannot run (docs/security.md).
 */
public final class CamundaScoringWorkflow implements ScoringWorkflow {
    /** The process id of the scoring workflow; {@code parley-scoring-<rule set id>} binds one to a rule set. */
    public static final String SCORING_PROCESS = "parley-scoring";
    public static final String CALIBRATION_PROCESS = "parley-calibration";
    private static final String FORM_KEY_PREFIX = "parley:";
    private static final List<String> SHIPPED = List.of("io/parley/workflow/parley-scoring.bpmn",
            "io/parley/workflow/parley-calibration.bpmn");
    private static final AtomicInteger ENGINES = new AtomicInteger();
    private static final Logger log = LoggerFactory.getLogger(CamundaScoringWorkflow.class);

    private final ProcessEngine engine;
    private final Storage storage;
    private final WorkflowSettings settings;

    private CamundaScoringWorkflow(ProcessEngine engine, Storage storage, WorkflowSettings settings) {
        this.engine = engine;
        this.storage = storage;
        this.settings = settings;
    }

    /**
     * Starts the engine on the settings' database (creating or upgrading its tables) and deploys
     * the shipped workflows when they changed since the last start.
     *
     * @param notifier told by every {@code ${parleyNotify}} step
     */
    public static CamundaScoringWorkflow open(WorkflowSettings settings, Storage storage,
                                              java.util.function.Consumer<WorkflowNotification> notifier) {
        StoredResults results = new StoredResults(storage);
        Map<Object, Object> beans = new HashMap<>();
        beans.put("parleyScore", new ScoreStep(results));
        beans.put("parleySample", new SampleStep(results, settings.sampling()));
        beans.put("parleyNotify", new NotifyStep(notifier));
        beans.put("parleyFinal", new FinalStep(results));
        beans.put("parleyLists", new ReviewerLists());
        StandaloneProcessEngineConfiguration configuration = new StandaloneProcessEngineConfiguration();
        configuration.setProcessEngineName("parley-workflow-" + ENGINES.incrementAndGet());
        configuration.setJdbcUrl(settings.jdbcUrl());
        configuration.setJdbcDriver(settings.jdbcDriver());
        configuration.setJdbcUsername(settings.jdbcUser());
        configuration.setJdbcPassword(settings.jdbcPassword());
        configuration.setDatabaseSchemaUpdate("true");
        configuration.setHistory(settings.history());
        // Removal time is set as history is written; the default ("end") updates every history table
        // of an instance when it ends, which made each finished instance cost ~40 ms more on H2.
        configuration.setHistoryRemovalTimeStrategy(ProcessEngineConfiguration.HISTORY_REMOVAL_TIME_STRATEGY_START);
        configuration.setJobExecutorActivate(settings.jobExecutor());
        configuration.setBeans(beans);
        configuration.setMetricsEnabled(false);
        // Tenants upload BPMN: expressions, scripts and classes in it cannot run code (docs/security.md).
        EngineLockdown.apply(configuration, beans);
        ProcessEngine engine;
        try {
            engine = configuration.buildProcessEngine();
        } catch (ProcessEngineException e) {
            throw new IllegalStateException("cannot start the workflow engine on " + settings.describe() + ": "
                    + e.getMessage(), e);
        }
        CamundaScoringWorkflow workflow = new CamundaScoringWorkflow(engine, storage, settings);
        try {
            workflow.deployShipped();
        } catch (RuntimeException e) {
            engine.close();
            throw e;
        }
        return workflow;
    }

    private void deployShipped() {
        var deployment = engine.getRepositoryService().createDeployment().name("parley-shipped")
                .source("parley").enableDuplicateFiltering(false);
        SHIPPED.forEach(deployment::addClasspathResource);
        deployment.deploy();
    }

    /** The Camunda engine itself, for tests and benchmarks that drive its clock and jobs. */
    public ProcessEngine engine() {
        return engine;
    }

    @Override
    public String start(String tenant, EvaluationResult result) {
        ScoringProcess process = scoringProcess(tenant, result.ruleset().id());
        Map<String, Object> variables = new HashMap<>();
        variables.put(ProcessVariables.DIALOGUE_ID, result.dialogueId());
        variables.put(ProcessVariables.RULESET_ID, result.ruleset().id());
        variables.put(ProcessVariables.RULESET_VERSION, result.ruleset().version());
        variables.put(ProcessVariables.TENANT, tenant);
        variables.put(ProcessVariables.APPEAL_WINDOW, settings.appealWindow().toString());
        var instance = engine.getRuntimeService().createProcessInstanceByKey(process.key())
                .businessKey(result.dialogueId() + "@" + result.ruleset()).setVariables(variables);
        try {
            return (process.tenant() == null ? instance.processDefinitionWithoutTenantId()
                    : instance.processDefinitionTenantId(process.tenant())).execute().getId();
        } catch (ProcessEngineException e) {
            throw new WorkflowException(Reason.INVALID, "the scoring workflow " + process.key()
                    + (process.tenant() == null ? "" : " of tenant " + process.tenant()) + " failed for dialogue "
                    + result.dialogueId() + ": " + e.getMessage(), List.of(), e);
        }
    }

    /**
     * Looks the instances up by their business key ({@code dialogueId@rulesetId@version}, which
     * calibrations share: their process is left out), in the
     * history when it is kept (finished ones too) and among the running ones, and keeps those whose
     * {@code tenant} variable is the tenant's: two tenants may have the same dialogue and rule set
     * ids. An instance whose tenant cannot be read (finished, with a history level below
     * {@code audit}) does not count.
     */
    @Override
    public boolean hasStarted(String tenant, String dialogueId, RuleSetRef ruleset) {
        String businessKey = dialogueId + "@" + ruleset;
        for (var running : engine.getRuntimeService().createProcessInstanceQuery()
                .processInstanceBusinessKey(businessKey).processDefinitionKeyNotIn(CALIBRATION_PROCESS).list()) {
            if (Objects.equals(tenant, engine.getRuntimeService().getVariable(running.getId(), ProcessVariables.TENANT))) {
                return true;
            }
        }
        for (var finished : engine.getHistoryService().createHistoricProcessInstanceQuery()
                .processInstanceBusinessKey(businessKey).processDefinitionKeyNotIn(List.of(CALIBRATION_PROCESS)).list()) {
            for (var variable : engine.getHistoryService().createHistoricVariableInstanceQuery()
                    .processInstanceId(finished.getId()).variableName(ProcessVariables.TENANT).list()) {
                if (Objects.equals(tenant, variable.getValue())) {
                    return true;
                }
            }
        }
        return false;
    }

    private record ScoringProcess(String key, String tenant) {
    }

    /**
     * The tenant's workflow bound to the rule set, else the tenant's, else the shared one bound to
     * it, else the shipped one. Counts rather than loads definitions: loading one parses its BPMN.
     */
    private ScoringProcess scoringProcess(String tenant, String rulesetId) {
        List<String> keys = List.of(SCORING_PROCESS + "-" + rulesetId, SCORING_PROCESS);
        List<String> tenants = new ArrayList<>();
        if (tenant != null) {
            tenants.add(tenant);
        }
        tenants.add(null);
        for (String owner : tenants) {
            for (String key : keys) {
                ProcessDefinitionQuery query = engine.getRepositoryService().createProcessDefinitionQuery()
                        .processDefinitionKey(key);
                if ((owner == null ? query.withoutTenantId() : query.tenantIdIn(owner)).count() > 0) {
                    return new ScoringProcess(key, owner);
                }
            }
        }
        throw new IllegalStateException("no scoring workflow deployed (the shipped " + SCORING_PROCESS + " is missing)");
    }

    @Override
    public String startCalibration(String tenant, String dialogueId, RuleSetRef ruleset, List<String> reviewers) {
        Set<String> distinct = new LinkedHashSet<>();
        for (String reviewer : reviewers) {
            if (reviewer == null || reviewer.isBlank() || reviewer.contains(",")) {
                throw new WorkflowException(Reason.INVALID, "reviewer ids must be non-blank and without commas: " + reviewers);
            }
            distinct.add(reviewer.trim());
        }
        if (distinct.size() < 2) {
            throw new WorkflowException(Reason.INVALID, "calibration needs at least 2 distinct reviewers, got " + reviewers);
        }
        if (storage.tenant(StoredResults.tenant(tenant)).results().find(dialogueId, ruleset).isEmpty()) {
            throw new WorkflowException(Reason.NOT_FOUND, "no stored result for dialogue " + dialogueId
                    + " under rule set " + ruleset);
        }
        Map<String, Object> variables = new HashMap<>();
        variables.put(ProcessVariables.DIALOGUE_ID, dialogueId);
        variables.put(ProcessVariables.RULESET_ID, ruleset.id());
        variables.put(ProcessVariables.RULESET_VERSION, ruleset.version());
        variables.put(ProcessVariables.TENANT, tenant);
        variables.put(ProcessVariables.REVIEWERS, String.join(",", distinct));
        var start = engine.getRuntimeService().createProcessInstanceByKey(CALIBRATION_PROCESS)
                .businessKey(dialogueId + "@" + ruleset).setVariables(variables);
        return start.processDefinitionWithoutTenantId().execute().getId();
    }

    @Override
    public List<WorkflowTask> inbox(Actor actor) {
        TaskQuery query = engine.getTaskService().createTaskQuery().initializeFormKeys().active();
        if (actor.groups().isEmpty()) {
            query.taskAssignee(actor.user());
        } else {
            query.or().taskAssignee(actor.user()).taskCandidateGroupIn(actor.groups()).endOr();
        }
        return query.orderByTaskCreateTime().asc().orderByTaskId().asc().list().stream()
                .filter(task -> ofTenant(task, actor)).map(this::toWorkflowTask).toList();
    }

    /**
     * A task belongs to the tenant of the dialogue its instance was started for (the variable {@code
     * tenant}; none, for an instance started before tenants existed or without one: the default tenant).
     */
    private boolean ofTenant(Task task, Actor actor) {
        Object tenant = engine.getTaskService().getVariable(task.getId(), ProcessVariables.TENANT);
        return StoredResults.tenant((String) tenant).value().equals(
                actor.tenant() == null ? TenantId.DEFAULT.value() : actor.tenant());
    }

    @Override
    public WorkflowTask task(String taskId, Actor actor) {
        Task task = visibleTask(taskId, actor);
        return toWorkflowTask(task);
    }

    @Override
    public WorkflowTask claim(String taskId, Actor actor) {
        Task task = visibleTask(taskId, actor);
        if (actor.user().equals(task.getAssignee())) {
            return toWorkflowTask(task);
        }
        if (task.getAssignee() != null) {
            throw new WorkflowException(Reason.CONFLICT, "task " + taskId + " is already claimed by " + task.getAssignee());
        }
        try {
            engine.getTaskService().claim(taskId, actor.user());
        } catch (TaskAlreadyClaimedException e) {
            throw new WorkflowException(Reason.CONFLICT, "task " + taskId + " was claimed by " + e.getTaskAssignee()
                    + " just now", List.of(), e);
        }
        return toWorkflowTask(findTask(taskId));
    }

    @Override
    public void complete(String taskId, Actor actor, TaskOutcome outcome) {
        Task task = visibleTask(taskId, actor);
        if (task.getAssignee() != null && !task.getAssignee().equals(actor.user())) {
            throw new WorkflowException(Reason.CONFLICT, "task " + taskId + " is claimed by " + task.getAssignee());
        }
        String kind = kind(task);
        Map<String, Object> variables = engine.getTaskService().getVariables(taskId);
        Decision decision = decide(task, kind, variables, outcome);
        Instant now = ClockUtil.getCurrentTime().toInstant();
        if (decision.verdictKind() != null) {
            // Saved before completing, under the task's id: a retried completion replaces it rather than duplicating.
            storage.tenant(StoredResults.tenant((String) variables.get(ProcessVariables.TENANT))).verdicts().save(new Verdict(taskId, decision.verdictKind(),
                    (String) variables.get(ProcessVariables.DIALOGUE_ID), rulesetOf(variables),
                    (String) variables.get(ProcessVariables.AGENT_ID), actor.user(), decision.hits(), decision.score(),
                    decision.upheld(), decision.reason(), now));
        }
        try {
            if (task.getAssignee() == null) {
                engine.getTaskService().claim(taskId, actor.user());
            }
            engine.getTaskService().complete(taskId, decision.variables());
        } catch (TaskAlreadyClaimedException e) {
            throw new WorkflowException(Reason.CONFLICT, "task " + taskId + " was claimed by " + e.getTaskAssignee()
                    + " just now", List.of(), e);
        } catch (ProcessEngineException e) {
            throw new WorkflowException(Reason.CONFLICT, "task " + taskId + " could not be completed: " + e.getMessage(),
                    List.of(), e);
        }
    }

    private record Decision(Kind verdictKind, List<HitVerdict> hits, Double score, Boolean upheld, String reason,
                            Map<String, Object> variables) {
    }

    private static Decision decide(Task task, String kind, Map<String, Object> variables, TaskOutcome outcome) {
        Double current = variables.get(ProcessVariables.SCORE) instanceof Number n ? n.doubleValue() : null;
        Map<String, Object> set = new HashMap<>();
        return switch (outcome) {
            case TaskOutcome.Review review when kind.equals("review") || kind.equals("calibration") -> {
                checkHits(task, review.hits(), variables);
                if (review.adjustedScore() != null) {
                    requireReason(review.reason(), "an adjusted score");
                    requireScore(review.adjustedScore());
                }
                boolean calibration = kind.equals("calibration");
                if (!calibration) {
                    set.put(ProcessVariables.SCORE, review.adjustedScore() != null ? review.adjustedScore() : current);
                    set.put(ProcessVariables.DECISION, "reviewed");
                }
                yield new Decision(calibration ? Kind.CALIBRATION : Kind.REVIEW, review.hits(), review.adjustedScore(),
                        null, blankToNull(review.reason()), set);
            }
            case TaskOutcome.Appeal appeal when kind.equals("appeal") -> {
                requireReason(appeal.reason(), "an appeal");
                set.put(ProcessVariables.APPEALED, true);
                set.put(ProcessVariables.DECISION, "appealed");
                yield new Decision(Kind.APPEAL, List.of(), null, null, appeal.reason().trim(), set);
            }
            case TaskOutcome.Accept ignored when kind.equals("appeal") -> {
                set.put(ProcessVariables.APPEALED, false);
                set.put(ProcessVariables.DECISION, "accepted");
                yield new Decision(null, List.of(), null, null, null, set);
            }
            case TaskOutcome.Arbitration arbitration when kind.equals("arbitration") -> {
                requireReason(arbitration.reason(), "an arbitration");
                Double score = current;
                if (!arbitration.upheld()) {
                    if (arbitration.score() == null) {
                        throw new WorkflowException(Reason.INVALID, "overturning an appeal needs the new score (field score)");
                    }
                    requireScore(arbitration.score());
                    score = arbitration.score();
                }
                set.put(ProcessVariables.UPHELD, arbitration.upheld());
                set.put(ProcessVariables.SCORE, score);
                set.put(ProcessVariables.DECISION, arbitration.upheld() ? "upheld" : "overturned");
                yield new Decision(Kind.ARBITRATION, List.of(), score, arbitration.upheld(), arbitration.reason().trim(), set);
            }
            default -> throw new WorkflowException(Reason.INVALID, "task " + task.getId() + " is a " + kind
                    + " task; " + expected(kind) + ", not " + describe(outcome));
        };
    }

    private static void checkHits(Task task, List<HitVerdict> hits, Map<String, Object> variables) {
        String hitRules = (String) variables.get(ProcessVariables.HIT_RULES);
        Set<String> expected = new LinkedHashSet<>(hitRules == null || hitRules.isEmpty() ? List.of()
                : List.of(hitRules.split(",")));
        Set<String> judged = new LinkedHashSet<>();
        for (HitVerdict hit : hits) {
            if (!expected.contains(hit.rule())) {
                throw new WorkflowException(Reason.INVALID, "rule " + hit.rule() + " did not hit dialogue "
                        + variables.get(ProcessVariables.DIALOGUE_ID) + "; its hits are " + expected);
            }
            if (!judged.add(hit.rule())) {
                throw new WorkflowException(Reason.INVALID, "rule " + hit.rule() + " is judged twice");
            }
        }
        if (!judged.equals(expected)) {
            Set<String> missing = new LinkedHashSet<>(expected);
            missing.removeAll(judged);
            throw new WorkflowException(Reason.INVALID, "task " + task.getId() + ": confirm or reject every hit; "
                    + "not judged: " + missing);
        }
    }

    private static void requireReason(String reason, String what) {
        if (reason == null || reason.isBlank()) {
            throw new WorkflowException(Reason.INVALID, what + " needs a reason (field reason)");
        }
    }

    private static void requireScore(double score) {
        if (!(score >= 0) || Double.isInfinite(score)) {
            throw new WorkflowException(Reason.INVALID, "a score must be a number of at least 0, was " + score);
        }
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.trim();
    }

    private static String expected(String kind) {
        return switch (kind) {
            case "review", "calibration" -> "it takes a review (hits, optional adjusted score with a reason)";
            case "appeal" -> "it takes an appeal with a reason, or an acceptance";
            case "arbitration" -> "it takes an arbitration (upheld, reason, and the score when overturned)";
            default -> "Parley does not know how to complete it";
        };
    }

    private static String describe(TaskOutcome outcome) {
        return switch (outcome) {
            case TaskOutcome.Review ignored -> "a review";
            case TaskOutcome.Appeal ignored -> "an appeal";
            case TaskOutcome.Accept ignored -> "an acceptance";
            case TaskOutcome.Arbitration ignored -> "an arbitration";
        };
    }

    @Override
    public WorkflowDeployment deploy(String tenant, String fileName, byte[] bpmn) {
        String resource = fileName == null || fileName.isBlank() ? "workflow.bpmn" : fileName;
        if (!resource.endsWith(".bpmn") && !resource.endsWith(".bpmn20.xml")) {
            // The engine parses a resource as BPMN only by its name.
            resource = resource + ".bpmn";
        }
        // Before the engine parses it: deploying alone can run code (a form handler class, a timer start event).
        BpmnSafetyCheck.requireSafe(resource, bpmn);
        Deployment deployment;
        try {
            var builder = engine.getRepositoryService().createDeployment().name(resource).source("parley-api")
                    .addInputStream(resource, new java.io.ByteArrayInputStream(bpmn));
            if (tenant != null) {
                builder.tenantId(tenant);
            }
            deployment = builder.deploy();
        } catch (ParseException e) {
            List<String> errors = new ArrayList<>();
            // (sic: the engine spells it so)
            e.getResorceReports().forEach(report -> report.getErrors().forEach(problem -> errors.add(
                    report.getResourceName() + ":" + problem.getLine() + ":" + problem.getColumn() + ": "
                            + problem.getMessage() + (problem.getMainElementId() == null ? ""
                            : " (element " + problem.getMainElementId() + ")"))));
            throw new WorkflowException(Reason.INVALID, "the BPMN file " + resource + " is not valid", errors, e);
        } catch (ProcessEngineException e) {
            throw new WorkflowException(Reason.INVALID, "the BPMN file " + resource + " cannot be deployed: "
                    + e.getMessage(), List.of(e.getMessage()), e);
        }
        List<ProcessDefinition> definitions = engine.getRepositoryService().createProcessDefinitionQuery()
                .deploymentId(deployment.getId()).orderByProcessDefinitionKey().asc().list();
        if (definitions.isEmpty()) {
            engine.getRepositoryService().deleteDeployment(deployment.getId(), true);
            throw new WorkflowException(Reason.INVALID, "the BPMN file " + resource
                    + " defines no executable process (isExecutable=\"true\")");
        }
        log.info("deployed {} for tenant {}: {}", resource, tenant == null ? "(default)" : tenant,
                definitions.stream().map(d -> d.getKey() + " v" + d.getVersion()).toList());
        return new WorkflowDeployment(deployment.getId(), tenant, resource, definitions.stream()
                .map(d -> new WorkflowDeployment.DeployedProcess(d.getKey(), d.getName(), d.getVersion())).toList());
    }

    @Override
    public Optional<byte[]> processModel(String tenant, String processKey) {
        List<String> owners = new ArrayList<>();
        if (tenant != null) {
            owners.add(tenant);
        }
        owners.add(null);
        for (String owner : owners) {
            ProcessDefinitionQuery query = engine.getRepositoryService().createProcessDefinitionQuery()
                    .processDefinitionKey(processKey).latestVersion();
            ProcessDefinition definition = (owner == null ? query.withoutTenantId() : query.tenantIdIn(owner)).singleResult();
            if (definition != null) {
                try (InputStream model = engine.getRepositoryService().getProcessModel(definition.getId())) {
                    return Optional.of(model.readAllBytes());
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot read the BPMN of " + processKey, e);
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public boolean isRunning(String instanceId) {
        return engine.getRuntimeService().createProcessInstanceQuery().processInstanceId(instanceId).count() > 0;
    }

    @Override
    public void close() {
        engine.close();
    }

    // ---- tasks

    private Task findTask(String taskId) {
        Task task = engine.getTaskService().createTaskQuery().taskId(taskId).initializeFormKeys().singleResult();
        if (task == null) {
            throw new WorkflowException(Reason.NOT_FOUND, "no open task " + taskId);
        }
        return task;
    }

    /**
     * The task, when assigned to the actor or offered to one of their groups. Another tenant's task
     * is not found, so that its existence is not revealed.
     */
    private Task visibleTask(String taskId, Actor actor) {
        Task task = findTask(taskId);
        if (!ofTenant(task, actor)) {
            throw new WorkflowException(Reason.NOT_FOUND, "no open task " + taskId);
        }
        if (actor.user().equals(task.getAssignee())) {
            return task;
        }
        List<String> groups = candidateGroups(taskId);
        if (groups.stream().noneMatch(actor.groups()::contains)) {
            throw new WorkflowException(Reason.NOT_ALLOWED, "task " + taskId + " is not for " + actor.user()
                    + (groups.isEmpty() ? ": it is assigned to " + task.getAssignee()
                    : ": it is for the group" + (groups.size() > 1 ? "s " : " ") + String.join(", ", groups)));
        }
        return task;
    }

    private List<String> candidateGroups(String taskId) {
        return engine.getTaskService().getIdentityLinksForTask(taskId).stream()
                .filter(link -> IdentityLinkType.CANDIDATE.equals(link.getType()) && link.getGroupId() != null)
                .map(IdentityLink::getGroupId).toList();
    }

    private static String kind(Task task) {
        String formKey = task.getFormKey();
        return formKey != null && formKey.startsWith(FORM_KEY_PREFIX) ? formKey.substring(FORM_KEY_PREFIX.length())
                : Objects.requireNonNullElse(formKey, "task");
    }

    private WorkflowTask toWorkflowTask(Task task) {
        Map<String, Object> variables = engine.getTaskService().getVariables(task.getId(), List.of(
                ProcessVariables.DIALOGUE_ID, ProcessVariables.RULESET_ID, ProcessVariables.RULESET_VERSION,
                ProcessVariables.AGENT_ID, ProcessVariables.SCORE));
        Object score = variables.get(ProcessVariables.SCORE);
        return new WorkflowTask(task.getId(), kind(task), task.getName(), task.getProcessInstanceId(),
                (String) variables.get(ProcessVariables.DIALOGUE_ID), rulesetOf(variables),
                (String) variables.get(ProcessVariables.AGENT_ID), task.getAssignee(), candidateGroups(task.getId()),
                score instanceof Number n ? n.doubleValue() : null, task.getCreateTime().toInstant(),
                task.getDueDate() == null ? null : task.getDueDate().toInstant());
    }

    private static RuleSetRef rulesetOf(Map<String, Object> variables) {
        Object id = variables.get(ProcessVariables.RULESET_ID);
        Object version = variables.get(ProcessVariables.RULESET_VERSION);
        return id == null || !(version instanceof Number n) ? null : new RuleSetRef(id.toString(), n.intValue());
    }
}
