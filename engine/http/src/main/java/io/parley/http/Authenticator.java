package io.parley.http;

import io.parley.engine.api.security.Principal;
import io.vertx.ext.web.RoutingContext;

/** Tells who is calling, from the request's credentials. */
@FunctionalInterface
public interface Authenticator {
    /** Nobody is ever signed in: every non-public route answers 401. */
    Authenticator NOBODY = ctx -> null;

    /**
     * @return the caller, or null when the request carries no credentials
     * @throws HttpProblem 401 for credentials that are wrong, expired or revoked; 403 for a
     *                     state-changing request made with a session cookie but without its CSRF token
     */
    Principal authenticate(RoutingContext ctx);
}
