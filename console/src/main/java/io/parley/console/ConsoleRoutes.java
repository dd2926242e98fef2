package io.parley.console;

import io.parley.http.RouteModule;
import io.parley.http.Routes;

/**
 * The web console: pages on the classpath under {@code webroot/console}, served at {@value #PATH}/,
 * talking to the same origin's {@code /api/v1} and {@code /health}. Mounted after the API's modules.
 */
public final class ConsoleRoutes implements RouteModule {
    public static final String PATH = "/console";

    @Override
    public void register(Routes routes) {
        routes.redirect("/", PATH + "/").staticFiles(PATH, "webroot/console");
    }
}
