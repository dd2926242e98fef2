package io.parley.http.routes;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.parley.engine.api.Dialogue;
import io.parley.engine.api.DialogueEvaluator;
import io.parley.engine.api.dialogue.DialogueReader;
import io.parley.engine.api.dialogue.FieldError;
import io.parley.engine.api.dialogue.InvalidDialogueException;
import io.parley.engine.impl.ingest.DialogueIngestor;
import io.parley.engine.impl.ingest.DialogueIngestor.Receipt;
import io.parley.engine.impl.ingest.DialogueIngestor.Status;
import io.parley.engine.impl.lifecycle.RuleSetNotFoundException;
import io.parley.engine.impl.lifecycle.RuleSetsInForce;
import io.parley.engine.impl.plugin.PluginFailure;
import io.parley.engine.spi.plugin.DialogueMapperPlugin.DialogueMapper;
import io.parley.engine.spi.storage.TenantStorage;
import io.parley.engine.api.TenantId;
import io.parley.engine.api.security.Permission;
import io.parley.engine.api.security.Principal;
import io.parley.engine.impl.tenancy.TenantEngine;
import io.parley.http.HttpProblem;
import io.parley.http.Reply;
import io.parley.http.Request;
import io.parley.http.RouteModule;
import io.parley.http.Routes;
import io.parley.http.Routes.BodyLimit;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * The dialogue API: submit dialogues one by one, as an NDJSON stream, or as raw records that the
 * rule set's mapper turns into dialogues; read them and their results back. Routes are documented
 * in docs/dialogue-format.md.
 */
public final class DialogueRoutes implements RouteModule {
    private static final Logger log = LoggerFactory.getLogger(DialogueRoutes.class);
    /** Per dialogue: the limit of a single POST's body and of one NDJSON line. */
    static final int MAX_DIALOGUE_BYTES = 2 * 1024 * 1024;
    static final String DIALOGUES = "/api/v1/dialogues";
    static final BodyLimit ONE_DIALOGUE = new BodyLimit(MAX_DIALOGUE_BYTES,
            "per dialogue (send many dialogues as NDJSON to " + DIALOGUES + "/batch)");
    /** The query parameter naming the published rule set that evaluates a posted dialogue (default: the server's). */
    static final String RULESET = "ruleset";
    private static final String NDJSON = "application/x-ndjson; charset=utf-8";

    private final Function<TenantId, TenantDialogues> tenants;
    private final DialogueReader reader = new DialogueReader();
    private Routes routes;

    /** What the routes use of a tenant's engine. */
    public record TenantDialogues(TenantStorage storage, DialogueIngestor ingestor, RuleSetsInForce published) {
        public static TenantDialogues of(TenantEngine engine) {
            return new TenantDialogues(engine.storage(), engine.ingestor(), engine.published());
        }
    }

    /** @param tenants each caller's tenant's storage, ingestor and rule sets in force (built on first use: it may block) */
    public DialogueRoutes(Function<TenantId, TenantDialogues> tenants) {
        this.tenants = tenants;
    }

    @Override
    public void register(Routes routes) {
        this.routes = routes;
        routes.streaming(HttpMethod.POST, DIALOGUES + "/batch", Permission.DIALOGUES_SUBMIT, this::acceptBatch)
                .post(DIALOGUES + "/raw", Permission.DIALOGUES_SUBMIT, ONE_DIALOGUE, this::acceptRaw)
                .post(DIALOGUES, Permission.DIALOGUES_SUBMIT, ONE_DIALOGUE, this::acceptOne)
                .get(DIALOGUES + "/:id", Permission.DIALOGUES_READ, this::dialogue)
                .get(DIALOGUES + "/:id/result", Permission.DIALOGUES_READ, this::result)
                .mapError(RuleSetNotFoundException.class, DialogueRoutes::unknownRuleSet);
    }

    // ---- routes

    private Reply acceptOne(Request request) {
        TenantDialogues engine = tenants.apply(request.tenant());
        DialogueEvaluator evaluator = request.query(RULESET).map(engine.published()::evaluator).orElse(null);
        try {
            Dialogue dialogue = reader.read(request.bodyText());
            DialogueIngestor ingestor = engine.ingestor();
            return accepted(evaluator == null ? ingestor.accept(dialogue) : ingestor.accept(dialogue, evaluator));
        } catch (InvalidDialogueException e) {
            throw HttpProblem.badRequest("invalid dialogue").with("errors", e.errors());
        }
    }

    /**
     * A customer's own record shape, mapped to a dialogue by the rule set's mapper ({@code script
     * map}), then validated and stored like a dialogue sent as is. 409 when the rule set in force
     * has no mapper: the request may be fine, the server is not set up for it.
     */
    private Reply acceptRaw(Request request) {
        TenantDialogues engine = tenants.apply(request.tenant());
        RuleSetsInForce rulesets = engine.published();
        Optional<DialogueMapper> mapper = rulesets.defaultMapper();
        if (mapper.isEmpty()) {
            DialogueEvaluator evaluator = rulesets.defaultEvaluator();
            throw new HttpProblem(409, "the rule set in force"
                    + (evaluator == null ? "" : " (" + evaluator.ruleset() + ")") + " declares no dialogue mapper")
                    .with("hint", "add 'script map = js\"\"\"(raw) => ({ id: …, turns: […] })\"\"\"' to its rule file,"
                            + " or send Parley dialogues to " + DIALOGUES);
        }
        JsonNode raw = request.json();
        JsonNode mapped;
        try {
            mapped = Objects.requireNonNullElse(mapper.get().map(raw), NullNode.getInstance());
        } catch (PluginFailure failure) {
            throw HttpProblem.badRequest("the record could not be mapped to a dialogue").with("reason", failure.getMessage());
        }
        try {
            return accepted(engine.ingestor().accept(reader.read(mapped)));
        } catch (InvalidDialogueException e) {
            throw HttpProblem.badRequest("the mapped record is not a valid dialogue").with("errors", e.errors());
        }
    }

    private static Reply accepted(Receipt receipt) {
        String result = resultPath(receipt.id());
        return Reply.of(202, Map.of("id", receipt.id(), "status", "accepted", "stored", storedName(receipt),
                        "result", result))
                .with(HttpHeaders.LOCATION, result);
    }

    private Reply dialogue(Request request) {
        String id = request.pathParam("id");
        return Reply.of(200, visibleDialogue(request, tenants.apply(request.tenant()).storage(), id));
    }

    /**
     * The tenant's dialogue, when the caller may see it: an agent sees only their own; to everyone
     * else, another agent's dialogue does not exist.
     */
    private static Dialogue visibleDialogue(Request request, TenantStorage storage, String id) {
        Principal caller = request.principal();
        return storage.dialogues().find(id)
                .filter(dialogue -> caller.sees(dialogue.agent() == null ? null : dialogue.agent().id()))
                .orElseThrow(() -> HttpProblem.notFound("no dialogue with id '" + id + "'"));
    }

    private Reply result(Request request) {
        String id = request.pathParam("id");
        TenantDialogues engine = tenants.apply(request.tenant());
        DialogueIngestor ingestor = engine.ingestor();
        TenantStorage storage = engine.storage();
        if (request.principal().role().seesOnlyOwn()) {
            visibleDialogue(request, storage, id);
        }
        return switch (ingestor.status(id)) {
            case Status.Pending pending -> Reply.of(202, Map.of("status", "pending")).with(HttpHeaders.RETRY_AFTER, "1");
            case Status.Failed failed -> new HttpProblem(422, "evaluation failed")
                    .with("reason", failed.reason()).reply();
            case Status.Evaluated evaluated -> storage.results().latest(id)
                    .map(result -> Reply.of(200, result))
                    .orElseThrow(() -> HttpProblem.notFound("no result for dialogue '" + id + "'"));
            case Status.Unknown unknown -> throw HttpProblem.notFound("no dialogue with id '" + id + "'");
        };
    }

    // ---- NDJSON batches

    /**
     * Reads NDJSON with back-pressure: the request is paused while the lines of each chunk are
     * validated and stored, and resumed once their reports are written and the response can take
     * more. Only the current chunk and one partial line are ever held in memory.
     */
    private void acceptBatch(RoutingContext ctx) {
        String ruleset = ctx.queryParams().get(RULESET);
        TenantId tenant = Routes.principal(ctx).tenant();
        ctx.request().pause();
        // Off the event loop: a tenant's first request builds its engine (compiles its rule sets).
        routes.blocking(() -> {
            TenantDialogues engine = tenants.apply(tenant);
            return new BatchTarget(engine.ingestor(), ruleset == null ? null : engine.published().evaluator(ruleset));
        }).onSuccess(target -> acceptBatch(ctx, target))
                .onFailure(e -> {
                    ctx.request().resume();
                    if (e instanceof RuleSetNotFoundException unknown) {
                        Routes.send(ctx, unknownRuleSet(unknown).reply());
                    } else {
                        ctx.fail(e);
                    }
                });
    }

    /** @param evaluator the rule set the request names, or null for the one in force */
    private record BatchTarget(DialogueIngestor ingestor, DialogueEvaluator evaluator) {
    }

    private void acceptBatch(RoutingContext ctx, BatchTarget target) {
        HttpServerRequest request = ctx.request();
        HttpServerResponse response = ctx.response();
        response.setChunked(true).putHeader(HttpHeaders.CONTENT_TYPE, NDJSON);
        NdjsonLines lines = new NdjsonLines(MAX_DIALOGUE_BYTES);
        BatchTally tally = new BatchTally();
        WaitingLines waiting = new WaitingLines();
        request.handler(chunk -> {
            waiting.add(lines.feed(chunk));
            if (!waiting.full()) {
                return;
            }
            List<NdjsonLines.Line> batch = waiting.take();
            request.pause();
            routes.blocking(() -> ingest(batch, target)).onSuccess(chunkReport -> {
                tally.write(chunkReport, response);
                if (response.writeQueueFull()) {
                    response.drainHandler(drained -> request.resume());
                } else {
                    request.resume();
                }
            }).onFailure(ctx::fail);
        });
        request.exceptionHandler(e -> log.info("batch upload cut off after {} accepted and {} rejected lines: {}",
                tally.accepted, tally.rejected, e.getMessage()));
        request.endHandler(end -> {
            waiting.add(lines.finish());
            List<NdjsonLines.Line> last = waiting.take();
            routes.blocking(() -> ingest(last, target)).onSuccess(lastReport -> {
                tally.write(lastReport, response);
                response.end(Routes.json(Map.of("summary", Map.of("accepted", tally.accepted, "rejected", tally.rejected))) + "\n");
            }).onFailure(ctx::fail);
        });
        request.resume();
    }

    /** One line of a batch response. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    private record LineReport(int line, String id, String status, String stored, List<FieldError> errors) {
        static final String ACCEPTED = "accepted";

        static LineReport accepted(NdjsonLines.Line line, Receipt receipt) {
            return new LineReport(line.number(), receipt.id(), ACCEPTED, storedName(receipt), null);
        }

        static LineReport rejected(NdjsonLines.Line line, String id, List<FieldError> errors) {
            return new LineReport(line.number(), id, "rejected", null, errors);
        }

        static LineReport rejected(NdjsonLines.Line line, String id, String message) {
            return rejected(line, id, List.of(new FieldError("", message)));
        }
    }

    /** The reports on one chunk's lines, serialised off the event loop. */
    private record ChunkReport(String ndjson, int accepted, int rejected) {
    }

    /**
     * Lines wait until a batch's worth has arrived (256 lines or 8 M characters, whichever first), so
     * that they are stored, and their results later, in a few writes; touched on the event loop only.
     */
    private static final class WaitingLines {
        private static final long MAX_CHARS = 8L * 1024 * 1024;
        private final List<NdjsonLines.Line> lines = new ArrayList<>();
        private long chars;

        void add(List<NdjsonLines.Line> more) {
            lines.addAll(more);
            more.forEach(line -> chars += line.tooLong() ? 0 : line.text().length());
        }

        boolean full() {
            return lines.size() >= DialogueIngestor.BATCH_SIZE || chars >= MAX_CHARS;
        }

        List<NdjsonLines.Line> take() {
            List<NdjsonLines.Line> taken = List.copyOf(lines);
            lines.clear();
            chars = 0;
            return taken;
        }
    }

    /** The batch's running totals; touched on the event loop only. */
    private static final class BatchTally {
        int accepted;
        int rejected;

        void write(ChunkReport chunk, HttpServerResponse response) {
            accepted += chunk.accepted();
            rejected += chunk.rejected();
            if (!chunk.ndjson().isEmpty()) {
                response.write(chunk.ndjson());
            }
        }
    }

    /** Reads every line, stores the dialogues of those that read in one batch, and reports on each line in order. */
    private ChunkReport ingest(List<NdjsonLines.Line> lines, BatchTarget target) {
        DialogueIngestor ingestor = target.ingestor();
        DialogueEvaluator evaluator = target.evaluator();
        LineReport[] reports = new LineReport[lines.size()];
        List<Integer> readable = new ArrayList<>(lines.size());
        List<Dialogue> dialogues = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            NdjsonLines.Line line = lines.get(i);
            if (line.tooLong()) {
                reports[i] = LineReport.rejected(line, null, "line is longer than " + MAX_DIALOGUE_BYTES / (1024 * 1024)
                        + " MB, the limit per dialogue");
                continue;
            }
            try {
                dialogues.add(reader.read(line.text()));
                readable.add(i);
            } catch (InvalidDialogueException e) {
                reports[i] = LineReport.rejected(line, e.dialogueId().orElse(null), e.errors());
            }
        }
        if (!dialogues.isEmpty()) {
            try {
                List<Receipt> receipts = evaluator == null ? ingestor.acceptAll(dialogues) : ingestor.acceptAll(dialogues, evaluator);
                for (int k = 0; k < receipts.size(); k++) {
                    reports[readable.get(k)] = LineReport.accepted(lines.get(readable.get(k)), receipts.get(k));
                }
            } catch (RuntimeException e) {
                // One line that storage refuses must not sink its group: each line is tried on its own,
                // and only those that still fail are reported as not stored; the next batch carries on.
                log.warn("storing lines {}–{} together failed; storing them one by one", lines.get(readable.getFirst()).number(),
                        lines.get(readable.getLast()).number(), e);
                for (int k = 0; k < dialogues.size(); k++) {
                    NdjsonLines.Line line = lines.get(readable.get(k));
                    Dialogue dialogue = dialogues.get(k);
                    try {
                        reports[readable.get(k)] = LineReport.accepted(line, evaluator == null
                                ? ingestor.accept(dialogue) : ingestor.accept(dialogue, evaluator));
                    } catch (RuntimeException alone) {
                        log.error("storing line {} ({}) failed", line.number(), dialogue.id(), alone);
                        // The cause stays in the log: a driver's message names internal addresses.
                        reports[readable.get(k)] = LineReport.rejected(line, dialogue.id(),
                                "not stored: storage failed (the server's log has the details); send the line again");
                    }
                }
            }
        }
        StringBuilder ndjson = new StringBuilder();
        int accepted = 0;
        for (LineReport report : reports) {
            if (report.status().equals(LineReport.ACCEPTED)) {
                accepted++;
            }
            ndjson.append(Routes.json(report)).append('\n');
        }
        return new ChunkReport(ndjson.toString(), accepted, lines.size() - accepted);
    }

    // ---- plumbing

    /** 400 naming the rule set a request asked for that is not published. */
    private static HttpProblem unknownRuleSet(RuleSetNotFoundException e) {
        return HttpProblem.badRequest(e.getMessage()).with("field", "?" + RULESET);
    }

    private static String storedName(Receipt receipt) {
        return receipt.stored().name().toLowerCase(Locale.ROOT);
    }

    private static String resultPath(String id) {
        return DIALOGUES + "/" + URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20") + "/result";
    }
}
