package io.parley.console;

import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConsoleRoutesTest {
    private Vertx vertx;
    private HttpServer server;
    private WebClient client;

    @BeforeEach
    void start() throws Exception {
        vertx = Vertx.vertx();
        Router router = Router.router(vertx);
        ConsoleRoutes.mount(router);
        server = vertx.createHttpServer().requestHandler(router).listen(0, "127.0.0.1").await();
        client = WebClient.create(vertx);
    }

    @AfterEach
    void stop() {
        client.close();
        vertx.close().await();
    }

    @Test
    void servesTheConsolePage() {
        HttpResponse<Buffer> page = client.get(server.actualPort(), "127.0.0.1", "/console/").send().await();

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.getHeader("Content-Type")).startsWith("text/html");
        assertThat(page.bodyAsString()).contains("<title>Parley console</title>", "/api/v1/dialogues");
    }

    @Test
    void rootRedirectsToTheConsole() {
        HttpResponse<Buffer> root = client.get(server.actualPort(), "127.0.0.1", "/")
                .followRedirects(false).send().await();

        assertThat(root.statusCode()).isEqualTo(302);
        assertThat(root.getHeader("Location")).isEqualTo("/console/");
    }
}
