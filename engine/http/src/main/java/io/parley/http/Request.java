package io.parley.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import io.parley.engine.api.json.ParleyJson;
import io.parley.engine.api.TenantId;
import io.parley.engine.api.security.Principal;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;

/**
 * What a route's work reads of its request: path and query parameters, headers, the body. Bodies are
 * read whole before the work runs, up to the limit the route was registered with (a larger body is
 * a 413 problem). Reading a parameter or body that is wrong throws an {@link HttpProblem} naming it.
 */
public final class Request {
    /** The {@code field} a problem names when the body as a whole is wrong (members are named by JSON pointer). */
    public static final String BODY = "body";
    private final RoutingContext ctx;

    Request(RoutingContext ctx) {
        this.ctx = ctx;
    }

    /**
     * Who is calling: never null on a route that names a permission (the request was refused
     * otherwise), null on a public route.
     */
    public Principal principal() {
        return ctx.get(Guard.PRINCIPAL);
    }

    /** The caller's tenant; for routes that name a permission. */
    public TenantId tenant() {
        return principal().tenant();
    }

    /** The client's IP address. */
    public String address() {
        return Authenticator.clientAddress(ctx);
    }

    /** A {@code :name} segment of the route's path. */
    public String pathParam(String name) {
        return ctx.pathParam(name);
    }

    public Optional<String> query(String name) {
        return Optional.ofNullable(ctx.queryParams().get(name));
    }

    /** The names of the query parameters the request has. */
    public Set<String> queryNames() {
        return ctx.queryParams().names();
    }

    /** A query parameter that must be there and not blank: 400 naming it otherwise. */
    public String requiredQuery(String name, String what) {
        return query(name).filter(value -> !value.isBlank())
                .orElseThrow(() -> HttpProblem.badRequest("missing ?" + name + "=" + what).with("field", "?" + name));
    }

    public Optional<String> cookie(String name) {
        return Optional.ofNullable(ctx.request().getCookie(name)).map(cookie -> cookie.getValue());
    }

    public Optional<String> header(String name) {
        return Optional.ofNullable(ctx.request().getHeader(name));
    }

    /** The body as UTF-8 text; empty when there is none. */
    public String bodyText() {
        return body().toString(StandardCharsets.UTF_8);
    }

    public byte[] bodyBytes() {
        return body().getBytes();
    }

    public boolean hasBody() {
        return body().length() > 0;
    }

    /** The body as a JSON object: 400 when it is missing, not JSON, or not an object. */
    public JsonBody jsonObject() {
        if (!hasBody()) {
            throw HttpProblem.badRequest("the request needs a JSON body").with("field", BODY);
        }
        JsonNode node;
        try {
            node = ParleyJson.mapper().readTree(bodyText());
        } catch (JsonProcessingException e) {
            throw HttpProblem.badRequest("the request body is not valid JSON: " + e.getOriginalMessage()).with("field", BODY);
        }
        if (node == null || !node.isObject()) {
            throw HttpProblem.badRequest("the request body must be a JSON object").with("field", BODY);
        }
        return new JsonBody(node, "");
    }

    /** The body parsed as JSON of any kind: 400 when it is missing or not JSON. */
    public JsonNode json() {
        if (bodyText().isBlank()) {
            throw HttpProblem.badRequest("the request needs a JSON body").with("field", BODY);
        }
        JsonNode node;
        try {
            node = ParleyJson.mapper().readTree(bodyText());
        } catch (JsonProcessingException e) {
            throw HttpProblem.badRequest("malformed JSON: " + e.getOriginalMessage()).with("field", BODY);
        }
        if (node == null || node.isMissingNode()) {
            throw HttpProblem.badRequest("the request needs a JSON body").with("field", BODY);
        }
        return node;
    }

    private Buffer body() {
        return ctx.body() == null || ctx.body().buffer() == null ? Buffer.buffer() : ctx.body().buffer();
    }
}
