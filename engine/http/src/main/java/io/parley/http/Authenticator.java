package io.parley.http;

import io.parley.engine.api.security.Principal;
import io.vertx.ext.web.RoutingContext;

/** Tells who is calling, from the request's credentials. */
@FunctionalInterface
public interface Authenticator {
    /** The console session's cookie. */
    String SESSION_COOKIE = "parley_session";
    /** The header a state-changing request made with a session cookie sends the session's CSRF token in. */
    String CSRF_HEADER = "X-CSRF-Token";

    /** The address the request came from (behind a proxy, the proxy's: its headers name the user, not the address). */
    static String clientAddress(RoutingContext ctx) {
        return ctx.request().remoteAddress() == null ? "" : ctx.request().remoteAddress().hostAddress();
    }

    /** Nobody is ever signed in: every non-public route answers 401. */
    Authenticator NOBODY = ctx -> null;

    /**
     * @return the caller, or null when the request carries no credentials
     * @throws HttpProblem 401 for credentials that are wrong, expired or revoked; 403 for a
     *                     state-changing request made with a session cookie but without its CSRF token
     */
    Principal authenticate(RoutingContext ctx);
}
