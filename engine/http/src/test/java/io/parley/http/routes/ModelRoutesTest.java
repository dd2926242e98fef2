package io.parley.http.routes;

import io.parley.engine.api.TenantId;
import io.parley.engine.api.model.ModelFile;
import io.parley.engine.api.model.RegisteredModel;
import io.parley.storage.mongo.StorageFactory;
import io.parley.engine.api.security.Principal;
import io.parley.engine.api.security.Role;
import io.parley.engine.spi.storage.Storage;
import io.parley.http.HttpSettings;
import io.parley.http.HttpApi;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ModelRoutesTest {
    private static final RegisteredModel COMPLAINT = new RegisteredModel("tiny-complaint", "1.0.0", "onnx",
            "descriptor: /models/complaint.yaml", List.of(new ModelFile("complaint.onnx", 879, "4bde7c85796bdc4e2e32238ec299f2233b3db3397fb2f0b7acb00231620178c6")),
            "tokenizer.json", List.of("other", "complaint"), Map.of("ids", "input_ids"), Map.of("softmax", "logits"),
            Map.of("heldOut_accuracy", 0.875));

    @TempDir
    Path dataDir;

    private Storage storage;
    private Vertx vertx;
    private WebClient client;

    @BeforeEach
    void start() {
        storage = StorageFactory.open(dataDir, null);
        vertx = Vertx.vertx();
        int port = new HttpApi(vertx, List.of(new ModelRoutes(storage)),
                ctx -> new Principal(TenantId.DEFAULT, "tester", Role.READ_ONLY, "tester", "127.0.0.1"), HttpSettings.DEFAULTS)
                .start("127.0.0.1", 0);
        client = WebClient.create(vertx, new WebClientOptions().setDefaultHost("127.0.0.1").setDefaultPort(port));
    }

    @AfterEach
    void stop() {
        client.close();
        vertx.close().await();
        storage.close();
    }

    @Test
    void listsEveryModelVersionAsRecorded() {
        RegisteredModel v1 = storage.tenant(TenantId.DEFAULT).models().register(COMPLAINT);

        HttpResponse<Buffer> response = get("/api/v1/models");

        assertThat(response.statusCode()).isEqualTo(200);
        JsonArray models = response.bodyAsJsonArray();
        assertThat(models).hasSize(1);
        assertThat(models.getJsonObject(0)).isEqualTo(new JsonObject()
                .put("id", "tiny-complaint").put("version", "1.0.0").put("runner", "onnx")
                .put("source", "descriptor: /models/complaint.yaml")
                .put("files", new JsonArray().add(new JsonObject().put("name", "complaint.onnx").put("size", 879)
                        .put("sha256", "4bde7c85796bdc4e2e32238ec299f2233b3db3397fb2f0b7acb00231620178c6")))
                .put("tokenizer", "tokenizer.json").put("labels", new JsonArray().add("other").add("complaint"))
                .put("inputs", new JsonObject().put("ids", "input_ids")).put("outputs", new JsonObject().put("softmax", "logits"))
                .put("metrics", new JsonObject().put("heldOut_accuracy", 0.875))
                .put("registeredAt", v1.registeredAt().toString()));
    }

    @Test
    void listsTheVersionsOfOneModelAndReadsOne() {
        storage.tenant(TenantId.DEFAULT).models().register(COMPLAINT);
        storage.tenant(TenantId.DEFAULT).models().register(new RegisteredModel("tiny-complaint", "1.1.0", "onnx", "descriptor: /models/complaint.yaml",
                List.of(new ModelFile("complaint.onnx", 900, "1".repeat(64))), null, List.of("other", "complaint"), null, null, null));

        HttpResponse<Buffer> versions = get("/api/v1/models/tiny-complaint");
        assertThat(versions.statusCode()).isEqualTo(200);
        assertThat(versions.bodyAsJsonArray().stream().map(v -> ((JsonObject) v).getString("version")).toList())
                .containsExactly("1.0.0", "1.1.0");

        HttpResponse<Buffer> one = get("/api/v1/models/tiny-complaint/versions/1.1.0");
        assertThat(one.statusCode()).isEqualTo(200);
        assertThat(one.bodyAsJsonObject().getJsonArray("files").getJsonObject(0).getInteger("size")).isEqualTo(900);
        assertThat(one.bodyAsJsonObject().containsKey("tokenizer")).isFalse();
    }

    @Test
    void unknownModelsAndVersionsAre404sNamingWhatIsRegistered() {
        assertThat(get("/api/v1/models").bodyAsJsonArray()).isEmpty();
        assertThat(get("/api/v1/models/tiny-complaint").bodyAsJsonObject().getString("error")).isEqualTo(
                "no model 'tiny-complaint' is registered (none is: models register when a rule set that uses them is prepared)");
        storage.tenant(TenantId.DEFAULT).models().register(COMPLAINT);

        HttpResponse<Buffer> typo = get("/api/v1/models/tiny-complain");
        assertThat(typo.statusCode()).isEqualTo(404);
        assertThat(typo.bodyAsJsonObject().getString("error"))
                .isEqualTo("no model 'tiny-complain' is registered; did you mean 'tiny-complaint'? (registered: tiny-complaint)");
        HttpResponse<Buffer> version = get("/api/v1/models/tiny-complaint/versions/2.0.0");
        assertThat(version.statusCode()).isEqualTo(404);
        assertThat(version.bodyAsJsonObject().getString("error"))
                .isEqualTo("model 'tiny-complaint' has no version '2.0.0'; registered versions: 1.0.0");
    }

    private HttpResponse<Buffer> get(String path) {
        return client.get(path).send().await();
    }
}
