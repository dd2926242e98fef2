package io.parley.plugins.sentiment;

import ai.onnx.proto.OnnxMl;
import io.parley.engine.api.EvaluationException;
import io.parley.engine.impl.evaluate.RuleSetCompilationException;
import io.parley.engine.impl.evaluate.RuleSetEvaluator;
import io.parley.engine.spi.RuleSetCompiler;
import io.parley.engine.spi.plugin.OperatorPlugin;
import io.parley.engine.spi.plugin.PluginException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A model that cannot load or gives NaN fails the rule set's preparation or that one evaluation, with a reason. */
class ModelFailureTest {
    private static RuleSetCompiler compiler;

    @TempDir
    static Path dir;

    @BeforeAll
    static void loadCompiler() {
        compiler = ServiceLoader.load(RuleSetCompiler.class).findFirst().orElseThrow();
    }

    @Test
    void aMissingHeadFileRefusesThePreparationNamingTheFile() {
        Path missing = dir.resolve("nowhere/head.onnx");

        assertThatThrownBy(() -> evaluator("operator bitter = sentiment { label: \"negative\", model: \"" + missing + "\" }"))
                .isInstanceOf(RuleSetCompilationException.class)
                .hasMessageContaining("sentiment head file not found: " + dir.resolve("nowhere/head.json"));
    }

    @Test
    void aHeadGivingNaNFailsThatEvaluationAndTheEvaluatorCarriesOn() throws IOException {
        Path head = nanHead(dir);
        try (RuleSetEvaluator evaluator = evaluator("operator bitter = sentiment { label: \"negative\", model: \"" + head + "\" }")) {
            for (int attempt = 0; attempt < 2; attempt++) {
                assertThatThrownBy(() -> evaluator.evaluate(AcceptanceDialogues.dialogue("c@0: 谢谢你")))
                        .isInstanceOf(EvaluationException.class)
                        .hasMessageContaining("operator 'bitter'")
                        .hasMessageContaining("gave a non-finite probability (NaN) for 'negative'");
            }
        }
    }

    @Test
    void badOptionsAreRefusedWithTheUseAndTheReason() {
        OperatorPlugin sentiment = new SentimentOperator();
        OperatorPlugin satisfaction = new SatisfactionOperator();

        assertThatThrownBy(() -> sentiment.prepare(List.of(use("angry", Map.of("label", "angry", "threshold", 0.5)))))
                .isInstanceOf(PluginException.class)
                .hasMessage("angry (rules.parley:3:1): label: unknown sentiment 'angry': expected negative, neutral or positive");
        assertThatThrownBy(() -> sentiment.prepare(List.of(use("x", Map.of("label", "negative", "threshold", 1.5)))))
                .isInstanceOf(PluginException.class).hasMessage("x (rules.parley:3:1): threshold must be between 0 and 1, was 1.5");
        assertThatThrownBy(() -> satisfaction.prepare(List.of(use("u", Map.of("below", 0.4, "churn_above", 0.6)))))
                .isInstanceOf(PluginException.class)
                .hasMessage("u (rules.parley:3:1): give 'below' or a churn bound ('churn_above', 'churn: true'), not both");
        assertThatThrownBy(() -> satisfaction.prepare(List.of(use("u", Map.of("below", 0.4, "churn", true)))))
                .isInstanceOf(PluginException.class)
                .hasMessage("u (rules.parley:3:1): give 'below' or a churn bound ('churn_above', 'churn: true'), not both");
        assertThatThrownBy(() -> satisfaction.prepare(List.of(use("u", Map.of("dialogue_model", "neural")))))
                .isInstanceOf(PluginException.class)
                .hasMessage("u (rules.parley:3:1): dialogue_model must be 'trained' or 'aggregate', was 'neural'");
    }

    @Test
    void theBundledHeadRunsInOnnxRuntimeAndRefusesAnotherEncoder() {
        SentimentHead head = SentimentHead.bundled();
        assertThat(head.descriptor().labels()).containsExactlyInAnyOrder("negative", "neutral", "positive");

        double[][] probabilities = head.probabilities(List.of(new float[TurnContextFeatures.names(512).size()]));
        assertThat(probabilities[0][0] + probabilities[0][1] + probabilities[0][2]).isBetween(0.999, 1.001);
        assertThatThrownBy(() -> new SentimentModel(new FixedVectorEncoder(Map.of()), head, 3))
                .isInstanceOf(PluginException.class).hasMessageContaining("was trained on bge-small-zh-v1.5-q embeddings, not fixed-2d");
    }

    private static OperatorPlugin.Use use(String name, Map<String, Object> config) {
        Map<String, Object> withDefaults = new java.util.HashMap<>(Map.of("context", 3L));
        withDefaults.putAll(config);
        return new OperatorPlugin.Use(name, withDefaults, "rules.parley:3:1");
    }

    private static RuleSetEvaluator evaluator(String operator) {
        RuleSetCompiler.Compilation compilation = compiler.compile("failing.parley", """
                template "failing" version 1 language zh
                %s
                rule bitter_customer: customer turn matches bitter
                """.formatted(operator));
        assertThat(compilation.hasErrors()).as(compilation.render()).isFalse();
        return RuleSetEvaluator.compile(compilation.definition());
    }

    /**
     * A real ONNX model whose every output is NaN, (x − x) / (x − x), with a descriptor asking for
     * three of the features: what a head with broken weights does.
     */
    private static Path nanHead(Path dir) throws IOException {
        OnnxMl.ModelProto model = OnnxMl.ModelProto.newBuilder()
                .setIrVersion(8)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(13))
                .setGraph(OnnxMl.GraphProto.newBuilder().setName("nan")
                        .addInput(matrix("input"))
                        .addOutput(matrix("output"))
                        .addNode(OnnxMl.NodeProto.newBuilder().setOpType("Sub").addInput("input").addInput("input").addOutput("zero"))
                        .addNode(OnnxMl.NodeProto.newBuilder().setOpType("Div").addInput("zero").addInput("zero").addOutput("output")))
                .build();
        Path onnx = dir.resolve("nan-head.onnx");
        Files.write(onnx, model.toByteArray());
        new HeadDescriptor("nan", "0", "bge-small-zh-v1.5-q", 512, 3, List.of("negative", "neutral", "positive"),
                List.of("turn_e000", "turn_e001", "turn_e002"), 1, 20, Map.of(), Map.of(), null, null)
                .write(dir.resolve("nan-head.json"));
        return onnx;
    }

    private static OnnxMl.ValueInfoProto matrix(String name) {
        return OnnxMl.ValueInfoProto.newBuilder().setName(name).setType(OnnxMl.TypeProto.newBuilder()
                .setTensorType(OnnxMl.TypeProto.Tensor.newBuilder().setElemType(OnnxMl.TensorProto.DataType.FLOAT.getNumber())
                        .setShape(OnnxMl.TensorShapeProto.newBuilder()
                                .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimParam("batch"))
                                .addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(3))))).build();
    }
}
