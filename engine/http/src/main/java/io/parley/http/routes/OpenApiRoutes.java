package io.parley.http.routes;

import io.parley.http.OpenApiDocument;
import io.parley.http.Reply;
import io.parley.http.RouteInfo;
import io.parley.http.RouteModule;
import io.parley.http.Routes;

import java.util.List;
import java.util.function.Supplier;

/**
 * {@code GET /openapi.json}, public: the OpenAPI 3.1 description of every route the server has
 * ({@link OpenApiDocument}, docs/api.md). Built on the first request, when every module has
 * registered its routes, and kept: the route table does not change while the server runs.
 */
public final class OpenApiRoutes implements RouteModule {
    public static final String PATH = "/openapi.json";
    private static final String JSON = "application/json; charset=utf-8";

    private final Supplier<List<RouteInfo>> routeTable;
    private final OpenApiDocument docs;
    private volatile String document;

    /** @param routeTable the server's route table, complete once the server listens ({@code HttpApi::routeTable}) */
    public OpenApiRoutes(Supplier<List<RouteInfo>> routeTable) {
        this(routeTable, OpenApiDocument.load());
    }

    public OpenApiRoutes(Supplier<List<RouteInfo>> routeTable, OpenApiDocument docs) {
        this.routeTable = routeTable;
        this.docs = docs;
    }

    @Override
    public void register(Routes routes) {
        routes.publicGet(PATH, request -> Reply.text(200, JSON, document()));
    }

    private String document() {
        String built = document;
        if (built == null) {
            synchronized (this) {
                built = document;
                if (built == null) {
                    built = Routes.json(docs.document(routeTable.get()));
                    document = built;
                }
            }
        }
        return built;
    }
}
