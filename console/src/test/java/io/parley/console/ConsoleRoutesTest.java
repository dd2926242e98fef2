package io.parley.console;

import io.parley.http.Authenticator;
import io.parley.http.HttpApi;
import io.parley.http.HttpSettings;
import io.vertx.core.Vertx;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ConsoleRoutesTest {
    private Vertx vertx;
    private HttpApi server;
    private int port;
    private WebClient client;

    @BeforeEach
    void start() {
        vertx = Vertx.vertx();
        server = new HttpApi(vertx, List.of(new ConsoleRoutes()), Authenticator.NOBODY, HttpSettings.DEFAULTS);
        port = server.start("127.0.0.1", 0);
        client = WebClient.create(vertx);
    }

    @AfterEach
    void stop() {
        client.close();
        server.stop();
        vertx.close().await();
    }

    @Test
    void servesTheConsolePage() {
        HttpResponse<Buffer> page = client.get(port, "127.0.0.1", "/console/").send().await();

        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.getHeader("Content-Type")).startsWith("text/html");
        assertThat(page.bodyAsString()).contains("<title>Parley console</title>", "/api/v1/dialogues");
    }

    @Test
    void rootRedirectsToTheConsole() {
        HttpResponse<Buffer> root = client.get(port, "127.0.0.1", "/")
                .followRedirects(false).send().await();

        assertThat(root.statusCode()).isEqualTo(302);
        assertThat(root.getHeader("Location")).isEqualTo("/console/");
    }
}
