package io.parley.http;

import io.parley.engine.api.security.Permission;

/**
 * One route as registered: what the access matrix, the OpenAPI description and docs/security.md
 * are built from, so none of them can miss a route.
 *
 * @param permission null for a public route (no credentials needed)
 * @param bodyLimit  the most of a body it reads, in bytes; 0 when it reads none, -1 when it streams
 */
public record RouteInfo(String method, String path, Permission permission, int bodyLimit) {
    /** {@code "POST /api/v1/dialogues"}: how settings and docs name a route. */
    public String key() {
        return method + " " + path;
    }

    public boolean isPublic() {
        return permission == null;
    }
}
