package io.parley.app.server;

import io.parley.engine.api.TenantId;
import com.sun.net.httpserver.HttpServer;
import io.parley.app.CliException;
import io.parley.engine.api.Dialogue;
import io.parley.engine.api.Turn;
import io.parley.engine.impl.plugin.PluginRegistry;
import io.parley.engine.spi.storage.Storage;
import io.parley.storage.mongo.StorageFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** `--sinks`: stored results reach a webhook, signed; a bad sinks file is a clear error. */
class ResultSinksTest {
    private record Delivery(String path, String signature, byte[] body) {
        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final BlockingQueue<Delivery> received = new LinkedBlockingQueue<>();
    private HttpServer receiver;
    private Storage storage;

    @BeforeEach
    void start(@TempDir Path dataDir) throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/", exchange -> {
            received.add(new Delivery(exchange.getRequestURI().getPath(), exchange.getRequestHeaders().getFirst("X-Parley-Signature"),
                    exchange.getRequestBody().readAllBytes()));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        receiver.start();
        storage = StorageFactory.open(dataDir, null);
    }

    @AfterEach
    void stop() {
        receiver.stop(0);
    }

    @Test
    void everyStoredResultIsPostedToTheWebhookWithAVerifiableSignature(@TempDir Path dir) throws Exception {
        Path sinksFile = Files.writeString(dir.resolve("sinks.json"), """
                [{"plugin": "webhook", "config": {"url": "http://127.0.0.1:%d/hook", "secret": "s3cret"}}]
                """.formatted(receiver.getAddress().getPort()));
        var metrics = ParleyServer.newMetrics();
        RuleSetLoader.Loaded example = new RuleSetLoader(System.err, metrics).example();
        ResultSinks sinks = ResultSinks.open(sinksFile, PluginRegistry.installed(), storage);
        assertThat(sinks.size()).isEqualTo(1);

        try (ParleyServer server = new ParleyServer(storage, TenantId.DEFAULT, example.evaluator(), metrics, sinks, null)) {
            server.ingestor().evaluateAndStore(new Dialogue("hook-1", "im", null, null, null, List.of(),
                    List.of(new Turn("customer", "在吗"), new Turn("agent", "不知道")), null, Map.of()));

            Delivery delivery = received.poll(30, TimeUnit.SECONDS);
            assertThat(delivery).as("a webhook delivery within 30 s").isNotNull();
            assertThat(new String(delivery.body(), StandardCharsets.UTF_8)).contains("\"hook-1\"", "forbidden_phrase");
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec("s3cret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            assertThat(delivery.signature()).isEqualTo("sha256=" + HexFormat.of().formatHex(hmac.doFinal(delivery.body())));
        }
    }

    @Test
    void aSinkForOneTenantTakesOnlyTheResultsOfThatTenantsDialogues(@TempDir Path dir) throws Exception {
        int port = receiver.getAddress().getPort();
        Path sinksFile = Files.writeString(dir.resolve("sinks.json"), """
                [{"plugin": "webhook", "tenant": "acme", "config": {"url": "http://127.0.0.1:%d/acme", "events": ["score"]}},
                 {"plugin": "webhook", "config": {"url": "http://127.0.0.1:%d/all", "events": ["score"]}}]
                """.formatted(port, port));
        var metrics = ParleyServer.newMetrics();
        RuleSetLoader.Loaded example = new RuleSetLoader(System.err, metrics).example();

        // Each tenant's results, as its engine hands them over once stored.
        try (ResultSinks sinks = ResultSinks.open(sinksFile, PluginRegistry.installed(), storage)) {
            for (String[] dialogue : new String[][]{{"t-acme", "acme"}, {"t-globex", "globex"}, {"t-none", "default"}}) {
                sinks.accept(TenantId.of(dialogue[1]), example.evaluator().evaluate(new Dialogue(dialogue[0], "im", null, null,
                        null, List.of(), List.of(new Turn("customer", "在吗"), new Turn("agent", "您好")), null, Map.of())));
            }
            List<Delivery> deliveries = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                Delivery delivery = received.poll(30, TimeUnit.SECONDS);
                assertThat(delivery).as("delivery %d of 4 within 30 s", i + 1).isNotNull();
                deliveries.add(delivery);
            }
            assertThat(received.poll(500, TimeUnit.MILLISECONDS)).as("nothing more").isNull();
            assertThat(deliveries.stream().filter(d -> d.path().equals("/acme")).map(Delivery::text).toList())
                    .singleElement().asString().contains("\"t-acme\"");
            assertThat(deliveries.stream().filter(d -> d.path().equals("/all")).count()).isEqualTo(3);
        }
    }

    @Test
    void aBlankTenantIsRefused(@TempDir Path dir) throws IOException {
        Path sinksFile = Files.writeString(dir.resolve("sinks.json"), """
                [{"plugin": "webhook", "tenant": " ", "config": {"url": "http://127.0.0.1:1/hook"}}]
                """);

        assertThatThrownBy(() -> ResultSinks.open(sinksFile, PluginRegistry.installed(), storage))
                .isInstanceOf(CliException.class)
                .hasMessageEndingWith("sink 1: 'tenant' is blank: name the tenant whose results this sink takes, or leave it out for all");
        storage.close();
    }

    @Test
    void aMisspeltSinkIsAClearErrorWithTheLikelyName(@TempDir Path dir) throws IOException {
        Path sinksFile = Files.writeString(dir.resolve("sinks.json"), """
                [{"plugin": "webhok", "config": {"url": "http://127.0.0.1:1/hook"}}]
                """);

        assertThatThrownBy(() -> ResultSinks.open(sinksFile, PluginRegistry.installed(), storage))
                .isInstanceOf(CliException.class)
                .hasMessageContaining("sink 1")
                .hasMessageContaining("did you mean 'webhook'?");
        storage.close();
    }
}
