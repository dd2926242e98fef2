package io.parley.http;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.github.resilience4j.ratelimiter.internal.AtomicRateLimiter;
import io.parley.engine.api.security.Principal;
import io.vertx.core.Handler;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.SecurityPolicyHandler;
import io.vertx.ext.web.handler.TimeoutHandler;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The one place a request's caller is checked, before any route's work: authenticated (401 without
 * valid credentials), authorised by the route's permission and the caller's role (403), held to a
 * rate per key or user (429 with {@code Retry-After}); and every route's request timed out. Also
 * keeps the route table.
 */
final class Guard {
    static final String PRINCIPAL = "parley.principal";

    private final Authenticator authenticator;
    private final HttpSettings settings;
    private final RateLimiterRegistry limiters;
    private final List<RouteInfo> table = new ArrayList<>();

    Guard(Authenticator authenticator, HttpSettings settings) {
        this.authenticator = authenticator;
        this.settings = settings;
        this.limiters = RateLimiterRegistry.of(RateLimiterConfig.custom()
                .limitForPeriod(Math.max(1, settings.requestsPerSecond()))
                .limitRefreshPeriod(Duration.ofSeconds(1))
                .timeoutDuration(Duration.ZERO)
                .build());
    }

    synchronized RouteInfo register(RouteInfo route) {
        table.add(route);
        return route;
    }

    synchronized List<RouteInfo> table() {
        return List.copyOf(table);
    }

    Routes.BodyLimit bodyLimit(String routeKey, Routes.BodyLimit declared) {
        Integer configured = settings.bodyLimits().get(routeKey);
        return configured == null ? declared : declared.withBytes(configured);
    }

    Handler<RoutingContext> timeout() {
        return TimeoutHandler.create(settings.requestTimeout().toMillis(), 503);
    }

    /**
     * A security-policy handler: Vert.x runs those before it reads the body, so a caller without
     * credentials never gets to upload one.
     */
    private interface CheckHandler extends SecurityPolicyHandler {
    }

    Handler<RoutingContext> check(RouteInfo route) {
        return (CheckHandler) ctx -> {
            if (route.isPublic()) {
                ctx.next();
                return;
            }
            Principal principal;
            try {
                principal = authenticator.authenticate(ctx);
            } catch (HttpProblem problem) {
                refuse(ctx, problem);
                return;
            }
            if (principal == null) {
                refuse(ctx, new HttpProblem(401, "sign in, or send an API key: Authorization: Bearer <key>"));
                return;
            }
            if (!principal.may(route.permission())) {
                refuse(ctx, new HttpProblem(403, "the role " + principal.role().id() + " cannot "
                        + route.permission().description()).with("permission", route.permission().name()));
                return;
            }
            if (settings.requestsPerSecond() > 0) {
                RateLimiter limiter = limiters.rateLimiter(principal.tenant() + "/" + principal.actor());
                if (!limiter.acquirePermission()) {
                    long nanosToWait = limiter instanceof AtomicRateLimiter atomic
                            ? atomic.getDetailedMetrics().getNanosToWait() : 1_000_000_000L;
                    long retryAfter = Math.max(1, (nanosToWait + 999_999_999L) / 1_000_000_000L);
                    Replies.send(ctx, new HttpProblem(429, "more than " + settings.requestsPerSecond()
                            + " requests a second with these credentials; retry after " + retryAfter + " s")
                            .reply().with("Retry-After", Long.toString(retryAfter)));
                    return;
                }
            }
            ctx.put(PRINCIPAL, principal);
            ctx.next();
        };
    }

    private static void refuse(RoutingContext ctx, HttpProblem problem) {
        Reply reply = problem.reply();
        if (problem.status() == 401) {
            reply = reply.with("WWW-Authenticate", "Bearer realm=\"parley\"");
        }
        Replies.send(ctx, reply);
    }
}
