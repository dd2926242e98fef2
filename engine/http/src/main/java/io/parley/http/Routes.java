package io.parley.http;

import io.parley.engine.api.security.Permission;
import io.parley.engine.api.security.Principal;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.Route;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.handler.SecurityPolicyHandler;
import io.vertx.ext.web.handler.StaticHandler;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.function.Function;

import static java.util.Objects.requireNonNull;

/**
 * Where a {@link RouteModule} registers its routes. Every route names the {@link Permission} its
 * caller needs (or is explicitly public): the caller is authenticated, authorised, rate-limited and
 * timed out in one place ({@link Guard}) before its work runs, and the route is recorded in the
 * route table ({@link HttpApi#routeTable()}). A route's work runs on a Vert.x worker thread
 * (storage and evaluation block), never on the event loop, and unordered, so requests never queue
 * behind each other; its {@link Reply} is written as JSON. An exception from the work becomes a
 * problem reply: an {@link HttpProblem} as it says, one of the types the module mapped with
 * {@link #mapError}, else a 500.
 */
public final class Routes {
    /** Work answering a request. */
    @FunctionalInterface
    public interface Work {
        Reply handle(Request request) throws Exception;
    }

    /**
     * The most a route reads of a request body, and what to tell a client who sends more (after
     * "request body too large: at most N MB").
     */
    public record BodyLimit(int bytes, String advice) {
        public static BodyLimit of(int bytes) {
            return new BodyLimit(bytes, "");
        }

        BodyLimit withBytes(int newBytes) {
            return new BodyLimit(newBytes, advice);
        }

        String message() {
            String size = bytes >= 1024 * 1024 ? bytes / (1024 * 1024) + " MB" : bytes / 1024 + " KB";
            return "request body too large: at most " + size + (advice.isEmpty() ? "" : " " + advice);
        }
    }

    private record ErrorMapping<E extends Throwable>(Class<E> type, Function<? super E, HttpProblem> problem) {
        HttpProblem map(Throwable error) {
            return problem.apply(type.cast(error));
        }
    }

    private final Vertx vertx;
    private final Router router;
    private final Guard guard;
    private final List<ErrorMapping<?>> errorMappings = new ArrayList<>();

    Routes(Vertx vertx, Router router, Guard guard) {
        this.vertx = vertx;
        this.router = router;
        this.guard = guard;
    }

    /** A GET that callers holding the permission may make (everyone else: 401 or 403). */
    public Routes get(String path, Permission permission, Work work) {
        return route(HttpMethod.GET, path, requireNonNull(permission), null, work);
    }

    public Routes delete(String path, Permission permission, Work work) {
        return route(HttpMethod.DELETE, path, requireNonNull(permission), null, work);
    }

    /** A POST whose body, if any, is not read. */
    public Routes post(String path, Permission permission, Work work) {
        return route(HttpMethod.POST, path, requireNonNull(permission), null, work);
    }

    /** A POST whose body is read whole, up to the limit, before the work runs. */
    public Routes post(String path, Permission permission, BodyLimit limit, Work work) {
        return route(HttpMethod.POST, path, requireNonNull(permission), limit, work);
    }

    /** A GET anyone may make, without credentials: health, the API description. */
    public Routes publicGet(String path, Work work) {
        return route(HttpMethod.GET, path, null, null, work);
    }

    /** A POST anyone may make, without credentials: signing in. */
    public Routes publicPost(String path, BodyLimit limit, Work work) {
        return route(HttpMethod.POST, path, null, limit, work);
    }

    /**
     * Answers an exception of this type, thrown by the work of this module's routes, with a problem
     * (the first mapping that matches wins, in the order registered).
     */
    public <E extends Throwable> Routes mapError(Class<E> type, Function<? super E, HttpProblem> problem) {
        errorMappings.add(new ErrorMapping<>(type, problem));
        return this;
    }

    /**
     * A route that handles its request on the event loop itself, for a response that streams (an
     * NDJSON upload answered line by line); blocking work goes through {@link #blocking}. Errors
     * passed to {@code ctx.fail} are answered as problems like any other route's.
     */
    public Routes streaming(HttpMethod method, String path, Permission permission, Handler<RoutingContext> handler) {
        RouteInfo info = guard.register(new RouteInfo(method.name(), path, requireNonNull(permission), -1));
        router.route(method, path).handler(guard.check(info)).handler(handler);
        return this;
    }

    /** Files from the classpath under {@code root}, served at {@code path/*}. */
    public Routes staticFiles(String path, String root) {
        router.route(path + "/*").handler(StaticHandler.create(root).setCachingEnabled(false));
        return this;
    }

    public Routes redirect(String from, String to) {
        router.get(from).handler(ctx -> ctx.redirect(to));
        return this;
    }

    /** Answers a streaming route's request, as any other route's reply is written. */
    public static void send(RoutingContext ctx, Reply reply) {
        Replies.send(ctx, reply);
    }

    /** The caller of a streaming route (checked before its handler runs). */
    public static Principal principal(RoutingContext ctx) {
        return ctx.get(Guard.PRINCIPAL);
    }

    /** A value as JSON, with the same configuration as every reply; for streaming routes' lines. */
    public static String json(Object value) {
        return Replies.json(value);
    }

    /** Work off the event loop, unordered; for streaming routes. */
    public <T> Future<T> blocking(Callable<T> work) {
        return vertx.executeBlocking(work, false);
    }

    private Routes route(HttpMethod method, String path, Permission permission, BodyLimit declared, Work work) {
        BodyLimit limit = declared == null ? null : guard.bodyLimit(method.name() + " " + path, declared);
        RouteInfo info = guard.register(new RouteInfo(method.name(), path, permission, limit == null ? 0 : limit.bytes()));
        Route route = router.route(method, path);
        route.handler(guard.timeout()).handler(guard.check(info));
        if (limit != null) {
            // No route reads forms: a body sent as a form (curl --data-binary's default type) is read
            // as the bytes it is, never decoded, so a '%' in a rule file is not a malformed form.
            route.handler((BeforeBody) Routes::bodyNotAForm);
            route.handler(BodyHandler.create(false).setBodyLimit(limit.bytes())).failureHandler(ctx -> {
                if (ctx.statusCode() == 413) {
                    Replies.send(ctx, new HttpProblem(413, limit.message()).reply());
                } else {
                    ctx.next();
                }
            });
        }
        route.handler(ctx -> blocking(() -> answer(work, new Request(ctx)))
                .onSuccess(reply -> {
                    if (!ctx.response().ended()) {
                        Replies.send(ctx, reply);
                    }
                })
                .onFailure(ctx::fail));
        return this;
    }

    /** Vert.x runs security-policy handlers before the body handler: this one must see the request first. */
    private interface BeforeBody extends SecurityPolicyHandler {
    }

    /** The form content types BodyHandler would decode; the type is set aside so it keeps the raw bytes. */
    private static void bodyNotAForm(RoutingContext ctx) {
        String type = ctx.request().getHeader(HttpHeaders.CONTENT_TYPE);
        if (type != null) {
            String lower = type.toLowerCase(Locale.ROOT);
            if (lower.startsWith("application/x-www-form-urlencoded") || lower.startsWith("multipart/")) {
                ctx.request().headers().set(HttpHeaders.CONTENT_TYPE, "application/octet-stream");
            }
        }
        ctx.next();
    }

    private Reply answer(Work work, Request request) throws Exception {
        try {
            return work.handle(request);
        } catch (HttpProblem problem) {
            return problem.reply();
        } catch (Exception e) {
            for (ErrorMapping<?> mapping : errorMappings) {
                if (mapping.type().isInstance(e)) {
                    return mapping.map(e).reply();
                }
            }
            throw e;
        }
    }
}
