package io.parley.http.routes;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.parley.engine.api.Diagnostic;
import io.parley.engine.api.EvaluationException;
import io.parley.engine.api.RuleSetRef;
import io.parley.engine.api.dialogue.DialogueReader;
import io.parley.engine.api.dialogue.InvalidDialogueException;
import io.parley.engine.impl.lifecycle.Backtest;
import io.parley.engine.impl.lifecycle.BacktestJobs;
import io.parley.engine.impl.lifecycle.RuleSetLifecycle;
import io.parley.engine.impl.lifecycle.RuleSetNotFoundException;
import io.parley.engine.impl.lifecycle.RuleSetRejectedException;
import io.parley.engine.impl.lifecycle.ShadowRuns;
import io.parley.engine.spi.storage.RuleSetStore.StoredRuleSet;
import io.parley.http.HttpProblem;
import io.parley.http.Reply;
import io.parley.http.Request;
import io.parley.http.RouteModule;
import io.parley.http.Routes;
import io.parley.http.Routes.BodyLimit;
import io.parley.engine.api.security.Permission;
import io.parley.engine.impl.tenancy.TenantEngines;
import io.parley.engine.spi.storage.AuditLog.AuditEvent;
import io.vertx.core.http.HttpHeaders;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The rule-set lifecycle over HTTP (docs/lifecycle.md): push drafts, list and read versions,
 * diff, try a version on a dialogue, publish, backtest in the background, shadow live traffic.
 * Errors are JSON objects with an {@code error} message: 400 for a bad parameter (named), 404 for
 * an unknown rule set, version or job, 409 for a version stored with other source, 422 for source
 * that does not compile (with its diagnostics).
 */
public final class RuleSetRoutes implements RouteModule {
    static final String RULESETS = "/api/v1/rulesets";
    /** Rule files are small; this is far above any real one. */
    static final BodyLimit SOURCE = new BodyLimit(1024 * 1024, "per rule file");

    private final TenantEngines engines;
    private final DialogueReader reader = new DialogueReader();

    /** @param engines each caller's tenant's engine: its rule sets, backtests and shadow runs */
    public RuleSetRoutes(TenantEngines engines) {
        this.engines = engines;
    }

    private RuleSetLifecycle lifecycle(Request request) {
        return engines.of(request.tenant()).lifecycle();
    }

    private BacktestJobs backtests(Request request) {
        return engines.of(request.tenant()).backtests();
    }

    private ShadowRuns shadows(Request request) {
        return engines.of(request.tenant()).shadows();
    }

    @Override
    public void register(Routes routes) {
        routes.post(RULESETS, Permission.RULESETS_EDIT, SOURCE, this::push)
                .get(RULESETS, Permission.RULESETS_READ, request -> Reply.of(200, lifecycle(request).list()))
                .get(RULESETS + "/:id/versions", Permission.RULESETS_READ, request -> Reply.of(200, lifecycle(request).versions(request.pathParam("id"))))
                .get(RULESETS + "/:id/versions/:version", Permission.RULESETS_READ, request ->
                        Reply.of(200, VersionSource.of(lifecycle(request).version(ref(request, request.pathParam("version"), "version")))))
                .post(RULESETS + "/:id/versions/:version/publish", Permission.RULESETS_PUBLISH, this::publish)
                .get(RULESETS + "/:id/diff", Permission.RULESETS_READ, request -> Reply.of(200, lifecycle(request).diff(
                        ref(request, request.requiredQuery("from", "VERSION"), "from"),
                        ref(request, request.requiredQuery("to", "VERSION"), "to"))))
                .post(RULESETS + "/:id/try", Permission.RULESETS_EDIT, DialogueRoutes.ONE_DIALOGUE, this::tryOn)
                .post(RULESETS + "/:id/backtest", Permission.RULESETS_EDIT, this::startBacktest)
                .get(RULESETS + "/:id/backtest", Permission.RULESETS_READ, request -> Reply.of(200, backtests(request).list(request.pathParam("id"))))
                .post(RULESETS + "/:id/backtest/:job/restart", Permission.RULESETS_EDIT, request -> {
                    job(request, backtests(request).status(request.pathParam("job")));
                    BacktestJobs.JobStatus restarted = job(request, backtests(request).restart(request.pathParam("job")));
                    return Reply.of(202, restarted).with(HttpHeaders.LOCATION,
                            RULESETS + "/" + request.pathParam("id") + "/backtest/" + restarted.job());
                })
                .get(RULESETS + "/:id/backtest/:job", Permission.RULESETS_READ, request ->
                        Reply.of(200, job(request, backtests(request).status(request.pathParam("job")))))
                .delete(RULESETS + "/:id/backtest/:job", Permission.RULESETS_EDIT, request ->
                        Reply.of(200, job(request, backtests(request).cancel(request.pathParam("job")))))
                .post(RULESETS + "/:id/shadow", Permission.RULESETS_EDIT, request -> Reply.of(200, shadows(request).start(draft(request))))
                .get(RULESETS + "/:id/shadow", Permission.RULESETS_READ, this::shadowComparison)
                .get(RULESETS + "/:id/shadow/runs", Permission.RULESETS_READ, request -> Reply.of(200, shadows(request).runs(request.pathParam("id"))))
                .delete(RULESETS + "/:id/shadow", Permission.RULESETS_EDIT, request -> shadows(request).stop(request.pathParam("id"))
                        .map(stopped -> Reply.of(200, stopped))
                        .orElseThrow(() -> HttpProblem.notFound("no shadow runs for rule set '" + request.pathParam("id") + "'")))
                .mapError(RuleSetNotFoundException.class, e -> HttpProblem.notFound(e.getMessage()))
                .mapError(RuleSetRejectedException.class, e -> new HttpProblem(422, e.getMessage())
                        .with("diagnostics", diagnostics(e.diagnostics())))
                .mapError(IllegalArgumentException.class, e -> HttpProblem.badRequest(e.getMessage()))
                .mapError(IllegalStateException.class, e -> new HttpProblem(409, e.getMessage()));
    }

    // ---- routes

    private Reply publish(Request request) {
        RuleSetRef ref = ref(request, request.pathParam("version"), "version");
        var published = lifecycle(request).publish(ref);
        engines.of(request.tenant()).storage().audit().record(AuditEvent.by(request.principal(), "ruleset.publish", ref.toString(),
                published.previous() == null ? "" : "replacing " + published.previous()));
        return Reply.of(200, published);
    }

    private Reply push(Request request) {
        String file = request.query("file").orElse("ruleset.parley");
        String source = request.bodyText();
        if (source.isBlank()) {
            throw HttpProblem.badRequest("the body is empty: send the rule file's source (Content-Type: text/plain),"
                    + " e.g. curl --data-binary @rules.parley").with("field", Request.BODY);
        }
        RuleSetLifecycle.Pushed pushed = lifecycle(request).push(file, source);
        if (pushed.rejected()) {
            throw new HttpProblem(422, "the rule set has errors; nothing was stored")
                    .with("diagnostics", diagnostics(pushed.diagnostics()));
        }
        StoredRuleSet stored = pushed.stored();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("ruleset", stored.ref());
        body.put("file", stored.fileName());
        body.put("status", pushed.created() ? "stored" : "unchanged");
        body.put("published", stored.published());
        body.put("diagnostics", diagnostics(pushed.diagnostics()));
        String location = RULESETS + "/" + stored.ref().id() + "/versions/" + stored.ref().version();
        return Reply.of(pushed.created() ? 201 : 200, body).with(HttpHeaders.LOCATION, location);
    }

    private Reply tryOn(Request request) {
        RuleSetRef draft = draft(request);
        try {
            return Reply.of(200, lifecycle(request).tryOn(draft, reader.read(request.bodyText())));
        } catch (InvalidDialogueException e) {
            throw HttpProblem.badRequest("invalid dialogue").with("errors", e.errors());
        } catch (EvaluationException e) {
            throw new HttpProblem(422, "evaluation failed").with("reason", e.getMessage());
        }
    }

    private Reply startBacktest(Request request) {
        String id = request.pathParam("id");
        RuleSetRef candidate = draft(request);
        RuleSetRef baseline = request.query("baseline").map(version -> ref(request, version, "baseline"))
                .orElseGet(() -> lifecycle(request).publishedVersion(id));
        lifecycle(request).version(baseline);
        OffsetDateTime since = request.query("since").map(Backtest::parseSince).orElse(null);
        BacktestJobs.JobStatus job = backtests(request).start(baseline, candidate, since);
        return Reply.of(202, job).with(HttpHeaders.LOCATION, RULESETS + "/" + id + "/backtest/" + job.job());
    }

    private Reply shadowComparison(Request request) {
        String id = request.pathParam("id");
        Optional<ShadowRuns.ShadowStatus> running = shadows(request).status(id);
        RuleSetRef draft = request.query("version").isPresent() ? draft(request)
                : running.map(ShadowRuns.ShadowStatus::draft).orElseThrow(() -> new RuleSetNotFoundException(
                "no shadow runs for rule set '" + id + "'; name a version (?version=N) to compare its stored shadow results"));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("running", running.filter(status -> status.draft().equals(draft)).orElse(null));
        body.put("comparison", shadows(request).compare(draft));
        return Reply.of(200, body);
    }

    // ---- parameters

    /** The version named by {@code ?version=}, else the newest stored version of the rule set. */
    private RuleSetRef draft(Request request) {
        return request.query("version").map(version -> ref(request, version, "version"))
                .orElseGet(() -> lifecycle(request).newest(request.pathParam("id")));
    }

    private static RuleSetRef ref(Request request, String version, String field) {
        try {
            int number = Integer.parseInt(version);
            if (number >= 1) {
                return new RuleSetRef(request.pathParam("id"), number);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw HttpProblem.badRequest(field + " must be a version number (1, 2, …), was '" + version + "'")
                .with("field", field.equals("version") && request.query("version").isEmpty() ? ":version" : "?" + field);
    }

    private static BacktestJobs.JobStatus job(Request request, Optional<BacktestJobs.JobStatus> job) {
        return job.filter(status -> status.candidate().id().equals(request.pathParam("id")))
                .orElseThrow(() -> new RuleSetNotFoundException("no backtest job '" + request.pathParam("job")
                        + "' for rule set '" + request.pathParam("id") + "'"));
    }

    // ---- bodies

    /** A diagnostic as JSON: its parts, and the compiler-style text with the source line and caret. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record DiagnosticJson(String code, String severity, String file, int line, int column, String message,
                          String suggestion, String rendered) {
        static DiagnosticJson of(Diagnostic d) {
            return new DiagnosticJson(d.code(), d.severity().name().toLowerCase(Locale.ROOT), d.file(), d.line(), d.column(),
                    d.message(), d.suggestion(), d.render());
        }
    }

    private static List<DiagnosticJson> diagnostics(List<Diagnostic> diagnostics) {
        return diagnostics.stream().map(DiagnosticJson::of).toList();
    }

    record VersionSource(RuleSetRef ruleset, String file, boolean published, Instant storedAt, String source) {
        static VersionSource of(StoredRuleSet stored) {
            return new VersionSource(stored.ref(), stored.fileName(), stored.published(), stored.storedAt(), stored.source());
        }
    }
}
