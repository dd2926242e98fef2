package io.parley.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.parley.engine.api.Diagnostic;
import io.parley.engine.api.EvaluationException;
import io.parley.engine.api.RuleSetRef;
import io.parley.engine.api.dialogue.DialogueReader;
import io.parley.engine.api.dialogue.InvalidDialogueException;
import io.parley.http.ApiServer.Reply;
import io.parley.engine.impl.lifecycle.Backtest;
import io.parley.engine.impl.lifecycle.BacktestJobs;
import io.parley.engine.impl.lifecycle.RuleSetLifecycle;
import io.parley.engine.impl.lifecycle.RuleSetNotFoundException;
import io.parley.engine.impl.lifecycle.RuleSetRejectedException;
import io.parley.engine.impl.lifecycle.ShadowRuns;
import io.parley.engine.spi.storage.RuleSetStore.StoredRuleSet;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/**
 * The rule-set lifecycle over HTTP (docs/lifecycle.md): push drafts, list and read versions,
 * diff, try a version on a dialogue, publish, backtest in the background, shadow live traffic.
 * Errors are JSON objects with an {@code error} message: 400 for a bad parameter (named), 404 for
 * an unknown rule set, version or job, 409 for a version stored with other source, 422 for source
 * that does not compile (with its diagnostics).
 */
public final class RuleSetRoutes {
    static final String RULESETS = "/api/v1/rulesets";
    /** Rule files are small; this is far above any real one. */
    static final int MAX_SOURCE_BYTES = 1024 * 1024;

    private final Vertx vertx;
    private final RuleSetLifecycle lifecycle;
    private final BacktestJobs backtests;
    private final ShadowRuns shadows;
    private final DialogueReader reader = new DialogueReader();

    public RuleSetRoutes(Vertx vertx, RuleSetLifecycle lifecycle, BacktestJobs backtests, ShadowRuns shadows) {
        this.vertx = vertx;
        this.lifecycle = lifecycle;
        this.backtests = backtests;
        this.shadows = shadows;
    }

    public void mount(Router router) {
        router.post(RULESETS).handler(BodyHandler.create(false).setBodyLimit(MAX_SOURCE_BYTES)).handler(this::push);
        router.get(RULESETS).handler(ctx -> respond(ctx, () -> Reply.of(200, lifecycle.list())));
        router.get(RULESETS + "/:id/versions").handler(ctx -> respond(ctx, () ->
                Reply.of(200, lifecycle.versions(ctx.pathParam("id")))));
        router.get(RULESETS + "/:id/versions/:version").handler(ctx -> respond(ctx, () ->
                Reply.of(200, VersionSource.of(lifecycle.version(ref(ctx, ctx.pathParam("version"), "version"))))));
        router.post(RULESETS + "/:id/versions/:version/publish").handler(ctx -> respond(ctx, () ->
                Reply.of(200, lifecycle.publish(ref(ctx, ctx.pathParam("version"), "version")))));
        router.get(RULESETS + "/:id/diff").handler(ctx -> respond(ctx, () -> Reply.of(200,
                lifecycle.diff(ref(ctx, required(ctx, "from"), "from"), ref(ctx, required(ctx, "to"), "to")))));
        router.post(RULESETS + "/:id/try").handler(BodyHandler.create(false).setBodyLimit(ApiServer.MAX_DIALOGUE_BYTES))
                .handler(this::tryOn);
        router.post(RULESETS + "/:id/backtest").handler(this::startBacktest);
        router.get(RULESETS + "/:id/backtest").handler(ctx -> respond(ctx, () ->
                Reply.of(200, backtests.list(ctx.pathParam("id")))));
        router.post(RULESETS + "/:id/backtest/:job/restart").handler(ctx -> respond(ctx, () -> {
            job(ctx, backtests.status(ctx.pathParam("job")));
            BacktestJobs.JobStatus restarted = job(ctx, backtests.restart(ctx.pathParam("job")));
            return Reply.of(202, restarted).with(HttpHeaders.LOCATION,
                    RULESETS + "/" + ctx.pathParam("id") + "/backtest/" + restarted.job());
        }));
        router.get(RULESETS + "/:id/backtest/:job").handler(ctx -> respond(ctx, () -> Reply.of(200, job(ctx,
                backtests.status(ctx.pathParam("job"))))));
        router.delete(RULESETS + "/:id/backtest/:job").handler(ctx -> respond(ctx, () -> Reply.of(200, job(ctx,
                backtests.cancel(ctx.pathParam("job"))))));
        router.post(RULESETS + "/:id/shadow").handler(ctx -> respond(ctx, () ->
                Reply.of(200, shadows.start(draft(ctx)))));
        router.get(RULESETS + "/:id/shadow").handler(this::shadowComparison);
        router.get(RULESETS + "/:id/shadow/runs").handler(ctx -> respond(ctx, () ->
                Reply.of(200, shadows.runs(ctx.pathParam("id")))));
        router.delete(RULESETS + "/:id/shadow").handler(ctx -> respond(ctx, () -> shadows.stop(ctx.pathParam("id"))
                .map(stopped -> Reply.of(200, stopped))
                .orElseGet(() -> Reply.error(404, "no shadow runs for rule set '" + ctx.pathParam("id") + "'"))));
    }

    // ---- routes

    private void push(RoutingContext ctx) {
        String source = Optional.ofNullable(ctx.body().buffer()).map(body -> body.toString(StandardCharsets.UTF_8)).orElse("");
        String file = Optional.ofNullable(ctx.queryParams().get("file")).orElse("ruleset.parley");
        respond(ctx, () -> {
            if (source.isBlank()) {
                return Reply.error(400, "the body is empty: send the rule file's source (Content-Type: text/plain),"
                        + " e.g. curl --data-binary @rules.parley");
            }
            RuleSetLifecycle.Pushed pushed = lifecycle.push(file, source);
            Map<String, Object> body = new LinkedHashMap<>();
            if (pushed.rejected()) {
                body.put("error", "the rule set has errors; nothing was stored");
                body.put("diagnostics", diagnostics(pushed.diagnostics()));
                return Reply.of(422, body);
            }
            StoredRuleSet stored = pushed.stored();
            body.put("ruleset", stored.ref());
            body.put("file", stored.fileName());
            body.put("status", pushed.created() ? "stored" : "unchanged");
            body.put("published", stored.published());
            body.put("diagnostics", diagnostics(pushed.diagnostics()));
            String location = RULESETS + "/" + stored.ref().id() + "/versions/" + stored.ref().version();
            return Reply.of(pushed.created() ? 201 : 200, body).with(HttpHeaders.LOCATION, location);
        });
    }

    private void tryOn(RoutingContext ctx) {
        Buffer body = Optional.ofNullable(ctx.body().buffer()).orElseGet(Buffer::buffer);
        respond(ctx, () -> {
            RuleSetRef draft = draft(ctx);
            try {
                return Reply.of(200, lifecycle.tryOn(draft, reader.read(body.toString(StandardCharsets.UTF_8))));
            } catch (InvalidDialogueException e) {
                return Reply.of(400, Map.of("error", "invalid dialogue", "errors", e.errors()));
            } catch (EvaluationException e) {
                return Reply.of(422, Map.of("error", "evaluation failed", "reason", e.getMessage()));
            }
        });
    }

    private void startBacktest(RoutingContext ctx) {
        respond(ctx, () -> {
            String id = ctx.pathParam("id");
            RuleSetRef candidate = draft(ctx);
            String baselineVersion = ctx.queryParams().get("baseline");
            RuleSetRef baseline = baselineVersion == null ? lifecycle.publishedVersion(id) : ref(ctx, baselineVersion, "baseline");
            lifecycle.version(baseline);
            String sinceText = ctx.queryParams().get("since");
            OffsetDateTime since = sinceText == null ? null : Backtest.parseSince(sinceText);
            BacktestJobs.JobStatus job = backtests.start(baseline, candidate, since);
            return Reply.of(202, job).with(HttpHeaders.LOCATION, RULESETS + "/" + id + "/backtest/" + job.job());
        });
    }

    private void shadowComparison(RoutingContext ctx) {
        respond(ctx, () -> {
            String id = ctx.pathParam("id");
            Optional<ShadowRuns.ShadowStatus> running = shadows.status(id);
            RuleSetRef draft = ctx.queryParams().get("version") != null ? draft(ctx)
                    : running.map(ShadowRuns.ShadowStatus::draft).orElseThrow(() -> new RuleSetNotFoundException(
                    "no shadow runs for rule set '" + id + "'; name a version (?version=N) to compare its stored shadow results"));
            Map<String, Object> body = new LinkedHashMap<>();
            body.put("running", running.filter(status -> status.draft().equals(draft)).orElse(null));
            body.put("comparison", shadows.compare(draft));
            return Reply.of(200, body);
        });
    }

    // ---- parameters

    /** The version named by {@code ?version=}, else the newest stored version of the rule set. */
    private RuleSetRef draft(RoutingContext ctx) {
        String version = ctx.queryParams().get("version");
        return version == null ? lifecycle.newest(ctx.pathParam("id")) : ref(ctx, version, "version");
    }

    private static RuleSetRef ref(RoutingContext ctx, String version, String field) {
        try {
            int number = Integer.parseInt(version);
            if (number >= 1) {
                return new RuleSetRef(ctx.pathParam("id"), number);
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new BadParameter(field + " must be a version number (1, 2, …), was '" + version + "'");
    }

    private static String required(RoutingContext ctx, String name) {
        String value = ctx.queryParams().get(name);
        if (value == null || value.isBlank()) {
            throw new BadParameter("missing ?" + name + "=VERSION");
        }
        return value;
    }

    private static BacktestJobs.JobStatus job(RoutingContext ctx, Optional<BacktestJobs.JobStatus> job) {
        return job.filter(status -> status.candidate().id().equals(ctx.pathParam("id")))
                .orElseThrow(() -> new RuleSetNotFoundException("no backtest job '" + ctx.pathParam("job")
                        + "' for rule set '" + ctx.pathParam("id") + "'"));
    }

    private static final class BadParameter extends RuntimeException {
        BadParameter(String message) {
            super(message);
        }
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

    // ---- plumbing

    private void respond(RoutingContext ctx, Callable<Reply> work) {
        vertx.executeBlocking(() -> {
            try {
                return work.call();
            } catch (BadParameter e) {
                return Reply.error(400, e.getMessage());
            } catch (RuleSetNotFoundException e) {
                return Reply.error(404, e.getMessage());
            } catch (RuleSetRejectedException e) {
                return Reply.of(422, Map.of("error", e.getMessage(), "diagnostics", diagnostics(e.diagnostics())));
            } catch (IllegalArgumentException e) {
                return Reply.error(400, e.getMessage());
            } catch (IllegalStateException e) {
                return Reply.error(409, e.getMessage());
            }
        }, false).onSuccess(reply -> ApiServer.send(ctx, reply)).onFailure(ctx::fail);
    }
}
