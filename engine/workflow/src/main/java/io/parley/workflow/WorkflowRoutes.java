package io.parley.workflow;

import io.parley.engine.api.Dialogue;
import io.parley.engine.api.RuleSetRef;
import io.parley.engine.api.dialogue.DialogueReader;
import io.parley.engine.api.dialogue.InvalidDialogueException;
import io.parley.engine.spi.storage.VerdictStore.HitVerdict;
import io.parley.engine.spi.storage.VerdictStore.Kind;
import io.parley.engine.spi.storage.VerdictStore.Verdict;
import io.parley.engine.spi.workflow.Actor;
import io.parley.engine.spi.workflow.ScoringWorkflow;
import io.parley.engine.spi.workflow.TaskOutcome;
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
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The workflow API, a route module of the HTTP layer (docs/workflows.md): the task inbox,
 * claiming and completing tasks with verdicts, appeals, arbitration, calibration, BPMN
 * deployments per tenant, and the figures computed from verdicts.
 *
 * <p>Who calls comes from two headers a trusted authenticating proxy sets: {@value #USER_HEADER}
 * (the user id; an agent's is their agent participant id) and {@value #ROLE_HEADER} (one of
 * {@code reviewer}, {@code senior}, {@code agent}, {@code admin}). Parley does not authenticate
 * them itself. Each endpoint refuses a role it is not for with 403 and a JSON error naming the
 * roles it is for; task-level checks (a task for another group, claimed by someone else) follow.
 */
public final class WorkflowRoutes implements RouteModule {
    public static final String USER_HEADER = "X-Parley-User";
    public static final String ROLE_HEADER = "X-Parley-Role";
    /** The caller's tenant; absent means the default tenant (as for deployments without {@code ?tenant=}). */
    public static final String TENANT_HEADER = "X-Parley-Tenant";
    private static final String TASKS = "/api/v1/tasks";
    private static final BodyLimit BPMN = new BodyLimit(4 * 1024 * 1024, "per BPMN file");
    private static final BodyLimit JSON = BodyLimit.of(1024 * 1024);

    /** The roles and the candidate groups each brings. */
    public enum Role {
        REVIEWER(List.of("qa")), SENIOR(List.of("qa", "qa-senior")), AGENT(List.of()), ADMIN(List.of());

        private final List<String> groups;

        Role(List<String> groups) {
            this.groups = groups;
        }

        public List<String> groups() {
            return groups;
        }

        String id() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private record Caller(Actor actor, Role role) {
    }

    private final ScoringWorkflow workflow;
    private final VerdictAnalytics analytics;
    private final DialogueReader dialogues = new DialogueReader();
    /** The last SOP read per (tenant, flow), reused while the deployed BPMN is unchanged. */
    private final Map<List<String>, SopFlowCache> sopFlows = new ConcurrentHashMap<>();

    private record SopFlowCache(byte[] bpmn, SopConformance sop) {
    }

    public WorkflowRoutes(ScoringWorkflow workflow, VerdictAnalytics analytics) {
        this.workflow = workflow;
        this.analytics = analytics;
    }

    @Override
    public void register(Routes routes) {
        routes.get(TASKS, request -> handle(request, EnumSet.allOf(Role.class), "list tasks",
                        caller -> Reply.of(200, Map.of("tasks", workflow.inbox(caller.actor())))))
                .get(TASKS + "/:id", request -> handle(request, EnumSet.allOf(Role.class), "read a task",
                        caller -> Reply.of(200, workflow.task(request.pathParam("id"), caller.actor()))))
                .post(TASKS + "/:id/claim", JSON, request -> handle(request, EnumSet.of(Role.REVIEWER, Role.SENIOR),
                        "claim a task", caller -> Reply.of(200, workflow.claim(request.pathParam("id"), caller.actor()))))
                .post(TASKS + "/:id/complete", JSON, request -> handle(request, EnumSet.of(Role.REVIEWER, Role.SENIOR),
                        "complete a review", caller -> complete(request, caller, review(request.jsonObject()))))
                .post(TASKS + "/:id/appeal", JSON, request -> handle(request, EnumSet.of(Role.AGENT),
                        "appeal", caller -> complete(request, caller, appeal(request.jsonObject()))))
                .post(TASKS + "/:id/arbitrate", JSON, request -> handle(request, EnumSet.of(Role.SENIOR),
                        "arbitrate", caller -> complete(request, caller, arbitration(request.jsonObject()))))
                .post("/api/v1/workflows", BPMN, request -> handle(request, EnumSet.of(Role.ADMIN), "deploy workflows", caller -> {
                    if (!request.hasBody()) {
                        throw HttpProblem.badRequest("the request body must be the BPMN file (Content-Type: application/xml)");
                    }
                    return Reply.of(201, workflow.deploy(request.query("tenant").orElse(null),
                            request.query("file").orElse(null), request.bodyBytes()));
                }))
                .post("/api/v1/calibrations", JSON, request -> handle(request, EnumSet.of(Role.SENIOR, Role.ADMIN),
                        "start calibrations", caller -> startCalibration(request.jsonObject(), caller)))
                .post("/api/v1/sop/check", JSON, request -> handle(request, EnumSet.of(Role.REVIEWER, Role.SENIOR,
                        Role.ADMIN), "check SOP conformance", caller -> checkSop(request, caller)))
                .get("/api/v1/dialogues/:id/verdicts", request -> handle(request, EnumSet.of(Role.REVIEWER, Role.SENIOR, Role.ADMIN),
                        "read verdicts", caller -> Reply.of(200, Map.of("verdicts", analytics.forDialogue(request.pathParam("id"))
                                .stream().filter(verdict -> blindFor(caller, verdict)).toList()))))
                .get("/api/v1/verdicts/precision", request -> handle(request, EnumSet.of(Role.REVIEWER, Role.SENIOR, Role.ADMIN),
                        "read rule precision", caller -> Reply.of(200, Map.of("rules", analytics.precision()))))
                .get("/api/v1/verdicts/calibration", request -> handle(request, EnumSet.of(Role.SENIOR, Role.ADMIN),
                        "read calibration agreement", caller -> Reply.of(200,
                                analytics.calibration(instant(request, "from", Instant.EPOCH), instant(request, "to", farFuture())))))
                .get("/api/v1/agents/tiers", request -> handle(request, EnumSet.of(Role.SENIOR, Role.ADMIN),
                        "read agent tiers", caller -> Reply.of(200, Map.of("agents", analytics.agentTiers(
                                instant(request, "from", Instant.EPOCH), instant(request, "to", farFuture()),
                                VerdictAnalytics.DEFAULT_BANDS)))))
                .mapError(WorkflowException.class, WorkflowRoutes::problem);
    }

    private Reply startCalibration(JsonBody body, Caller caller) {
        JsonBody ruleset = body.object("ruleset");
        List<String> reviewers = body.strings("reviewers", "user ids");
        // The caller's tenant: its reviewers see the calibration tasks in their inbox.
        Optional<String> tenant = body.text("tenant");
        if (tenant.isPresent() && !tenant.get().equals(caller.actor().tenant())) {
            throw HttpProblem.badRequest("/tenant must be the caller's tenant (header " + TENANT_HEADER + ": "
                    + Objects.requireNonNullElse(caller.actor().tenant(), "absent, the default tenant")
                    + "); leave it out");
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

    private Reply complete(Request request, Caller caller, TaskOutcome outcome) {
        String id = request.pathParam("id");
        workflow.complete(id, caller.actor(), outcome);
        return Reply.of(200, Map.of("task", id, "status", "completed"));
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

    private interface Work {
        Reply run(Caller caller);
    }

    /** Checks who calls and whether their role may, then does the work. */
    private static Reply handle(Request request, Set<Role> allowed, String action, Work work) {
        String user = request.header(USER_HEADER).orElse("");
        String roleName = request.header(ROLE_HEADER).orElse("");
        if (user.isBlank() || roleName.isBlank()) {
            throw new HttpProblem(401, "who is calling is unknown: the " + USER_HEADER + " and " + ROLE_HEADER
                    + " headers are required (set by the authenticating proxy)");
        }
        Role role;
        try {
            role = Role.valueOf(roleName.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new HttpProblem(403, "unknown role '" + roleName + "'; roles are reviewer, senior, agent, admin");
        }
        if (!allowed.contains(role)) {
            throw new HttpProblem(403, "role " + role.id() + " may not " + action)
                    .with("role", role.id())
                    .with("allowed", allowed.stream().map(Role::id).toList());
        }
        String tenant = request.header(TENANT_HEADER).filter(name -> !name.isBlank()).map(String::trim).orElse(null);
        return work.run(new Caller(new Actor(user.trim(), role.groups(), tenant), role));
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
