package io.parley.http;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.Locale;

/**
 * Parley's HTTP server (Vert.x Web): the route modules, mounted in the order given (the first to
 * register a path answers it, so the API's modules come before the console), and one way to answer
 * what no route did: 404 and 405 problems naming the method and path, and a 500 problem, logged,
 * for any other failure.
 */
public final class HttpApi {
    private static final Logger log = LoggerFactory.getLogger(HttpApi.class);

    private final Vertx vertx;
    private final List<RouteModule> modules;
    private final Guard guard;
    private HttpServer server;

    /** A '%' that does not start a percent-escape. */
    private static final java.util.regex.Pattern BAD_ESCAPE = java.util.regex.Pattern.compile("%(?![0-9A-Fa-f]{2})");

    /**
     * @param authenticator tells who calls every non-public route
     */

    public HttpApi(Vertx vertx, List<RouteModule> modules, Authenticator authenticator, HttpSettings settings) {
        this.vertx = vertx;
        this.modules = List.copyOf(modules);
        this.guard = new Guard(authenticator, settings);
    }

    /** Every route the modules registered, in registration order (filled by {@link #start}). */
    public List<RouteInfo> routeTable() {
        return guard.table();
    }

    /**
     * Listens and returns once the port is bound; call it from outside Vert.x threads.
     *
     * @param port 0 for any free port
     * @return the port listened on
     */
    public int start(String host, int port) {
        Router router = Router.router(vertx);
        // Each module its own Routes, so that the errors one module maps are its own.
        modules.forEach(module -> module.register(new Routes(vertx, router, guard)));
        router.route().failureHandler(HttpApi::failure);
        router.errorHandler(404, ctx -> Replies.send(ctx, Reply.problem(404,
                "no such resource: " + ctx.request().method() + " " + ctx.request().path())));
        router.errorHandler(400, ctx -> Replies.send(ctx, Reply.problem(400, "bad request: " + ctx.request().method()
                + " " + ctx.request().path())));
        router.errorHandler(405, ctx -> Replies.send(ctx, Reply.problem(405,
                ctx.request().method() + " is not allowed on " + ctx.request().path())));
        server = vertx.createHttpServer(new HttpServerOptions().setHandle100ContinueAutomatically(true))
                .requestHandler(request -> {
                    // A path or query string that does not decode would fail inside the router's matching, bare.
                    if (BAD_ESCAPE.matcher(request.path()).find()) {
                        Replies.send(request, HttpProblem.badRequest("malformed path: a '%' must start an escape such as %20")
                                .with("field", "path").reply());
                        return;
                    }
                    try {
                        request.params();
                    } catch (IllegalArgumentException e) {
                        Replies.send(request, HttpProblem.badRequest("malformed query string: " + e.getMessage())
                                .with("field", "?").reply());
                        return;
                    }
                    router.handle(request);
                })
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

    private static void failure(RoutingContext ctx) {
        int status = ctx.statusCode() == -1 ? 500 : ctx.statusCode();
        Throwable cause = ctx.failure();
        String incident = Long.toHexString(java.util.concurrent.ThreadLocalRandom.current().nextLong() >>> 16);
        if (status >= 500) {
            log.error("{} {} failed (incident {})", ctx.request().method(), ctx.request().path(), incident, cause);
        }
        HttpProblem problem = problem(status, incident);
        HttpServerResponse response = ctx.response();
        if (response.headWritten()) {
            // A streamed response already under way cannot change its status: end it with the error.
            if (!response.ended() && !response.closed()) {
                response.end(Replies.json(problem.body()) + "\n");
            }
            return;
        }
        Replies.send(ctx, problem.reply());
    }

    private static HttpProblem problem(int status, String incident) {
        return switch (status) {
            // The cause stays in the log: its message may name internal addresses, files or data.
            case 500 -> new HttpProblem(500, "internal error: the server's log has the details under incident "
                    + incident).with("incident", incident);
            default -> new HttpProblem(status, HttpResponseStatus.valueOf(status)
                    .reasonPhrase().toLowerCase(Locale.ROOT));
        };
    }
}
