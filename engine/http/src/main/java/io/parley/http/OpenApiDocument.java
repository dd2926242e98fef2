package io.parley.http;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.engine.api.json.ParleyJson;
import io.parley.engine.api.security.Permission;
import io.parley.engine.api.security.Role;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The OpenAPI 3.1 description of the routes served ({@code GET /openapi.json}), built from the route
 * table ({@link HttpApi#routeTable()}), so it cannot miss a route nor describe one that is not
 * there, plus what a route table cannot know, kept in one resource ({@value #DOCS}) keyed by
 * {@link RouteInfo#key()}: each route's summary, description, tags, query parameters, request body,
 * success responses and its own errors, and the shared schemas.
 *
 * <p>From the route itself come: the path (Vert.x {@code :id} as {@code {id}}) and its parameters;
 * the security (none for a public route; else an API key, or a console session with its CSRF token
 * on anything but a GET); {@code x-parley-permission} and {@code x-parley-roles}, the roles holding
 * it ({@link Role}); {@code x-parley-body-limit}; and the errors every route of its kind can answer:
 * 401, 403 and 429 when it names a permission, 413 when it reads a body (with the limit), 500 and,
 * unless it streams, 503. Every error response is the one problem-JSON shape,
 * {@code components/schemas/Problem}.
 */
public final class OpenApiDocument {
    /** Where the per-route documentation is, on the classpath. */
    public static final String DOCS = "/io/parley/http/openapi-routes.json";
    public static final String OPENAPI_VERSION = "3.1.0";
    public static final String PROBLEM_REF = "#/components/schemas/Problem";
    static final String PROBLEM_MEDIA_TYPE = "application/problem+json";
    /** A route's path parameter in the route table's spelling: {@code :id}. */
    private static final Pattern PATH_PARAMETER = Pattern.compile(":([A-Za-z0-9_]+)");
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private final ObjectNode docs;

    private OpenApiDocument(ObjectNode docs) {
        this.docs = docs;
    }

    /** The documentation shipped in {@value #DOCS}. */
    public static OpenApiDocument load() {
        try (InputStream in = OpenApiDocument.class.getResourceAsStream(DOCS)) {
            if (in == null) {
                throw new IllegalStateException(DOCS + " is not on the classpath");
            }
            JsonNode node = ParleyJson.mapper().reader().with(StreamReadFeature.STRICT_DUPLICATE_DETECTION).readTree(in);
            if (!(node instanceof ObjectNode object) || !object.path("routes").isObject()) {
                throw new IllegalStateException(DOCS + " must be a JSON object with \"routes\"");
            }
            return new OpenApiDocument(object);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + DOCS, e);
        }
    }

    /** The routes documented, by {@link RouteInfo#key()}, in the order of the resource. */
    public Set<String> documentedRoutes() {
        Set<String> keys = new LinkedHashSet<>();
        docs.get("routes").fieldNames().forEachRemaining(keys::add);
        return keys;
    }

    /** A route's documentation as written in the resource, or null. */
    public JsonNode entry(String routeKey) {
        return docs.get("routes").get(routeKey);
    }

    /** The keys of the routes in the table that the resource does not document, in table order. */
    public List<String> undocumented(List<RouteInfo> routes) {
        return routes.stream().map(RouteInfo::key).filter(key -> entry(key) == null).toList();
    }

    /** {@code /api/v1/dialogues/:id/result} as OpenAPI writes it: {@code /api/v1/dialogues/{id}/result}. */
    public static String openApiPath(String routePath) {
        return PATH_PARAMETER.matcher(routePath).replaceAll("{$1}");
    }

    /** The names of a route path's parameters, in order. */
    public static List<String> pathParameters(String routePath) {
        List<String> names = new ArrayList<>();
        Matcher matcher = PATH_PARAMETER.matcher(routePath);
        while (matcher.find()) {
            names.add(matcher.group(1));
        }
        return names;
    }

    /**
     * The OpenAPI document of these routes. A route the resource does not document is still
     * described (path, security, errors), with {@code x-parley-undocumented: true}; the build's
     * tests refuse that.
     */
    public ObjectNode document(List<RouteInfo> routes) {
        ObjectNode document = NODES.objectNode();
        document.put("openapi", OPENAPI_VERSION);
        document.set("info", docs.path("info").deepCopy());
        Set<String> tagsUsed = new LinkedHashSet<>();
        Map<String, ObjectNode> paths = new TreeMap<>();
        for (RouteInfo route : routes) {
            ObjectNode operation = operation(route);
            operation.path("tags").forEach(tag -> tagsUsed.add(tag.asText()));
            ObjectNode pathItem = paths.computeIfAbsent(openApiPath(route.path()), path -> NODES.objectNode());
            String method = route.method().toLowerCase(Locale.ROOT);
            if (pathItem.has(method)) {
                throw new IllegalStateException("the route table has " + route.key() + " twice");
            }
            pathItem.set(method, operation);
        }
        ArrayNode tags = document.putArray("tags");
        docs.path("tags").forEach(tag -> {
            if (tagsUsed.contains(tag.path("name").asText())) {
                tags.add(tag.deepCopy());
            }
        });
        ObjectNode pathsNode = document.putObject("paths");
        paths.forEach(pathsNode::set);
        document.set("components", components());
        return document;
    }

    // ---- one route

    private ObjectNode operation(RouteInfo route) {
        JsonNode entry = entry(route.key());
        ObjectNode operation = NODES.objectNode();
        if (entry == null) {
            operation.put("summary", route.key());
            operation.put("description", "Not documented: " + route.key() + " has no entry in " + DOCS + ".");
            operation.put("x-parley-undocumented", true);
        } else {
            copy(entry, operation, "operationId", "summary");
            operation.put("description", description(route, entry.path("description").asText("")));
            copy(entry, operation, "tags");
        }
        ArrayNode parameters = NODES.arrayNode();
        for (String name : pathParameters(route.path())) {
            ObjectNode parameter = parameters.addObject();
            parameter.put("name", name);
            parameter.put("in", "path");
            parameter.put("required", true);
            JsonNode described = entry == null ? null : entry.path("pathParameters").get(name);
            parameter.put("description", described == null ? "the " + name + " (URL-encoded)" : described.asText());
            parameter.putObject("schema").put("type", "string");
        }
        if (entry != null) {
            entry.path("query").forEach(query -> parameters.add(queryParameter(query)));
        }
        if (!parameters.isEmpty()) {
            operation.set("parameters", parameters);
        }
        if (entry != null && entry.has("body")) {
            operation.set("requestBody", requestBody(entry.get("body")));
        }
        ObjectNode responses = operation.putObject("responses");
        if (entry != null) {
            entry.path("responses").properties().forEach(response ->
                    responses.set(response.getKey(), successResponse(response.getKey(), response.getValue())));
        }
        if (responses.isEmpty()) {
            responses.putObject("200").put("description", "OK");
        }
        errors(route, entry == null ? NODES.objectNode() : entry.path("errors")).forEach((status, description) ->
                responses.set(Integer.toString(status), problemResponse(status, description, !route.isPublic())));
        if (route.isPublic()) {
            operation.putArray("security");
        } else {
            operation.set("security", security(route));
            operation.put("x-parley-permission", route.permission().name());
            ArrayNode roles = operation.putArray("x-parley-roles");
            rolesHolding(route.permission()).forEach(roles::add);
        }
        operation.put("x-parley-body-limit", route.bodyLimit());
        return operation;
    }

    private static String description(RouteInfo route, String documented) {
        StringBuilder description = new StringBuilder(documented);
        if (!description.isEmpty()) {
            description.append("\n\n");
        }
        if (route.isPublic()) {
            description.append("Public: no credentials needed.");
        } else {
            description.append("Needs the permission `").append(route.permission().name()).append("` (")
                    .append(route.permission().description()).append("), held by the roles ")
                    .append(String.join(", ", rolesHolding(route.permission()))).append('.');
        }
        return description.toString();
    }

    /** The roles holding the permission, by their API names, in {@link Role}'s order. */
    static List<String> rolesHolding(Permission permission) {
        return Arrays.stream(Role.values()).filter(role -> role.may(permission)).map(Role::id).toList();
    }

    private static ArrayNode security(RouteInfo route) {
        ArrayNode security = NODES.arrayNode();
        security.addObject().putArray("bearerAuth");
        ObjectNode session = security.addObject();
        session.putArray("sessionCookie");
        // The console's session needs its CSRF token on every request that is not a GET (or HEAD).
        if (!route.method().equals("GET") && !route.method().equals("HEAD")) {
            session.putArray("csrfHeader");
        }
        return security;
    }

    private static ObjectNode queryParameter(JsonNode query) {
        ObjectNode parameter = NODES.objectNode();
        parameter.put("name", query.path("name").asText());
        parameter.put("in", "query");
        parameter.put("required", query.path("required").asBoolean(false));
        copy(query, parameter, "description");
        ObjectNode schema = parameter.putObject("schema");
        schema.put("type", query.path("type").asText("string"));
        copy(query, schema, "format", "enum", "default", "minimum", "maximum");
        copy(query, parameter, "example");
        return parameter;
    }

    private static ObjectNode requestBody(JsonNode body) {
        ObjectNode requestBody = NODES.objectNode();
        copy(body, requestBody, "description");
        requestBody.put("required", body.path("required").asBoolean(true));
        requestBody.putObject("content").set(body.path("mediaType").asText("application/json"), mediaType(body));
        return requestBody;
    }

    private static ObjectNode successResponse(String status, JsonNode documented) {
        int code = Integer.parseInt(status);
        if (code >= 400) {
            throw new IllegalStateException(DOCS + ": a route's \"responses\" are its successes; " + status
                    + " belongs in its \"errors\"");
        }
        ObjectNode response = NODES.objectNode();
        response.put("description", documented.path("description").asText("OK"));
        if (documented.has("headers")) {
            ObjectNode headers = response.putObject("headers");
            documented.get("headers").properties().forEach(header -> {
                ObjectNode described = headers.putObject(header.getKey());
                described.put("description", header.getValue().asText());
                described.putObject("schema").put("type", "string");
            });
        }
        if (documented.has("schema") || documented.has("example")) {
            response.putObject("content").set(documented.path("mediaType").asText("application/json"), mediaType(documented));
        }
        return response;
    }

    private static ObjectNode mediaType(JsonNode documented) {
        ObjectNode mediaType = NODES.objectNode();
        mediaType.set("schema", documented.has("schema") ? documented.get("schema").deepCopy() : NODES.objectNode());
        copy(documented, mediaType, "example");
        return mediaType;
    }

    // ---- errors

    /**
     * The errors the route can answer, by status: those of every route of its kind, then (or joined
     * to them) those its documentation names.
     */
    private static Map<Integer, String> errors(RouteInfo route, JsonNode documented) {
        Map<Integer, String> errors = new TreeMap<>();
        if (!route.isPublic()) {
            errors.put(401, "No credentials, or an API key or session that is unknown, expired, revoked or signed out"
                    + " (the reply carries `WWW-Authenticate: Bearer`).");
            errors.put(403, "The caller's role does not hold `" + route.permission().name() + "` (the problem's `permission`"
                    + " names it)" + (route.method().equals("GET") ? "."
                    : "; or a console session sent no valid `X-CSRF-Token` (the problem's `field` names the header)."));
            errors.put(429, "More requests a second with these credentials than the server allows (`serve --rate-limit`,"
                    + " 200 by default); `Retry-After` says when to retry.");
        }
        if (route.bodyLimit() > 0) {
            errors.put(413, "The body is larger than this route reads: at most " + size(route.bodyLimit())
                    + " (" + route.bodyLimit() + " bytes; `serve --body-limit '" + route.key() + "=SIZE'` changes it).");
        }
        errors.put(500, "An unexpected failure; the problem's `incident` names the server log's entry with the cause.");
        if (route.bodyLimit() >= 0) {
            errors.put(503, "The reply was not ready within the request timeout (`serve --request-timeout`, 60 s by default).");
        }
        documented.properties().forEach(error -> {
            int status = Integer.parseInt(error.getKey());
            if (status < 400 || status > 599) {
                throw new IllegalStateException(DOCS + ": " + route.key() + " lists " + status + " among its errors");
            }
            errors.merge(status, error.getValue().asText(), (standard, own) -> standard + " " + own);
        });
        return errors;
    }

    private static String size(int bytes) {
        return bytes >= 1024 * 1024 && bytes % (1024 * 1024) == 0 ? bytes / (1024 * 1024) + " MB"
                : bytes >= 1024 && bytes % 1024 == 0 ? bytes / 1024 + " KB" : bytes + " bytes";
    }

    /** @param guarded whether the route names a permission: its 401s come from the guard, with a challenge */
    private static ObjectNode problemResponse(int status, String description, boolean guarded) {
        ObjectNode response = NODES.objectNode();
        response.put("description", description);
        if (status == 401 && guarded) {
            response.putObject("headers").putObject("WWW-Authenticate").put("description", "`Bearer realm=\"parley\"`")
                    .putObject("schema").put("type", "string");
        } else if (status == 429) {
            response.putObject("headers").putObject("Retry-After").put("description", "seconds to wait")
                    .putObject("schema").put("type", "integer");
        }
        response.putObject("content").putObject(PROBLEM_MEDIA_TYPE).putObject("schema").put("$ref", PROBLEM_REF);
        return response;
    }

    // ---- components

    private ObjectNode components() {
        ObjectNode components = NODES.objectNode();
        ObjectNode schemas = components.putObject("schemas");
        schemas.set("Problem", problemSchema());
        docs.path("schemas").properties().forEach(schema -> {
            if (schemas.has(schema.getKey())) {
                throw new IllegalStateException(DOCS + " defines the schema " + schema.getKey() + ", which is built in");
            }
            schemas.set(schema.getKey(), schema.getValue().deepCopy());
        });
        ObjectNode schemes = components.putObject("securitySchemes");
        ObjectNode bearer = schemes.putObject("bearerAuth");
        bearer.put("type", "http");
        bearer.put("scheme", "bearer");
        bearer.put("bearerFormat", "pk_<id>_<secret>");
        bearer.put("description", "An API key, `Authorization: Bearer pk_<id>_<secret>`, as `POST /api/v1/keys` issues it"
                + " (once). The key's role decides what it may do.");
        ObjectNode cookie = schemes.putObject("sessionCookie");
        cookie.put("type", "apiKey");
        cookie.put("in", "cookie");
        cookie.put("name", Authenticator.SESSION_COOKIE);
        cookie.put("description", "The console's session, set by `POST /api/v1/session` (signing in with a user name and"
                + " password); HttpOnly, SameSite=Strict, ended by `DELETE /api/v1/session` or when idle too long.");
        ObjectNode csrf = schemes.putObject("csrfHeader");
        csrf.put("type", "apiKey");
        csrf.put("in", "header");
        csrf.put("name", Authenticator.CSRF_HEADER);
        csrf.put("description", "With the session cookie, every request that is not a GET sends the session's CSRF token"
                + " (`csrfToken` of `POST` or `GET /api/v1/session`); without it the request is refused with 403.");
        return components;
    }

    /** RFC 9457 problem details as Parley writes them ({@link HttpProblem}). */
    private static ObjectNode problemSchema() {
        ObjectNode problem = NODES.objectNode();
        problem.put("type", "object");
        problem.put("description", "Every error of the API (RFC 9457 problem details, `application/problem+json`):"
                + " `status`, `title` and `error` (what is wrong and what to do; Parley's name for the RFC's `detail`),"
                + " then members of the route's own.");
        problem.putArray("required").add("status").add("title").add("error");
        ObjectNode properties = problem.putObject("properties");
        Map<String, ObjectNode> members = new LinkedHashMap<>();
        members.put("status", schema("integer", "the HTTP status").put("minimum", 400).put("maximum", 599));
        members.put("title", schema("string", "the status' reason phrase, e.g. Bad Request"));
        members.put("error", schema("string", "what is wrong and what to do"));
        members.put("field", schema("string", "the parameter at fault: `?name` for a query parameter, a body member,"
                + " or a header such as X-CSRF-Token"));
        ObjectNode errors = schema("array", "every bad field of a body: `{pointer, message}` by JSON pointer, or"
                + " lines such as a BPMN file's parse errors");
        ArrayNode either = errors.putObject("items").putArray("anyOf");
        ObjectNode fieldError = either.addObject();
        fieldError.put("type", "object");
        fieldError.putArray("required").add("pointer").add("message");
        fieldError.putObject("properties").<ObjectNode>set("pointer", schema("string", "RFC 6901 JSON pointer"))
                .set("message", schema("string", "what is wrong there"));
        either.addObject().put("type", "string");
        members.put("errors", errors);
        ObjectNode diagnostics = schema("array", "compiler diagnostics of a rule file that does not compile");
        diagnostics.putObject("items").put("$ref", "#/components/schemas/Diagnostic");
        members.put("diagnostics", diagnostics);
        members.put("hint", schema("string", "how to set the server up for the request"));
        members.put("reason", schema("string", "why an evaluation or a mapping failed"));
        members.put("permission", schema("string", "the permission the caller's role lacks (403)"));
        members.put("incident", schema("string", "the server log entry with the cause (500)"));
        members.forEach(properties::set);
        problem.put("additionalProperties", true);
        return problem;
    }

    private static ObjectNode schema(String type, String description) {
        ObjectNode schema = NODES.objectNode();
        schema.put("type", type);
        schema.put("description", description);
        return schema;
    }

    private static void copy(JsonNode from, ObjectNode to, String... fields) {
        for (String field : fields) {
            if (from.has(field)) {
                to.set(field, from.get(field).deepCopy());
            }
        }
    }
}
