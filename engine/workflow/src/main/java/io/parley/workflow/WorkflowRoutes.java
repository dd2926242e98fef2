package io.parley.workflow;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.parley.engine.api.Dialogue;
import io.parley.engine.api.RuleSetRef;
import io.parley.engine.spi.storage.VerdictStore.HitVerdict;
import io.parley.engine.spi.storage.VerdictStore.Kind;
import io.parley.engine.spi.storage.VerdictStore.Verdict;
import io.parley.engine.spi.workflow.Actor;
import io.parley.engine.spi.workflow.ScoringWorkflow;
import io.parley.engine.spi.workflow.TaskOutcome;
import io.parley.engine.spi.workflow.WorkflowException;
import io.parley.workflow.sop.SopConformance;
import io.parley.workflow.sop.SopFlow;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.ByteArrayInputStream;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * The workflow API, mounted on the API server's router (docs/workflows.md): the task inbox,
 * claiming and completing tasks with verdicts, appeals, arbitration, calibration, BPMN
 * deployments per tenant, and the figures computed from verdicts.
 *
 * <p>Who calls comes from two headers a trusted authenticating proxy sets: {@value #USER_HEADER}
 * (the user id; an agent's is their agent participant id) and {@value #ROLE_HEADER} (one of
 * {@code reviewer}, {@code senior}, {@code agent}, {@code admin}). Parley does not authenticate
 * them itself. Each endpoint refuses a role it is not for with 403 and a JSON error naming the
 * roles it is for; task-level checks (a task for another group, claimed by someone else) follow.
 */
public final class WorkflowRoutes implements Consumer<Router> {
    public static final String USER_HEADER = "X-Parley-User";
    public static final String ROLE_HEADER = "X-Parley-Role";
    /** The caller's tenant; absent means the default tenant (as for deployments without {@code ?tenant=}). */
    public static final String TENANT_HEADER = "X-Parley-Tenant";
    private static final String TASKS = "/api/v1/tasks";
    private static final int MAX_BPMN_BYTES = 4 * 1024 * 1024;
    private static final String JSON = "application/json; charset=utf-8";
    private static final Logger log = LoggerFactory.getLogger(WorkflowRoutes.class);
    private static final ObjectMapper MAPPER = new ObjectMapper().registerModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .setSerializationInclusion(JsonInclude.Include.NON_NULL);

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
    private final DialogueParser dialogues;
    /** The last SOP read per (tenant, flow), reused while the deployed BPMN is unchanged. */
    private final Map<List<String>, SopFlowCache> sopFlows = new ConcurrentHashMap<>();

    private record SopFlowCache(byte[] bpmn, SopConformance sop) {
    }

    public WorkflowRoutes(ScoringWorkflow workflow, VerdictAnalytics analytics, DialogueParser dialogues) {
        this.workflow = workflow;
        this.analytics = analytics;
        this.dialogues = dialogues;
    }

    @Override
    public void accept(Router router) {
        BodyHandler json = BodyHandler.create(false).setBodyLimit(1024 * 1024);
        router.get(TASKS).handler(ctx -> handle(ctx, EnumSet.allOf(Role.class), "list tasks",
                caller -> reply(200, Map.of("tasks", workflow.inbox(caller.actor())))));
        router.get(TASKS + "/:id").handler(ctx -> handle(ctx, EnumSet.allOf(Role.class), "read a task",
                caller -> reply(200, workflow.task(ctx.pathParam("id"), caller.actor()))));
        router.post(TASKS + "/:id/claim").handler(json).handler(ctx -> handle(ctx, EnumSet.of(Role.REVIEWER, Role.SENIOR),
                "claim a task", caller -> reply(200, workflow.claim(ctx.pathParam("id"), caller.actor()))));
        router.post(TASKS + "/:id/complete").handler(json).handler(ctx -> handle(ctx, EnumSet.of(Role.REVIEWER, Role.SENIOR),
                "complete a review", caller -> complete(ctx, caller, review(body(ctx)))));
        router.post(TASKS + "/:id/appeal").handler(json).handler(ctx -> handle(ctx, EnumSet.of(Role.AGENT),
                "appeal", caller -> complete(ctx, caller, appeal(body(ctx)))));
        router.post(TASKS + "/:id/arbitrate").handler(json).handler(ctx -> handle(ctx, EnumSet.of(Role.SENIOR),
                "arbitrate", caller -> complete(ctx, caller, arbitration(body(ctx)))));
        router.post("/api/v1/workflows").handler(BodyHandler.create(false).setBodyLimit(MAX_BPMN_BYTES))
                .handler(ctx -> handle(ctx, EnumSet.of(Role.ADMIN), "deploy workflows", caller -> {
                    if (ctx.body().length() == 0) {
                        throw new BadRequest("the request body must be the BPMN file (Content-Type: application/xml)");
                    }
                    return reply(201, workflow.deploy(ctx.queryParams().get("tenant"), ctx.queryParams().get("file"),
                            ctx.body().buffer().getBytes()));
                }));
        router.post("/api/v1/calibrations").handler(json).handler(ctx -> handle(ctx, EnumSet.of(Role.SENIOR, Role.ADMIN),
                "start calibrations", caller -> {
                    JsonNode body = body(ctx);
                    JsonNode ruleset = field(body, "ruleset", "/ruleset");
                    List<String> reviewers = new ArrayList<>();
                    JsonNode list = field(body, "reviewers", "/reviewers");
                    if (!list.isArray()) {
                        throw new BadRequest("/reviewers must be an array of user ids");
                    }
                    list.forEach(reviewer -> reviewers.add(reviewer.asText()));
                    // The caller's tenant: its reviewers see the calibration tasks in their inbox.
                    String tenant = text(body, "tenant", "/tenant", false);
                    if (tenant != null && !tenant.equals(caller.actor().tenant())) {
                        throw new BadRequest("/tenant must be the caller's tenant (header " + TENANT_HEADER + ": "
                                + Objects.requireNonNullElse(caller.actor().tenant(), "absent, the default tenant")
                                + "); leave it out");
                    }
                    String instance = workflow.startCalibration(caller.actor().tenant(),
                            text(body, "dialogueId", "/dialogueId", true),
                            new RuleSetRef(text(ruleset, "id", "/ruleset/id", true), integer(ruleset, "version", "/ruleset/version")),
                            reviewers);
                    return reply(201, Map.of("instanceId", instance, "reviewers", reviewers));
                }));
        router.post("/api/v1/sop/check").handler(json).handler(ctx -> handle(ctx, EnumSet.of(Role.REVIEWER, Role.SENIOR,
                Role.ADMIN), "check SOP conformance", caller -> checkSop(ctx, caller)));
        router.get("/api/v1/dialogues/:id/verdicts").handler(ctx -> handle(ctx, EnumSet.of(Role.REVIEWER, Role.SENIOR, Role.ADMIN),
                "read verdicts", caller -> reply(200, Map.of("verdicts", analytics.forDialogue(ctx.pathParam("id")).stream()
                        .filter(verdict -> blindFor(caller, verdict)).toList()))));
        router.get("/api/v1/verdicts/precision").handler(ctx -> handle(ctx, EnumSet.of(Role.REVIEWER, Role.SENIOR, Role.ADMIN),
                "read rule precision", caller -> reply(200, Map.of("rules", analytics.precision()))));
        router.get("/api/v1/verdicts/calibration").handler(ctx -> handle(ctx, EnumSet.of(Role.SENIOR, Role.ADMIN),
                "read calibration agreement", caller -> reply(200,
                        analytics.calibration(instant(ctx, "from", Instant.EPOCH), instant(ctx, "to", farFuture())))));
        router.get("/api/v1/agents/tiers").handler(ctx -> handle(ctx, EnumSet.of(Role.SENIOR, Role.ADMIN),
                "read agent tiers", caller -> reply(200, Map.of("agents", analytics.agentTiers(instant(ctx, "from", Instant.EPOCH),
                        instant(ctx, "to", farFuture()), VerdictAnalytics.DEFAULT_BANDS)))));
    }

    /** Checks a dialogue against the SOP flow deployed under the process key, the caller tenant's own else the shared one. */
    private Reply checkSop(RoutingContext ctx, Caller caller) {
        String key = ctx.queryParams().get("flow");
        if (key == null || key.isBlank()) {
            throw new BadRequest("query parameter flow is required: the process id of a deployed SOP flow");
        }
        SopConformance sop = sopFlow(caller.actor().tenant(), key.trim());
        if (ctx.body() == null || ctx.body().length() == 0) {
            throw new BadRequest("the request body must be the dialogue (JSON)");
        }
        Dialogue dialogue;
        try {
            dialogue = dialogues.parse(ctx.body().asString());
        } catch (DialogueParser.InvalidDialogue e) {
            return reply(400, Map.of("error", "invalid dialogue", "errors", e.problems()));
        }
        return reply(200, sop.check(dialogue));
    }

    private SopConformance sopFlow(String tenant, String key) {
        byte[] bpmn = workflow.processModel(tenant, key).orElseThrow(() -> new WorkflowException(
                WorkflowException.Reason.NOT_FOUND, "no SOP flow " + key + " is deployed"
                + (tenant == null ? "" : " for tenant " + tenant + " or shared")));
        List<String> cacheKey = java.util.Arrays.asList(tenant, key);
        SopFlowCache cached = sopFlows.get(cacheKey);
        if (cached != null && java.util.Arrays.equals(cached.bpmn(), bpmn)) {
            return cached.sop();
        }
        SopConformance sop;
        try {
            sop = new SopConformance(SopFlow.fromBpmn(new ByteArrayInputStream(bpmn), key));
        } catch (IllegalArgumentException e) {
            throw new BadRequest("the process " + key + " is not an SOP flow: " + e.getMessage());
        }
        sopFlows.put(cacheKey, new SopFlowCache(bpmn, sop));
        return sop;
    }

    /** Calibration is blind: a reviewer sees no other reviewer's calibration verdicts; seniors and admins see all. */
    private static boolean blindFor(Caller caller, Verdict verdict) {
        return caller.role() != Role.REVIEWER || verdict.kind() != Kind.CALIBRATION
                || verdict.actor().equals(caller.actor().user());
    }

    private Reply complete(RoutingContext ctx, Caller caller, TaskOutcome outcome) {
        String id = ctx.pathParam("id");
        workflow.complete(id, caller.actor(), outcome);
        return reply(200, Map.of("task", id, "status", "completed"));
    }

    // ---- request bodies

    private static TaskOutcome review(JsonNode body) {
        JsonNode hits = field(body, "hits", "/hits");
        if (!hits.isArray()) {
            throw new BadRequest("/hits must be an array of {\"rule\": …, \"confirmed\": true|false}");
        }
        List<HitVerdict> verdicts = new ArrayList<>();
        for (int i = 0; i < hits.size(); i++) {
            JsonNode hit = hits.get(i);
            JsonNode confirmed = field(hit, "confirmed", "/hits/" + i + "/confirmed");
            if (!confirmed.isBoolean()) {
                throw new BadRequest("/hits/" + i + "/confirmed must be true or false");
            }
            verdicts.add(new HitVerdict(text(hit, "rule", "/hits/" + i + "/rule", true), confirmed.booleanValue()));
        }
        return new TaskOutcome.Review(verdicts, number(body, "score", "/score"), text(body, "reason", "/reason", false));
    }

    private static TaskOutcome appeal(JsonNode body) {
        JsonNode appeal = field(body, "appeal", "/appeal");
        if (!appeal.isBoolean()) {
            throw new BadRequest("/appeal must be true (appeal, with a reason) or false (accept the score)");
        }
        return appeal.booleanValue() ? new TaskOutcome.Appeal(text(body, "reason", "/reason", false)) : new TaskOutcome.Accept();
    }

    private static TaskOutcome arbitration(JsonNode body) {
        JsonNode upheld = field(body, "upheld", "/upheld");
        if (!upheld.isBoolean()) {
            throw new BadRequest("/upheld must be true (the review stands) or false (overturned, with a score)");
        }
        return new TaskOutcome.Arbitration(upheld.booleanValue(), number(body, "score", "/score"),
                text(body, "reason", "/reason", false));
    }

    private static JsonNode body(RoutingContext ctx) {
        if (ctx.body() == null || ctx.body().length() == 0) {
            throw new BadRequest("the request needs a JSON body");
        }
        try {
            JsonNode node = MAPPER.readTree(ctx.body().asString());
            if (node == null || !node.isObject()) {
                throw new BadRequest("the request body must be a JSON object");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new BadRequest("the request body is not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static JsonNode field(JsonNode object, String name, String pointer) {
        JsonNode value = object == null ? null : object.get(name);
        if (value == null || value.isNull()) {
            throw new BadRequest(pointer + " is required");
        }
        return value;
    }

    private static String text(JsonNode object, String name, String pointer, boolean required) {
        JsonNode value = object.get(name);
        if (value == null || value.isNull()) {
            if (required) {
                throw new BadRequest(pointer + " is required");
            }
            return null;
        }
        if (!value.isTextual()) {
            throw new BadRequest(pointer + " must be a string");
        }
        return value.textValue();
    }

    private static Double number(JsonNode object, String name, String pointer) {
        JsonNode value = object.get(name);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isNumber()) {
            throw new BadRequest(pointer + " must be a number");
        }
        return value.doubleValue();
    }

    private static int integer(JsonNode object, String name, String pointer) {
        JsonNode value = field(object, name, pointer);
        if (!value.canConvertToInt() || !value.isIntegralNumber()) {
            throw new BadRequest(pointer + " must be an integer");
        }
        return value.intValue();
    }

    private static Instant instant(RoutingContext ctx, String parameter, Instant otherwise) {
        String value = ctx.queryParams().get(parameter);
        if (value == null) {
            return otherwise;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new BadRequest("query parameter " + parameter + " must be an ISO instant such as 2026-11-01T00:00:00Z");
        }
    }

    private static Instant farFuture() {
        return Instant.parse("9999-12-31T23:59:59Z");
    }

    // ---- plumbing

    private record Reply(int status, Object body) {
    }

    private static Reply reply(int status, Object body) {
        return new Reply(status, body);
    }

    /** A request that cannot be understood: 400 naming the field. */
    private static final class BadRequest extends RuntimeException {
        BadRequest(String message) {
            super(message);
        }
    }

    private interface Work {
        Reply run(Caller caller);
    }

    /** Checks who calls and whether their role may, then does the work off the event loop. */
    private void handle(RoutingContext ctx, Set<Role> allowed, String action, Work work) {
        String user = ctx.request().getHeader(USER_HEADER);
        String roleName = ctx.request().getHeader(ROLE_HEADER);
        if (user == null || user.isBlank() || roleName == null || roleName.isBlank()) {
            send(ctx, 401, Map.of("error", "who is calling is unknown: the " + USER_HEADER + " and " + ROLE_HEADER
                    + " headers are required (set by the authenticating proxy)"));
            return;
        }
        Role role;
        try {
            role = Role.valueOf(roleName.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            send(ctx, 403, Map.of("error", "unknown role '" + roleName + "'; roles are reviewer, senior, agent, admin"));
            return;
        }
        if (!allowed.contains(role)) {
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("error", "role " + role.id() + " may not " + action);
            body.put("role", role.id());
            body.put("allowed", allowed.stream().map(Role::id).toList());
            send(ctx, 403, body);
            return;
        }
        String tenant = ctx.request().getHeader(TENANT_HEADER);
        Caller caller = new Caller(new Actor(user.trim(), role.groups(),
                tenant == null || tenant.isBlank() ? null : tenant.trim()), role);
        Callable<Reply> call = () -> {
            try {
                return work.run(caller);
            } catch (BadRequest e) {
                return reply(400, Map.of("error", e.getMessage()));
            } catch (WorkflowException e) {
                Map<String, Object> body = new LinkedHashMap<>();
                body.put("error", e.getMessage());
                if (!e.details().isEmpty()) {
                    body.put("errors", e.details());
                }
                return reply(switch (e.reason()) {
                    case NOT_FOUND -> 404;
                    case NOT_ALLOWED -> 403;
                    case CONFLICT -> 409;
                    case INVALID -> 400;
                }, body);
            }
        };
        ctx.vertx().executeBlocking(call, false).onSuccess(reply -> send(ctx, reply.status(), reply.body()))
                .onFailure(failure -> {
                    log.error("{} {} failed", ctx.request().method(), ctx.request().path(), failure);
                    send(ctx, 500, Map.of("error", "internal error", "reason", String.valueOf(failure.getMessage())));
                });
    }

    private static void send(RoutingContext ctx, int status, Object body) {
        if (ctx.response().ended() || ctx.response().closed()) {
            return;
        }
        String text;
        try {
            text = MAPPER.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            status = 500;
            text = "{\"error\":\"internal error\",\"reason\":\"the reply could not be written as JSON\"}";
        }
        ctx.response().setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(text);
    }
}
