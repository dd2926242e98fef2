package io.parley.workflow;

import io.parley.engine.api.Dialogue;
import io.parley.engine.api.RuleSetRef;
import io.parley.engine.api.dialogue.DialogueReader;
import io.parley.engine.api.dialogue.InvalidDialogueException;
import io.parley.engine.api.security.Permission;
import io.parley.engine.api.security.Principal;
import io.parley.engine.api.security.Role;
import io.parley.engine.spi.storage.AuditLog.AuditEvent;
import io.parley.engine.spi.storage.Storage;
import io.parley.engine.spi.storage.VerdictStore.HitVerdict;
import io.parley.engine.spi.storage.VerdictStore.Kind;
import io.parley.engine.spi.storage.VerdictStore.Verdict;
import io.parley.engine.spi.workflow.Actor;
import io.parley.engine.spi.workflow.ScoringWorkflow;
import io.parley.engine.spi.workflow.TaskOutcome;
import io.parley.engine.spi.workflow.WorkflowDeployment;
import io.parley.engine.spi.workflow.WorkflowException;
import io.parley.workflow.sop.SopConformance;
import io.parley.workflow.sop.SopFlow;
import io.parley.http.HttpProblem;
import io.parley.http.JsonBody;
import io.parley.http.Reply;
import io.parley.http.Request;
import io.parley.http.RouteModule;
import io.parley.http.Routes;
import io.parley.http.Routes.BodyLimit;

import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The workflow API, a route module of the HTTP layer (docs/workflows.md): the task inbox,
 * claiming and completing tasks with verdicts, appeals, arbitration, calibration, BPMN
 * deployments, and the figures computed from verdicts, all of the caller's tenant.
 *
 * <p>Who calls, and whether their role may, is checked by the HTTP layer before any of this runs
 * (each route names its {@link Permission}); here the caller becomes a workflow {@link Actor}: their
 * agent id or user name, the candidate groups their role brings, their tenant. Task-level checks (a
 * task of another group, claimed by someone else) follow in the workflow. Verdicts and deployments
 * go into the tenant's audit log.
 */
public final class WorkflowRoutes implements RouteModule {
    private static final String TASKS = "/api/v1/tasks";
    private static final BodyLimit BPMN = new BodyLimit(4 * 1024 * 1024, "per BPMN file");
    private static final BodyLimit JSON = BodyLimit.of(1024 * 1024);
    /** Who is offered the review tasks of the shipped workflows (their candidate groups). */
    private static final List<String> REVIEWERS = List.of("qa");
    private static final List<String> SENIOR_REVIEWERS = List.of("qa", "qa-senior");

    private record Caller(Actor actor, Principal principal) {
        Role role() {
            return principal.role();
        }
    }

    private final ScoringWorkflow workflow;
    private final Storage storage;
    private final DialogueReader dialogues = new DialogueReader();
    /** The last SOP read per (tenant, flow), reused while the deployed BPMN is unchanged. */
    private final Map<List<String>, SopFlowCache> sopFlows = new ConcurrentHashMap<>();

    private record SopFlowCache(byte[] bpmn, SopConformance sop) {
    }

    /** @param storage where each caller's tenant's verdicts and audit log are */
    public WorkflowRoutes(ScoringWorkflow workflow, Storage storage) {
        this.workflow = workflow;
        this.storage = storage;
    }

    private VerdictAnalytics analytics(Request request) {
        return new VerdictAnalytics(storage.tenant(request.tenant()).verdicts());
    }

    @Override
    public void register(Routes routes) {
        routes.get(TASKS, Permission.TASKS_READ, request -> Reply.of(200, Map.of("tasks", workflow.inbox(caller(request).actor()))))
                .get(TASKS + "/:id", Permission.TASKS_READ, request ->
                        Reply.of(200, workflow.task(request.pathParam("id"), caller(request).actor())))
                .post(TASKS + "/:id/claim", Permission.TASKS_REVIEW, JSON, request ->
                        Reply.of(200, workflow.claim(request.pathParam("id"), caller(request).actor())))
                .post(TASKS + "/:id/complete", Permission.TASKS_REVIEW, JSON, request ->
                        complete(request, "verdict.review", review(request.jsonObject())))
                .post(TASKS + "/:id/appeal", Permission.TASKS_APPEAL, JSON, request ->
                        complete(request, "verdict.appeal", appeal(request.jsonObject())))
                .post(TASKS + "/:id/arbitrate", Permission.TASKS_ARBITRATE, JSON, request ->
                        complete(request, "verdict.arbitrate", arbitration(request.jsonObject())))
                .post("/api/v1/workflows", Permission.WORKFLOWS_DEPLOY, BPMN, this::deploy)
                .post("/api/v1/calibrations", Permission.TASKS_ARBITRATE, JSON,
                        request -> startCalibration(request.jsonObject(), caller(request)))
                .post("/api/v1/sop/check", Permission.TASKS_REVIEW, JSON, request -> checkSop(request, caller(request)))
                .get("/api/v1/dialogues/:id/verdicts", Permission.VERDICTS_READ, request -> {
                    Caller caller = caller(request);
                    return Reply.of(200, Map.of("verdicts", analytics(request).forDialogue(request.pathParam("id"))
                            .stream().filter(verdict -> blindFor(caller, verdict)).toList()));
                })
                .get("/api/v1/verdicts/precision", Permission.VERDICTS_READ,
                        request -> Reply.of(200, Map.of("rules", analytics(request).precision())))
                .get("/api/v1/verdicts/calibration", Permission.TASKS_ARBITRATE, request -> Reply.of(200,
                        analytics(request).calibration(instant(request, "from", Instant.EPOCH), instant(request, "to", farFuture()))))
                .get("/api/v1/agents/tiers", Permission.TASKS_ARBITRATE, request -> Reply.of(200, Map.of("agents",
                        analytics(request).agentTiers(instant(request, "from", Instant.EPOCH), instant(request, "to", farFuture()),
                                VerdictAnalytics.DEFAULT_BANDS))))
                .mapError(WorkflowException.class, WorkflowRoutes::problem);
    }

    private Reply deploy(Request request) {
        if (!request.hasBody()) {
            throw HttpProblem.badRequest("the request body must be the BPMN file (Content-Type: application/xml)");
        }
        if (request.query("tenant").filter(tenant -> !tenant.equals(request.tenant().value())).isPresent()) {
            throw HttpProblem.badRequest("?tenant= must be the caller's own tenant (" + request.tenant() + "); leave it out")
                    .with("field", "?tenant");
        }
        WorkflowDeployment deployment = workflow.deploy(request.tenant().value(), request.query("file").orElse(null),
                request.bodyBytes());
        audit(request, "workflow.deploy", deployment.fileName(), deployment.processes().toString());
        return Reply.of(201, deployment);
    }

    private Reply startCalibration(JsonBody body, Caller caller) {
        JsonBody ruleset = body.object("ruleset");
        List<String> reviewers = body.strings("reviewers", "user ids");
        // The caller's tenant: its reviewers see the calibration tasks in their inbox.
        Optional<String> tenant = body.text("tenant");
        if (tenant.isPresent() && !tenant.get().equals(caller.actor().tenant())) {
            throw HttpProblem.badRequest("/tenant must be the caller's tenant (" + caller.actor().tenant() + "); leave it out")
                    .with("field", "/tenant");
        }
        String instance = workflow.startCalibration(caller.actor().tenant(), body.requiredText("dialogueId"),
                new RuleSetRef(ruleset.requiredText("id"), ruleset.requiredInt("version")), reviewers);
        return Reply.of(201, Map.of("instanceId", instance, "reviewers", reviewers));
    }

    /** Checks a dialogue against the SOP flow deployed under the process key, the caller tenant's own else the shared one. */
    private Reply checkSop(Request request, Caller caller) {
        String key = request.query("flow").filter(flow -> !flow.isBlank()).orElseThrow(() -> HttpProblem.badRequest(
                "query parameter flow is required: the process id of a deployed SOP flow").with("field", "?flow"));
        SopConformance sop = sopFlow(caller.actor().tenant(), key.trim());
        if (!request.hasBody()) {
            throw HttpProblem.badRequest("the request body must be the dialogue (JSON)");
        }
        Dialogue dialogue;
        try {
            dialogue = dialogues.read(request.bodyText());
        } catch (InvalidDialogueException e) {
            throw HttpProblem.badRequest("invalid dialogue").with("errors", e.errors());
        }
        return Reply.of(200, sop.check(dialogue));
    }

    private SopConformance sopFlow(String tenant, String key) {
        byte[] bpmn = workflow.processModel(tenant, key).orElseThrow(() -> new WorkflowException(
                WorkflowException.Reason.NOT_FOUND, "no SOP flow " + key + " is deployed"
                + (tenant == null ? "" : " for tenant " + tenant + " or shared")));
        List<String> cacheKey = Arrays.asList(tenant, key);
        SopFlowCache cached = sopFlows.get(cacheKey);
        if (cached != null && Arrays.equals(cached.bpmn(), bpmn)) {
            return cached.sop();
        }
        SopConformance sop;
        try {
            sop = new SopConformance(SopFlow.fromBpmn(new ByteArrayInputStream(bpmn), key));
        } catch (IllegalArgumentException e) {
            throw HttpProblem.badRequest("the process " + key + " is not an SOP flow: " + e.getMessage());
        }
        sopFlows.put(cacheKey, new SopFlowCache(bpmn, sop));
        return sop;
    }

    /** Calibration is blind: a reviewer sees no other reviewer's calibration verdicts; seniors and admins see all. */
    private static boolean blindFor(Caller caller, Verdict verdict) {
        return caller.role() != Role.REVIEWER || verdict.kind() != Kind.CALIBRATION
                || verdict.actor().equals(caller.actor().user());
    }

    private Reply complete(Request request, String action, TaskOutcome outcome) {
        String id = request.pathParam("id");
        workflow.complete(id, caller(request).actor(), outcome);
        audit(request, action, id, outcome.toString());
        return Reply.of(200, Map.of("task", id, "status", "completed"));
    }

    private void audit(Request request, String action, String target, String detail) {
        storage.tenant(request.tenant()).audit().record(AuditEvent.by(request.principal(), action, target, detail));
    }

    // ---- request bodies

    private static TaskOutcome review(JsonBody body) {
        List<HitVerdict> verdicts = body.objects("hits", "{\"rule\": …, \"confirmed\": true|false}").stream()
                .map(hit -> new HitVerdict(hit.requiredText("rule"), hit.requiredBoolean("confirmed", "true or false")))
                .toList();
        return new TaskOutcome.Review(verdicts, body.number("score").orElse(null), body.text("reason").orElse(null));
    }

    private static TaskOutcome appeal(JsonBody body) {
        boolean appeal = body.requiredBoolean("appeal", "true (appeal, with a reason) or false (accept the score)");
        return appeal ? new TaskOutcome.Appeal(body.text("reason").orElse(null)) : new TaskOutcome.Accept();
    }

    private static TaskOutcome arbitration(JsonBody body) {
        boolean upheld = body.requiredBoolean("upheld", "true (the review stands) or false (overturned, with a score)");
        return new TaskOutcome.Arbitration(upheld, body.number("score").orElse(null), body.text("reason").orElse(null));
    }

    private static Instant instant(Request request, String parameter, Instant otherwise) {
        Optional<String> value = request.query(parameter);
        if (value.isEmpty()) {
            return otherwise;
        }
        try {
            return Instant.parse(value.get());
        } catch (DateTimeParseException e) {
            throw HttpProblem.badRequest("query parameter " + parameter + " must be an ISO instant such as 2026-11-01T00:00:00Z")
                    .with("field", "?" + parameter);
        }
    }

    private static Instant farFuture() {
        return Instant.parse("9999-12-31T23:59:59Z");
    }

    // ---- who calls

    /**
     * The caller as a workflow actor: an agent acts under their agent id (their tasks are assigned
     * to it); reviewers are offered the review tasks, QA leads and admins the senior ones too.
     */
    private static Caller caller(Request request) {
        Principal principal = request.principal();
        List<String> groups = switch (principal.role()) {
            case REVIEWER -> REVIEWERS;
            case QA_LEAD, TENANT_ADMIN, ADMIN -> SENIOR_REVIEWERS;
            case AGENT, SOLUTION_ENGINEER, READ_ONLY -> List.of();
        };
        String user = principal.role() == Role.AGENT && principal.agentId() != null ? principal.agentId() : principal.actor();
        return new Caller(new Actor(user, groups, principal.tenant().value()), principal);
    }

    private static HttpProblem problem(WorkflowException e) {
        HttpProblem problem = new HttpProblem(switch (e.reason()) {
            case NOT_FOUND -> 404;
            case NOT_ALLOWED -> 403;
            case CONFLICT -> 409;
            case INVALID -> 400;
        }, e.getMessage());
        return e.details().isEmpty() ? problem : problem.with("errors", e.details());
    }
}
