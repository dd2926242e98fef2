package io.parley.app;

import com.sun.net.httpserver.HttpServer;
import io.parley.engine.api.Dialogue;
import io.parley.engine.api.Turn;
import io.parley.engine.impl.plugin.PluginRegistry;
import io.parley.engine.impl.storage.StorageFactory;
import io.parley.engine.spi.storage.Storage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** `--sinks`: stored results reach a webhook, signed; a bad sinks file is a clear error. */
class ResultSinksTest {
    private record Delivery(String signature, byte[] body) {
    }

    private final BlockingQueue<Delivery> received = new LinkedBlockingQueue<>();
    private HttpServer receiver;
    private Storage storage;

    @BeforeEach
    void start(@TempDir Path dataDir) throws IOException {
        receiver = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        receiver.createContext("/hook", exchange -> {
            received.add(new Delivery(exchange.getRequestHeaders().getFirst("X-Parley-Signature"),
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

        try (ParleyServer server = new ParleyServer(storage, example.evaluator(), metrics, sinks)) {
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
