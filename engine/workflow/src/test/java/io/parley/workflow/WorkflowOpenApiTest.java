package io.parley.workflow;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.engine.api.json.ParleyJson;
import io.parley.http.Authenticator;
import io.parley.http.HttpApi;
import io.parley.http.HttpSettings;
import io.parley.http.OpenApiDocument;
import io.parley.http.RouteInfo;
import io.parley.http.RouteModule;
import io.parley.http.routes.DialogueRoutes;
import io.parley.http.routes.ModelRoutes;
import io.parley.http.routes.OpenApiRoutes;
import io.parley.http.routes.RuleSetRoutes;
import io.parley.http.routes.SearchRoutes;
import io.parley.http.routes.SystemRoutes;
import io.parley.http.security.AccessRoutes;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The workflow routes in the OpenAPI description (engine/http's OpenApiTest covers the engine's own
 * routes and the document's validity): each has its entry in the documentation resource, the served
 * document describes exactly the routes of a server with the workflow module, and the resource
 * documents no route that neither module has. Only routes are registered here: no request reaches
 * a module, so they run without their workflow engine or storage.
 */
class WorkflowOpenApiTest {
    private Vertx vertx;
    private HttpApi api;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
    }

    @AfterEach
    void stop() {
        if (api != null) {
            api.stop();
        }
        vertx.close().await();
    }

    @Test
    void everyWorkflowRouteHasADocumentationEntry() {
        List<RouteInfo> workflowRoutes = routeTable(List.of(new WorkflowRoutes(null, null)));

        assertThat(workflowRoutes).isNotEmpty();
        assertThat(OpenApiDocument.load().undocumented(workflowRoutes))
                .as("workflow routes without an entry in %s: add one for each", OpenApiDocument.DOCS).isEmpty();
    }

    @Test
    void theServedDocumentDescribesExactlyTheRoutesOfAServerWithTheWorkflowModule() throws IOException {
        api = new HttpApi(vertx, List.of(new WorkflowRoutes(null, null), new OpenApiRoutes(() -> api.routeTable())),
                Authenticator.NOBODY, HttpSettings.DEFAULTS);
        int port = api.start("127.0.0.1", 0);
        WebClient client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
        HttpResponse<Buffer> response = client.get("/openapi.json").send().await();
        client.close();

        assertThat(response.statusCode()).isEqualTo(200);
        JsonNode document = ParleyJson.mapper().readTree(response.bodyAsString());
        Set<String> described = new TreeSet<>();
        document.get("paths").properties().forEach(path -> path.getValue().properties().forEach(operation -> {
            described.add(operation.getKey().toUpperCase(Locale.ROOT) + " " + path.getKey());
            assertThat(operation.getValue().has("x-parley-undocumented")).as(operation.getKey() + " " + path.getKey()).isFalse();
        }));
        assertThat(described).isEqualTo(api.routeTable().stream()
                .map(route -> route.method() + " " + OpenApiDocument.openApiPath(route.path()))
                .collect(Collectors.toCollection(TreeSet::new)));
    }

    @Test
    void theResourceDocumentsNoRouteThatNoModuleHas() {
        Supplier<List<RouteInfo>> none = List::of;
        List<RouteInfo> every = routeTable(List.of(new AccessRoutes(null, HttpSettings.DEFAULTS), new DialogueRoutes(tenant -> null),
                new SystemRoutes(null, null), new RuleSetRoutes(null), new ModelRoutes(null), new SearchRoutes(null), new OpenApiRoutes(none),
                new WorkflowRoutes(null, null)));

        Set<String> routed = every.stream().map(RouteInfo::key).collect(Collectors.toCollection(TreeSet::new));
        Set<String> stale = OpenApiDocument.load().documentedRoutes().stream().filter(key -> !routed.contains(key))
                .collect(Collectors.toCollection(TreeSet::new));
        assertThat(stale).as("entries in %s for routes no module registers", OpenApiDocument.DOCS).isEmpty();
        assertThat(Stream.of("GET /api/v1/tasks", "POST /api/v1/dialogues", "GET /openapi.json")).allMatch(routed::contains);
    }

    private List<RouteInfo> routeTable(List<RouteModule> modules) {
        HttpApi registered = new HttpApi(vertx, modules, Authenticator.NOBODY, HttpSettings.DEFAULTS);
        registered.start("127.0.0.1", 0);
        try {
            return registered.routeTable();
        } finally {
            registered.stop();
        }
    }
}
