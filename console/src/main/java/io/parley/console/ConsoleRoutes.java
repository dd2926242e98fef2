package io.parley.console;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * Mounts the web console on the API's router: the pages live on the classpath under
 * {@code webroot/console} and talk to the same origin's {@code /api/v1} and {@code /health}.
 */
public final class ConsoleRoutes {
    public static final String PATH = "/console";

    private ConsoleRoutes() {
    }

    public static void mount(Router router) {
        router.get("/").handler(ctx -> ctx.redirect(PATH + "/"));
        router.route(PATH + "/*").handler(StaticHandler.create("webroot/console").setCachingEnabled(false));
    }
}
