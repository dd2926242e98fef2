package io.parley.http.routes;

import com.fasterxml.jackson.databind.JsonNode;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.parley.engine.api.DialogueEvaluator;
import io.parley.engine.api.TenantId;
import io.parley.engine.api.json.ParleyJson;
import io.parley.engine.api.security.Principal;
import io.parley.engine.api.security.Role;
import io.parley.engine.impl.lifecycle.RuleSetNotFoundException;
import io.parley.engine.impl.lifecycle.RuleSetsInForce;
import io.parley.engine.impl.security.AccessControl;
import io.parley.engine.impl.tenancy.TenantEngines;
import io.parley.engine.spi.plugin.DialogueMapperPlugin.DialogueMapper;
import io.parley.engine.spi.storage.Storage;
import io.parley.http.HttpApi;
import io.parley.http.HttpSettings;
import io.parley.http.OpenApiDocument;
import io.parley.http.RouteInfo;
import io.parley.http.security.AccessRoutes;
import io.parley.storage.mongo.StorageFactory;
import io.swagger.parser.OpenAPIParser;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.SpecVersion;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpMethod;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiConsumer;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The served {@code /openapi.json} against the router of a server running the engine's own route
 * modules: it describes exactly the routes registered, each from its entry in the documentation
 * resource; it is valid OpenAPI 3.1; every error it lists is the one problem schema; and the errors
 * the server really answers have that schema's shape. (engine/workflow's WorkflowOpenApiTest checks
 * the workflow routes' entries.)
 */
class OpenApiTest {
    /** Who calls: an admin of the default tenant, unless the request says otherwise (no one, or another role). */
    private static final String AS = "X-Test-As";

    @TempDir
    Path dataDir;

    private Storage storage;
    private Vertx vertx;
    private HttpApi api;
    private WebClient client;

    @BeforeEach
    void start() {
        storage = StorageFactory.open(dataDir, null);
        vertx = Vertx.vertx();
        RuleSetsInForce rulesets = new RuleSetsInForce() {
            @Override
            public DialogueEvaluator defaultEvaluator() {
                return null;
            }

            @Override
            public DialogueEvaluator evaluator(String id) {
                throw new RuleSetNotFoundException("no published rule set '" + id + "'");
            }

            @Override
            public Optional<DialogueMapper> defaultMapper() {
                return Optional.empty();
            }
        };
        AccessControl access = new AccessControl(storage, Clock.systemUTC(), Duration.ofMinutes(30));
        // These tests read and refuse; no dialogue is ingested, no rule set compiled.
        TenantEngines engines = new TenantEngines(tenant -> {
            throw new UnsupportedOperationException("no tenant engine in this test");
        });
        api = new HttpApi(vertx, List.of(new AccessRoutes(access, HttpSettings.DEFAULTS),
                new DialogueRoutes(tenant -> new DialogueRoutes.TenantDialogues(storage.tenant(tenant), null, rulesets)),
                new SystemRoutes(storage, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT)),
                new RuleSetRoutes(engines), new ModelRoutes(storage), new SearchRoutes(storage::tenant),
                new OpenApiRoutes(() -> api.routeTable())),
                ctx -> {
                    String as = ctx.request().getHeader(AS);
                    if ("nobody".equals(as)) {
                        return null;
                    }
                    return new Principal(TenantId.DEFAULT, "tester", as == null ? Role.ADMIN : Role.of(as), "tester", "127.0.0.1");
                }, HttpSettings.DEFAULTS);
        int port = api.start("127.0.0.1", 0);
        client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
    }

    @AfterEach
    void stop() {
        client.close();
        api.stop();
        vertx.close().await();
        storage.close();
    }

    // ---- the document and the router

    @Test
    void everyRouteHasADocumentationEntry() {
        List<String> undocumented = OpenApiDocument.load().undocumented(api.routeTable());

        assertThat(undocumented).as("routes without an entry in %s: add one for each", OpenApiDocument.DOCS).isEmpty();
    }

    @Test
    void theServedDocumentDescribesExactlyTheRoutesOfTheRouter() {
        JsonNode document = served();

        Set<String> described = new TreeSet<>();
        document.get("paths").properties().forEach(path -> path.getValue().fieldNames().forEachRemaining(method ->
                described.add(method.toUpperCase(Locale.ROOT) + " " + path.getKey())));
        Set<String> routed = api.routeTable().stream()
                .map(route -> route.method() + " " + OpenApiDocument.openApiPath(route.path()))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(described).as("the paths and methods of /openapi.json").isEqualTo(routed);
        assertThat(routed).hasSize(api.routeTable().size()).contains("GET /openapi.json", "GET /api/v1/dialogues/{id}/result");
        operations(document, (key, operation) -> assertThat(operation.has("x-parley-undocumented"))
                .as("%s has no entry in %s", key, OpenApiDocument.DOCS).isFalse());
    }

    @Test
    void eachOperationSaysWhoMayCallIt() {
        JsonNode document = served();

        for (RouteInfo route : api.routeTable()) {
            JsonNode operation = operation(document, route);
            if (route.isPublic()) {
                assertThat(operation.get("security")).as(route.key()).isEmpty();
                assertThat(operation.has("x-parley-permission")).as(route.key()).isFalse();
            } else {
                assertThat(operation.get("x-parley-permission").asText()).as(route.key()).isEqualTo(route.permission().name());
                List<String> roles = new ArrayList<>();
                operation.get("x-parley-roles").forEach(role -> roles.add(role.asText()));
                assertThat(roles).as(route.key()).contains("admin")
                        .allSatisfy(role -> assertThat(Role.of(role).may(route.permission())).isTrue());
                Set<String> schemes = new HashSet<>();
                operation.get("security").forEach(requirement -> schemes.add(String.join("+",
                        (Iterable<String>) requirement::fieldNames)));
                assertThat(schemes).as(route.key()).containsExactlyInAnyOrder("bearerAuth",
                        route.method().equals("GET") ? "sessionCookie" : "sessionCookie+csrfHeader");
            }
        }
        assertThat(operation(document, route("POST /api/v1/tenants")).get("x-parley-roles"))
                .as("only the platform administrator manages tenants").hasSize(1);
        JsonNode schemes = document.at("/components/securitySchemes");
        assertThat(schemes.at("/bearerAuth/scheme").asText()).isEqualTo("bearer");
        assertThat(schemes.at("/bearerAuth/bearerFormat").asText()).isEqualTo("pk_<id>_<secret>");
        assertThat(schemes.at("/sessionCookie/in").asText()).isEqualTo("cookie");
        assertThat(schemes.at("/sessionCookie/name").asText()).isEqualTo("parley_session");
        assertThat(schemes.at("/csrfHeader/in").asText()).isEqualTo("header");
        assertThat(schemes.at("/csrfHeader/name").asText()).isEqualTo("X-CSRF-Token");
    }

    @Test
    void theDocumentationEntriesFitTheirRoutes() {
        OpenApiDocument docs = OpenApiDocument.load();
        Set<String> operationIds = new HashSet<>();
        for (String key : docs.documentedRoutes()) {
            assertThat(key).as("a key is METHOD /path").matches("(GET|POST|PUT|PATCH|DELETE|HEAD) /\\S*");
            JsonNode entry = docs.entry(key);
            assertThat(entry.path("summary").asText()).as(key + " has a summary").isNotBlank();
            assertThat(entry.path("tags")).as(key + " has a tag").isNotEmpty();
            assertThat(operationIds.add(entry.path("operationId").asText())).as(key + "'s operationId is unique").isTrue();
            List<String> inPath = OpenApiDocument.pathParameters(key.substring(key.indexOf(' ') + 1));
            entry.path("pathParameters").fieldNames().forEachRemaining(name ->
                    assertThat(inPath).as(key + " documents the path parameter " + name).contains(name));
            entry.path("errors").fieldNames().forEachRemaining(status ->
                    assertThat(Integer.parseInt(status)).as(key + " error").isBetween(400, 599));
            entry.path("responses").fieldNames().forEachRemaining(status ->
                    assertThat(Integer.parseInt(status)).as(key + " success").isBetween(200, 399));
            entry.path("query").forEach(query -> {
                assertThat(query.path("name").asText()).as(key + " query parameter").isNotBlank();
                assertThat(query.path("description").asText()).as(key + " ?" + query.path("name").asText()).isNotBlank();
                assertThat(query.path("type").asText()).as(key + " ?" + query.path("name").asText())
                        .isIn("string", "integer", "number", "boolean");
            });
        }
        for (RouteInfo route : api.routeTable()) {
            JsonNode entry = docs.entry(route.key()); // a missing one fails everyRouteHasADocumentationEntry
            if (entry != null && entry.has("body")) {
                assertThat(route.bodyLimit()).as(route.key() + " documents a body: it reads one").isNotZero();
            }
        }
    }

    // ---- valid OpenAPI 3.1

    @Test
    void theDocumentIsValidOpenApi31() {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        SwaggerParseResult result = new OpenAPIParser().readContents(servedText(), null, options);

        assertThat(result.getMessages()).as("swagger-parser's complaints").isEmpty();
        OpenAPI openApi = result.getOpenAPI();
        assertThat(openApi).isNotNull();
        assertThat(openApi.getSpecVersion()).isEqualTo(SpecVersion.V31);
        assertThat(openApi.getOpenapi()).isEqualTo("3.1.0");
        assertThat(openApi.getPaths()).hasSize(served().get("paths").size());
        assertThat(openApi.getComponents().getSecuritySchemes()).containsOnlyKeys("bearerAuth", "sessionCookie", "csrfHeader");
    }

    @Test
    void everyReferenceResolves() {
        JsonNode document = served();
        List<String> refs = new ArrayList<>();
        collectRefs(document, refs);

        assertThat(refs).isNotEmpty();
        Set<String> unresolved = refs.stream().filter(ref -> !ref.startsWith("#/") || document.at(ref.substring(1)).isMissingNode())
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(unresolved).as("references to nothing").isEmpty();
    }

    // ---- errors

    @Test
    void everyErrorResponseIsTheProblemSchemaAndEveryRouteListsTheErrorsOfItsKind() {
        JsonNode document = served();
        JsonNode problem = document.at("/components/schemas/Problem");
        assertThat(strings(problem.get("required"))).containsExactly("status", "title", "error");
        assertThat(problem.get("additionalProperties").asBoolean()).isTrue();

        for (RouteInfo route : api.routeTable()) {
            JsonNode responses = operation(document, route).get("responses");
            responses.properties().forEach(response -> {
                int status = Integer.parseInt(response.getKey());
                JsonNode content = response.getValue().path("content");
                if (status >= 400) {
                    assertThat(names(content)).as(route.key() + " " + status)
                            .containsExactly("application/problem+json");
                    assertThat(content.at("/application~1problem+json/schema/$ref").asText()).as(route.key() + " " + status)
                            .isEqualTo(OpenApiDocument.PROBLEM_REF);
                    assertThat(response.getValue().path("description").asText()).as(route.key() + " " + status).isNotBlank();
                } else {
                    assertThat(content.toString()).as(route.key() + " " + status + " is no problem").doesNotContain("Problem");
                }
            });
            Set<String> statuses = names(responses);
            assertThat(statuses).as(route.key()).contains("500");
            if (!route.isPublic()) {
                assertThat(statuses).as(route.key()).contains("401", "403", "429");
            }
            if (route.bodyLimit() > 0) {
                assertThat(statuses).as(route.key()).contains("413");
                assertThat(responses.at("/413/description").asText()).as(route.key())
                        .contains(route.bodyLimit() + " bytes");
            } else {
                assertThat(statuses).as(route.key()).doesNotContain("413");
            }
            if (route.bodyLimit() >= 0) {
                assertThat(statuses).as(route.key()).contains("503");
            }
        }
        assertThat(names(operation(document, route("GET /api/v1/dialogues/:id")).get("responses")))
                .as("what docs/dialogue-format.md says").contains("200", "404");
        assertThat(names(operation(document, route("POST /api/v1/dialogues")).get("responses")))
                .contains("202", "400", "413");
        assertThat(operation(document, route("POST /api/v1/dialogues")).at("/responses/413/description").asText())
                .contains("2 MB");
    }

    @Test
    void realErrorRepliesHaveTheProblemShapeAndAreDocumentedForTheirRoute() {
        JsonNode document = served();
        JsonNode problem = document.at("/components/schemas/Problem");

        // 404 for a path no route has, answered by the router itself
        checkProblem(problem, send(HttpMethod.GET, "/no/such/thing", null, null), 404);
        // 404 from a route: documented there
        HttpResponse<Buffer> noDialogue = send(HttpMethod.GET, "/api/v1/dialogues/nope", null, null);
        checkProblem(problem, noDialogue, 404);
        assertDocumented(document, "GET /api/v1/dialogues/:id", 404);
        HttpResponse<Buffer> noModel = send(HttpMethod.GET, "/api/v1/models/minilm", null, null);
        checkProblem(problem, noModel, 404);
        assertDocumented(document, "GET /api/v1/models/:id", 404);
        // 400 naming the query parameter at fault
        JsonNode badRuleSet = checkProblem(problem, send(HttpMethod.POST, "/api/v1/dialogues?ruleset=nope", null,
                "{\"id\": \"d-1\", \"turns\": [{\"role\": \"agent\", \"text\": \"您好\"}]}"), 400);
        assertThat(badRuleSet.get("field").asText()).isEqualTo("?ruleset");
        assertDocumented(document, "POST /api/v1/dialogues", 400);
        JsonNode badLimit = checkProblem(problem, send(HttpMethod.GET, "/api/v1/audit?limit=0", null, null), 400);
        assertThat(badLimit.get("field").asText()).isEqualTo("?limit");
        assertDocumented(document, "GET /api/v1/audit", 400);
        // 400 with every bad field of a body by pointer
        JsonNode invalid = checkProblem(problem, send(HttpMethod.POST, "/api/v1/dialogues", null,
                "{\"id\": \"d-2\", \"turns\": [{\"role\": \"agnet\", \"text\": \"您好\"}]}"), 400);
        assertThat(invalid.at("/errors/0/pointer").asText()).isEqualTo("/turns/0/role");
        // the guard's refusals
        HttpResponse<Buffer> anonymous = send(HttpMethod.GET, "/api/v1/rulesets", "nobody", null);
        checkProblem(problem, anonymous, 401);
        assertThat(anonymous.getHeader("WWW-Authenticate")).startsWith("Bearer");
        JsonNode forbidden = checkProblem(problem, send(HttpMethod.GET, "/metrics", "read-only", null), 403);
        assertThat(forbidden.get("permission").asText()).isEqualTo("METRICS_READ");
        // a body over the route's limit: 16 KB for signing in, a public route
        checkProblem(problem, send(HttpMethod.POST, "/api/v1/session", null, "{\"user\": \"" + "x".repeat(20_000) + "\"}"), 413);
        assertDocumented(document, "POST /api/v1/session", 413);
        // a public route's own 401
        checkProblem(problem, send(HttpMethod.POST, "/api/v1/session", null, "{\"user\": \"li\", \"password\": \"wrong\"}"), 401);
        assertDocumented(document, "POST /api/v1/session", 401);
        // 405, answered by the router
        checkProblem(problem, send(HttpMethod.DELETE, "/api/v1/dialogues/d-1", null, null), 405);
    }

    @Test
    void healthWhenStorageIsDownIsAProblemToo() {
        storage.close();
        try {
            checkProblem(served().at("/components/schemas/Problem"), send(HttpMethod.GET, "/health", null, null), 503);
        } finally {
            storage = StorageFactory.open(dataDir, null); // for stop()
        }
    }

    /** The reply is problem JSON with every member the Problem schema requires, of the type it says. */
    private static JsonNode checkProblem(JsonNode schema, HttpResponse<Buffer> response, int status) {
        assertThat(response.statusCode()).as(response.bodyAsString()).isEqualTo(status);
        assertThat(response.getHeader("Content-Type")).startsWith("application/problem+json");
        JsonNode body = json(response.bodyAsString());
        assertThat(body.isObject()).isTrue();
        for (JsonNode required : schema.get("required")) {
            String member = required.asText();
            JsonNode value = body.get(member);
            assertThat(value).as("%s of %s", member, body).isNotNull();
            String type = schema.at("/properties/" + member + "/type").asText();
            assertThat(switch (type) {
                case "integer" -> value.isIntegralNumber();
                case "string" -> value.isTextual() && !value.asText().isBlank();
                default -> throw new AssertionError("a required member of type " + type);
            }).as("%s of %s is a %s", member, body, type).isTrue();
        }
        assertThat(body.get("status").asInt()).isEqualTo(status);
        body.properties().forEach(member -> {
            JsonNode declared = schema.at("/properties/" + member.getKey() + "/type");
            if (!declared.isMissingNode()) {
                assertThat(member.getValue().getNodeType().name().toLowerCase(Locale.ROOT))
                        .as("%s of %s", member.getKey(), body)
                        .isEqualTo(declared.asText().equals("integer") ? "number" : declared.asText());
            }
        });
        return body;
    }

    private void assertDocumented(JsonNode document, String routeKey, int status) {
        assertThat(operation(document, route(routeKey)).get("responses").has(Integer.toString(status)))
                .as("%s documents %s", routeKey, status).isTrue();
    }

    // ---- plumbing

    private RouteInfo route(String key) {
        return api.routeTable().stream().filter(route -> route.key().equals(key)).findFirst().orElseThrow();
    }

    private static JsonNode operation(JsonNode document, RouteInfo route) {
        JsonNode operation = document.get("paths").path(OpenApiDocument.openApiPath(route.path()))
                .get(route.method().toLowerCase(Locale.ROOT));
        assertThat(operation).as("the operation of %s", route.key()).isNotNull();
        return operation;
    }

    private static void operations(JsonNode document, BiConsumer<String, JsonNode> check) {
        document.get("paths").properties().forEach(path -> path.getValue().properties().forEach(operation ->
                check.accept(operation.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey(), operation.getValue())));
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.isObject()) {
            node.properties().forEach(member -> {
                if (member.getKey().equals("$ref")) {
                    refs.add(member.getValue().asText());
                } else {
                    collectRefs(member.getValue(), refs);
                }
            });
        } else if (node.isArray()) {
            node.forEach(item -> collectRefs(item, refs));
        }
    }

    /** The values of an array of strings. */
    private static List<String> strings(JsonNode array) {
        List<String> strings = new ArrayList<>();
        array.forEach(value -> strings.add(value.asText()));
        return strings;
    }

    /** The member names of an object. */
    private static Set<String> names(JsonNode object) {
        Set<String> names = new LinkedHashSet<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }

    private String servedText() {
        HttpResponse<Buffer> response = send(HttpMethod.GET, "/openapi.json", "nobody", null);
        assertThat(response.statusCode()).as("public: no credentials needed").isEqualTo(200);
        assertThat(response.getHeader("Content-Type")).startsWith("application/json");
        return response.bodyAsString();
    }

    private JsonNode served() {
        return json(servedText());
    }

    private static JsonNode json(String text) {
        try {
            return ParleyJson.mapper().readTree(text);
        } catch (IOException e) {
            throw new AssertionError(text, e);
        }
    }

    private HttpResponse<Buffer> send(HttpMethod method, String uri, String as, String body) {
        var request = client.request(method, uri);
        if (as != null) {
            request.putHeader(AS, as);
        }
        return (body == null ? request.send() : request.putHeader("Content-Type", "application/json").sendBuffer(Buffer.buffer(body)))
                .await();
    }
}
