package io.parley.http.security;

import io.parley.engine.api.TenantId;
import io.parley.engine.api.security.Principal;
import io.parley.engine.api.security.Role;
import io.parley.engine.impl.security.AccessControl;
import io.parley.engine.impl.security.Secrets;
import io.parley.engine.spi.storage.SessionStore.Session;
import io.parley.http.Authenticator;
import io.parley.http.HttpProblem;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.RoutingContext;

import java.util.Set;

/**
 * Who is calling, in this order: an API key ({@code Authorization: Bearer pk_…}); a console session
 * cookie, with its CSRF token required on every request that is not a GET or HEAD; identity headers
 * ({@code X-Parley-User}, {@code X-Parley-Role}, {@code X-Parley-Tenant}) from a trusted proxy's
 * address only, when the operator has configured any.
 */
public final class RequestAuthenticator implements Authenticator {
    public static final String PROXY_USER = "X-Parley-User";
    public static final String PROXY_ROLE = "X-Parley-Role";
    public static final String PROXY_TENANT = "X-Parley-Tenant";

    private final AccessControl access;
    private final Set<String> trustedProxies;

    public RequestAuthenticator(AccessControl access, Set<String> trustedProxies) {
        this.access = access;
        this.trustedProxies = Set.copyOf(trustedProxies);
    }

    @Override
    public Principal authenticate(RoutingContext ctx) {
        String address = Authenticator.clientAddress(ctx);
        String authorization = ctx.request().getHeader("Authorization");
        if (authorization != null) {
            if (!authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
                throw new HttpProblem(401, "send the API key as Authorization: Bearer <key>");
            }
            return access.authenticateKey(authorization.substring(7).strip(), address)
                    .orElseThrow(() -> new HttpProblem(401, "the API key is unknown, expired or revoked"));
        }
        Cookie cookie = ctx.request().getCookie(SESSION_COOKIE);
        if (cookie != null) {
            Session session = access.session(cookie.getValue())
                    .orElseThrow(() -> new HttpProblem(401, "the session has ended (signed out, or idle too long): sign in again"));
            HttpMethod method = ctx.request().method();
            if (method != HttpMethod.GET && method != HttpMethod.HEAD
                    && !Secrets.sameSecret(ctx.request().getHeader(CSRF_HEADER), session.csrfToken())) {
                throw new HttpProblem(403, "a request that changes something must send the session's CSRF token in "
                        + CSRF_HEADER + " (GET /api/v1/session returns it)").with("field", CSRF_HEADER);
            }
            return new Principal(session.tenant(), session.user(), session.role(), session.user(), address);
        }
        String proxyUser = ctx.request().getHeader(PROXY_USER);
        if (proxyUser != null) {
            if (!trustedProxies.contains(address)) {
                throw new HttpProblem(401, PROXY_USER + " is believed only from a trusted proxy (serve --trusted-proxy); "
                        + "send an API key instead");
            }
            return proxyPrincipal(ctx, proxyUser, address);
        }
        return null;
    }

    private Principal proxyPrincipal(RoutingContext ctx, String user, String address) {
        TenantId tenant;
        Role role;
        try {
            tenant = TenantId.of(String.valueOf(ctx.request().getHeader(PROXY_TENANT)));
            role = Role.of(ctx.request().getHeader(PROXY_ROLE));
        } catch (IllegalArgumentException e) {
            throw new HttpProblem(401, "the trusted proxy's identity headers are wrong: " + e.getMessage());
        }
        if (access.tenant(tenant).isEmpty()) {
            throw new HttpProblem(401, "the trusted proxy names tenant '" + tenant + "', which does not exist");
        }
        return new Principal(tenant, user.strip(), role, user.strip(), address);
    }
}
