package io.parley.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.NullNode;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.parley.engine.api.Dialogue;
import io.parley.engine.api.DialogueEvaluator;
import io.parley.engine.api.dialogue.DialogueReader;
import io.parley.engine.api.dialogue.FieldError;
import io.parley.engine.api.dialogue.InvalidDialogueException;
import io.parley.engine.impl.ingest.DialogueIngestor;
import io.parley.engine.impl.ingest.DialogueIngestor.Receipt;
import io.parley.engine.impl.ingest.DialogueIngestor.Status;
import io.parley.engine.api.json.ParleyJson;
import io.parley.engine.impl.plugin.PluginFailure;
import io.parley.engine.spi.plugin.DialogueMapperPlugin.DialogueMapper;
import io.parley.engine.spi.storage.Storage;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The HTTP API (Vert.x Web): submit dialogues one by one, as an NDJSON stream, or as raw records
 * that the rule set's mapper turns into dialogues; read them and their results back; check health
 * and metrics (Prometheus text format). Storage and evaluation are blocking, so they run on Vert.x
 * worker threads, never on the event loop. Every error is a JSON object with an {@code error}
 * message. Routes are documented in docs/dialogue-format.md.
 */
public final class ApiServer {
    private static final Logger log = LoggerFactory.getLogger(ApiServer.class);
    /** Per dialogue: the limit of a single POST's body and of one NDJSON line. */
    static final int MAX_DIALOGUE_BYTES = 2 * 1024 * 1024;
    private static final String DIALOGUES = "/api/v1/dialogues";
    /** The query parameter naming the published rule set that evaluates a posted dialogue (default: the server's). */
    static final String RULESET = "ruleset";
    private static final String JSON = "application/json; charset=utf-8";
    private static final String NDJSON = "application/x-ndjson; charset=utf-8";
    private static final String PROMETHEUS_TEXT = "text/plain; version=0.0.4; charset=utf-8";

    private final Vertx vertx;
    private final DialogueIngestor ingestor;
    private final Storage storage;
    private final Supplier<DialogueEvaluator> currentEvaluator;
    private final Supplier<Optional<DialogueMapper>> currentMapper;
    private final PrometheusMeterRegistry metrics;
    private final Consumer<Router> extraRoutes;
    private final Function<String, DialogueEvaluator> evaluatorOfRuleSet;
    private final DialogueReader reader = new DialogueReader();
    private HttpServer server;

    /**
     * @param currentMapper the raw-record mapper of the rule set in force, if it declares one
     * @param metrics       what {@code GET /metrics} serves
     * @param extraRoutes   mounts further routes (the console) after the API's own, so it cannot
     *                      shadow them
     */
    public ApiServer(Vertx vertx, DialogueIngestor ingestor, Storage storage,
                     Supplier<DialogueEvaluator> currentEvaluator, Supplier<Optional<DialogueMapper>> currentMapper,
                     PrometheusMeterRegistry metrics, Consumer<Router> extraRoutes) {
        this(vertx, ingestor, storage, currentEvaluator, currentMapper, metrics, extraRoutes, id -> {
            throw new IllegalArgumentException("this server evaluates with one rule set only");
        });
    }

    /**
     * @param evaluatorOfRuleSet the evaluator of the rule set a request names ({@code ?ruleset=ID});
     *                           throws IllegalArgumentException (or a subclass' own) naming the problem
     *                           when there is no such published rule set
     */
    public ApiServer(Vertx vertx, DialogueIngestor ingestor, Storage storage,
                     Supplier<DialogueEvaluator> currentEvaluator, Supplier<Optional<DialogueMapper>> currentMapper,
                     PrometheusMeterRegistry metrics, Consumer<Router> extraRoutes,
                     Function<String, DialogueEvaluator> evaluatorOfRuleSet) {
        this.evaluatorOfRuleSet = evaluatorOfRuleSet;
        this.vertx = vertx;
        this.ingestor = ingestor;
        this.storage = storage;
        this.currentEvaluator = currentEvaluator;
        this.currentMapper = currentMapper;
        this.metrics = metrics;
        this.extraRoutes = extraRoutes;
    }

    /**
     * Listens and returns once the port is bound; call it from outside Vert.x threads.
     *
     * @param port 0 for any free port
     * @return the port listened on
     */
    public int start(String host, int port) {
        Router router = Router.router(vertx);
        router.post(DIALOGUES + "/batch").handler(this::acceptBatch);
        router.post(DIALOGUES + "/raw").handler(BodyHandler.create(false).setBodyLimit(MAX_DIALOGUE_BYTES))
                .handler(this::acceptRaw);
        router.post(DIALOGUES).handler(BodyHandler.create(false).setBodyLimit(MAX_DIALOGUE_BYTES))
                .handler(this::acceptOne);
        router.get(DIALOGUES + "/:id").handler(this::dialogue);
        router.get(DIALOGUES + "/:id/result").handler(this::result);
        router.get("/health").handler(this::health);
        router.get("/metrics").handler(this::metrics);
        extraRoutes.accept(router);
        router.route().failureHandler(this::failure);
        router.errorHandler(404, ctx -> error(ctx, 404,
                "no such resource: " + ctx.request().method() + " " + ctx.request().path()));
        router.errorHandler(405, ctx -> error(ctx, 405,
                ctx.request().method() + " is not allowed on " + ctx.request().path()));
        server = vertx.createHttpServer(new HttpServerOptions().setHandle100ContinueAutomatically(true))
                .requestHandler(router)
                .listen(port, host)
                .await();
        return server.actualPort();
    }

    /** Stops listening; in-flight requests are cut. */
    public void stop() {
        if (server != null) {
            server.close().await();
            server = null;
        }
    }

    // ---- routes

    private void acceptOne(RoutingContext ctx) {
        Buffer body = Optional.ofNullable(ctx.body().buffer()).orElseGet(Buffer::buffer);
        respond(ctx, () -> {
            String ruleset = ctx.queryParams().get(RULESET);
            DialogueEvaluator evaluator;
            try {
                evaluator = ruleset == null ? null : evaluatorOfRuleSet.apply(ruleset);
            } catch (IllegalArgumentException e) {
                return unknownRuleSet(e);
            }
            try {
                Dialogue dialogue = reader.read(body.toString(StandardCharsets.UTF_8));
                return accepted(evaluator == null ? ingestor.accept(dialogue) : ingestor.accept(dialogue, evaluator));
            } catch (InvalidDialogueException e) {
                return Reply.of(400, new Rejection("invalid dialogue", e.errors()));
            }
        });
    }

    /**
     * A customer's own record shape, mapped to a dialogue by the rule set's mapper ({@code script
     * map}), then validated and stored like a dialogue sent as is. 409 when the rule set in force
     * has no mapper: the request may be fine, the server is not set up for it.
     */
    private void acceptRaw(RoutingContext ctx) {
        Buffer body = Optional.ofNullable(ctx.body().buffer()).orElseGet(Buffer::buffer);
        respond(ctx, () -> {
            Optional<DialogueMapper> mapper = currentMapper.get();
            if (mapper.isEmpty()) {
                DialogueEvaluator evaluator = currentEvaluator.get();
                return Reply.of(409, Map.of("error", "the rule set in force"
                        + (evaluator == null ? "" : " (" + evaluator.ruleset() + ")") + " declares no dialogue mapper",
                        "hint", "add 'script map = js\"\"\"(raw) => ({ id: …, turns: […] })\"\"\"' to its rule file,"
                                + " or send Parley dialogues to " + DIALOGUES));
            }
            JsonNode raw;
            try {
                raw = ParleyJson.mapper().readTree(body.toString(StandardCharsets.UTF_8));
            } catch (JsonProcessingException e) {
                return Reply.error(400, "malformed JSON: " + e.getOriginalMessage());
            }
            JsonNode mapped;
            try {
                mapped = Objects.requireNonNullElse(mapper.get().map(raw), NullNode.getInstance());
            } catch (PluginFailure failure) {
                return Reply.of(400, Map.of("error", "the record could not be mapped to a dialogue",
                        "reason", failure.getMessage()));
            }
            try {
                return accepted(ingestor.accept(reader.read(mapped)));
            } catch (InvalidDialogueException e) {
                return Reply.of(400, new Rejection("the mapped record is not a valid dialogue", e.errors()));
            }
        });
    }

    private static Reply accepted(Receipt receipt) {
        String result = resultPath(receipt.id());
        return Reply.of(202, Map.of("id", receipt.id(), "status", "accepted", "stored", storedName(receipt),
                        "result", result))
                .with(HttpHeaders.LOCATION, result);
    }

    /**
     * Reads NDJSON with back-pressure: the request is paused while the lines of each chunk are
     * validated and stored, and resumed once their reports are written and the response can take
     * more. Only the current chunk and one partial line are ever held in memory.
     */
    private void acceptBatch(RoutingContext ctx) {
        String ruleset = ctx.queryParams().get(RULESET);
        if (ruleset != null) {
            ctx.request().pause();
            blocking(() -> evaluatorOfRuleSet.apply(ruleset)).onSuccess(evaluator -> acceptBatch(ctx, evaluator))
                    .onFailure(e -> {
                        ctx.request().resume();
                        if (e instanceof IllegalArgumentException unknown) {
                            send(ctx, unknownRuleSet(unknown));
                        } else {
                            ctx.fail(e);
                        }
                    });
        } else {
            acceptBatch(ctx, null);
        }
    }

    /** @param evaluator the rule set the request names, or null for the one in force */
    private void acceptBatch(RoutingContext ctx, DialogueEvaluator evaluator) {
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
            blocking(() -> ingest(batch, evaluator)).onSuccess(chunkReport -> {
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
            blocking(() -> ingest(last, evaluator)).onSuccess(lastReport -> {
                tally.write(lastReport, response);
                response.end(json(Map.of("summary", Map.of("accepted", tally.accepted, "rejected", tally.rejected))) + "\n");
            }).onFailure(ctx::fail);
        });
        request.resume();
    }

    private void dialogue(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        respond(ctx, () -> storage.dialogues().find(id)
                .map(dialogue -> Reply.of(200, dialogue))
                .orElseGet(() -> Reply.error(404, "no dialogue with id '" + id + "'")));
    }

    private void result(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        respond(ctx, () -> switch (ingestor.status(id)) {
            case Status.Pending pending -> Reply.of(202, Map.of("status", "pending")).with(HttpHeaders.RETRY_AFTER, "1");
            case Status.Failed failed ->
                    Reply.of(422, Map.of("error", "evaluation failed", "status", "failed", "reason", failed.reason()));
            case Status.Evaluated evaluated -> storage.results().latest(id)
                    .map(result -> Reply.of(200, result))
                    .orElseGet(() -> Reply.error(404, "no result for dialogue '" + id + "'"));
            case Status.Unknown unknown -> Reply.error(404, "no dialogue with id '" + id + "'");
        });
    }

    private void health(RoutingContext ctx) {
        respond(ctx, () -> {
            boolean up = storage.ping();
            Map<String, Object> health = new LinkedHashMap<>();
            health.put("status", up ? "up" : "down");
            if (!up) {
                health.put("error", "storage unreachable");
            }
            health.put("storage", storage.describe());
            DialogueEvaluator evaluator = currentEvaluator.get();
            health.put("ruleset", evaluator == null ? null : evaluator.ruleset().toString());
            return Reply.of(up ? 200 : 503, health);
        });
    }

    private void metrics(RoutingContext ctx) {
        blocking(metrics::scrape).onSuccess(text -> ctx.response().putHeader(HttpHeaders.CONTENT_TYPE, PROMETHEUS_TEXT)
                .end(text)).onFailure(ctx::fail);
    }

    private void failure(RoutingContext ctx) {
        int status = ctx.statusCode() == -1 ? 500 : ctx.statusCode();
        Throwable cause = ctx.failure();
        if (status >= 500) {
            log.error("{} {} failed", ctx.request().method(), ctx.request().path(), cause);
        }
        HttpServerResponse response = ctx.response();
        if (response.headWritten()) {
            // A streamed response already under way cannot change its status: end it with the error.
            if (!response.ended() && !response.closed()) {
                response.end(json(errorBody(status, cause)) + "\n");
            }
            return;
        }
        send(ctx, Reply.of(status, errorBody(status, cause)));
    }

    private static Map<String, Object> errorBody(int status, Throwable cause) {
        return switch (status) {
            case 413 -> Map.of("error", "request body too large: at most " + MAX_DIALOGUE_BYTES / (1024 * 1024)
                    + " MB per dialogue (send many dialogues as NDJSON to " + DIALOGUES + "/batch)");
            case 500 -> Map.of("error", "internal error", "reason", cause == null ? "unknown"
                    : cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage());
            default -> Map.of("error", HttpResponseStatus.valueOf(status)
                    .reasonPhrase().toLowerCase(Locale.ROOT));
        };
    }

    // ---- batch lines

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
    private ChunkReport ingest(List<NdjsonLines.Line> lines, DialogueEvaluator evaluator) {
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
                // Not the lines' fault, but they may not be stored: say so and carry on with the next batch.
                log.error("storing lines {}–{} failed", lines.get(readable.getFirst()).number(), lines.get(readable.getLast()).number(), e);
                for (int k = 0; k < dialogues.size(); k++) {
                    reports[readable.get(k)] = LineReport.rejected(lines.get(readable.get(k)), dialogues.get(k).id(),
                            "not stored: " + e.getMessage());
                }
            }
        }
        StringBuilder ndjson = new StringBuilder();
        int accepted = 0;
        for (LineReport report : reports) {
            if (report.status().equals(LineReport.ACCEPTED)) {
                accepted++;
            }
            ndjson.append(json(report)).append('\n');
        }
        return new ChunkReport(ndjson.toString(), accepted, lines.size() - accepted);
    }

    // ---- plumbing

    /** A response worked out off the event loop, serialised there too, ready to send. */
    record Reply(int status, String body, Map<String, String> headers) {
        static Reply of(int status, Object body) {
            return new Reply(status, json(body), Map.of());
        }

        static Reply error(int status, String message) {
            return of(status, Map.of("error", message));
        }

        Reply with(CharSequence header, String value) {
            Map<String, String> more = new LinkedHashMap<>(headers);
            more.put(header.toString(), value);
            return new Reply(status, body, more);
        }
    }

    private record Rejection(String error, List<FieldError> errors) {
    }

    private void respond(RoutingContext ctx, Callable<Reply> work) {
        blocking(work).onSuccess(reply -> send(ctx, reply)).onFailure(ctx::fail);
    }

    private <T> Future<T> blocking(Callable<T> work) {
        // Unordered: requests must not queue behind each other on one context's worker.
        return vertx.executeBlocking(work, false);
    }

    /** 400 naming the rule set a request asked for that is not published. */
    private static Reply unknownRuleSet(IllegalArgumentException e) {
        return Reply.of(400, Map.of("error", e.getMessage(), "field", "?" + RULESET));
    }

    private static String storedName(Receipt receipt) {
        return receipt.stored().name().toLowerCase(Locale.ROOT);
    }

    private static String resultPath(String id) {
        return DIALOGUES + "/" + URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20") + "/result";
    }

    private static void error(RoutingContext ctx, int status, String message) {
        send(ctx, Reply.error(status, message));
    }

    static void send(RoutingContext ctx, Reply reply) {
        HttpServerResponse response = ctx.response();
        if (response.closed() || response.ended()) {
            return; // the client went away
        }
        reply.headers().forEach(response::putHeader);
        response.setStatusCode(reply.status()).putHeader(HttpHeaders.CONTENT_TYPE, JSON).end(reply.body());
    }

    private static String json(Object body) {
        try {
            return ParleyJson.mapper().writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write " + body.getClass().getSimpleName() + " as JSON", e);
        }
    }
}
