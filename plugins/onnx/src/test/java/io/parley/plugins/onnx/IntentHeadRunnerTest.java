package io.parley.plugins.onnx;

import ai.onnx.proto.OnnxMl;
import com.google.protobuf.ByteString;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.parley.engine.api.EvaluationException;
import io.parley.engine.api.EvaluationResult;
import io.parley.engine.api.Hit;
import io.parley.engine.api.facts.SignalFact;
import io.parley.engine.api.model.ModelFile;
import io.parley.engine.api.model.RegisteredModel;
import io.parley.engine.impl.evaluate.RuleSetCompilationException;
import io.parley.engine.impl.evaluate.RuleSetEvaluator;
import io.parley.engine.impl.plugin.PluginRegistry;
import io.parley.engine.spi.plugin.OperatorPlugin.PreparedOperator;
import io.parley.engine.spi.plugin.OperatorPlugin.Use;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The {@code intent_head} model runner under the built-in {@code model} operator, from a .parley file to results. */
class IntentHeadRunnerTest {
    @TempDir
    static Path directory;
    private static IntentHeadDescriptor bank;
    private static String ruleFile;

    /**
     * A head file beside the rule file: the shipped BANKING77 head's files under another name, as a
     * customer would copy a head `parley train intent` wrote (training itself is tested in parley-ml-tools).
     */
    @BeforeAll
    static void copyAHeadBesideTheRuleFile() throws IOException {
        for (String extension : List.of(".onnx", ".json")) {
            try (InputStream in = IntentHead.class.getResourceAsStream(IntentHead.BUNDLED_DIR + "banking77" + extension)) {
                Files.copy(in, directory.resolve("bank" + extension));
            }
        }
        try (InputStream in = Files.newInputStream(directory.resolve("bank.json"))) {
            bank = IntentHeadDescriptor.read(in);
        }
        ruleFile = directory.resolve("rules.parley").toString();
    }

    private static String rules(String label, String head) {
        return """
                template "bank" version 1 language en
                operator asks = model { runner: "intent_head", label: "%s", threshold: 0.5, model: { head: "%s" } }
                rule asked "asks about it":
                  customer turn matches asks
                """.formatted(label, head);
    }

    private static RuleSetEvaluator compile(String source) {
        return RuleSetEvaluator.compile(OnnxRuleSetEndToEndTest.definition(ruleFile, source), PluginRegistry.installed(),
                new SimpleMeterRegistry());
    }

    private static String problem(String source) {
        try (RuleSetEvaluator compiled = compile(source)) {
            throw new AssertionError("compiled to " + compiled.ruleset() + ", expected a problem");
        } catch (RuleSetCompilationException e) {
            assertThat(e.problems()).hasSize(1);
            return e.problems().getFirst().text();
        }
    }

    @Test
    void aRuleUsesTheTrainedHeadFromAFileBesideTheRuleFile() {
        try (RuleSetEvaluator evaluator = compile(rules("card_arrival", "bank.onnx"))) {
            EvaluationResult result = evaluator.evaluate(Dialogues.dialogue("h-1", "Hello, my new card still has not arrived",
                    "Let me check that for you", "Also what exchange rate do you use?"));

            assertThat(result.hits()).extracting(Hit::rule).containsExactly("asked");
            assertThat(result.hits().getFirst().evidence()).singleElement().satisfies(evidence -> assertThat(evidence.turn()).isZero());
            assertThat(result.hits().getFirst().confidence()).isBetween(0.5, 1.0);
        }
    }

    @Test
    void eachSignalNamesTheHeadVersionAndCarriesTheProbability() {
        PluginRegistry registry = PluginRegistry.installed();
        Use use = new Use("rate", registry.configure(registry.operator("model"), Map.of("runner", "intent_head", "label", "exchange_rate",
                "model", Map.of("head", "bank.onnx"))).values(), ruleFile + ":2:1");
        try (PreparedOperator operator = registry.operator("model").prepare(List.of(use), registry.operatorContext())) {
            List<SignalFact> signals = Dialogues.annotate(Dialogues.dialogue("h-2", "what rate do you give for dollars", "one moment"), operator);

            assertThat(signals).singleElement().satisfies(signal -> {
                assertThat(signal.getKind()).isEqualTo("model");
                assertThat(signal.getName()).isEqualTo("rate");
                assertThat(signal.getTerm()).isEqualTo(bank.ref());
                assertThat(signal.getTurn()).isZero();
                assertThat(signal.getScore()).isBetween(0.5, 1.0);
            });
        }
    }

    @Test
    void theShippedBanking77HeadIsUsedByName() {
        try (RuleSetEvaluator evaluator = compile(rules("card_arrival", "banking77"))) {
            assertThat(evaluator.evaluate(Dialogues.dialogue("b-1", "I ordered my card two weeks ago and it still isn't here",
                    "Sorry to hear that")).hits()).extracting(Hit::rule).containsExactly("asked");
            assertThat(evaluator.evaluate(Dialogues.dialogue("b-2", "How do I change my PIN?", "In the app")).hits()).isEmpty();
        }
    }

    @Test
    void theRuleSetRecordsTheHeadWithItsFilesForTheRegistry() throws IOException {
        try (RuleSetEvaluator evaluator = compile(rules("card_arrival", "bank.onnx"))) {
            RegisteredModel head = evaluator.models().stream().filter(model -> model.id().equals(bank.id())).findFirst().orElseThrow();

            assertThat(head.version()).isEqualTo(bank.version());
            assertThat(head.runner()).isEqualTo("intent_head");
            assertThat(head.files()).containsExactly(ModelFile.of("bank.onnx", Files.newInputStream(directory.resolve("bank.onnx"))),
                    ModelFile.of("bank.json", Files.newInputStream(directory.resolve("bank.json"))));
            assertThat(head.labels()).isEqualTo(bank.labels());
            assertThat(head.metrics()).containsEntry("macro_f1", bank.metrics().get("macro_f1"));
        }
    }

    @Test
    void aMissingOrBrokenHeadRefusesTheRuleSetNamingTheFile() throws IOException {
        assertThat(problem(rules("card_arrival", "missing.onnx"))).contains("intent head descriptor not found: "
                + directory.resolve("missing.json"));

        Files.copy(directory.resolve("bank.json"), directory.resolve("no-model.json"));
        assertThat(problem(rules("card_arrival", "no-model.onnx"))).contains("intent head file not found: " + directory.resolve("no-model.onnx"));

        Files.copy(directory.resolve("bank.json"), directory.resolve("corrupt.json"));
        Files.writeString(directory.resolve("corrupt.onnx"), "not a model");
        assertThat(problem(rules("card_arrival", "corrupt.onnx")))
                .contains("intent head " + directory.resolve("corrupt.onnx") + " is not a model ONNX Runtime can load");

        Files.writeString(directory.resolve("bad-descriptor.json"), "{\"id\": ");
        Files.copy(directory.resolve("bank.onnx"), directory.resolve("bad-descriptor.onnx"));
        assertThat(problem(rules("card_arrival", "bad-descriptor.onnx")))
                .contains("intent head descriptor " + directory.resolve("bad-descriptor.json") + " is not a head descriptor");

        assertThat(problem(rules("card_arrival", "banking78"))).contains("no intent head named 'banking78' is shipped (shipped: banking77)");
        assertThat(problem(rules("no_such_intent", "bank.onnx"))).contains("has no label 'no_such_intent'");
    }

    @Test
    void aHeadReturningNaNFailsThatEvaluationOnly() throws IOException {
        writeNaNHead(directory.resolve("bank.onnx"), directory.resolve("nan.onnx"));
        Files.copy(directory.resolve("bank.json"), directory.resolve("nan.json"));
        try (RuleSetEvaluator evaluator = compile(rules("card_arrival", "nan.onnx"))) {
            assertThatThrownBy(() -> evaluator.evaluate(Dialogues.dialogue("bad", "where is my card")))
                    .isInstanceOf(EvaluationException.class)
                    .hasMessage("dialogue bad: operator 'asks' (model 1.0.0) failed: intent head " + bank.ref()
                            + " returned a probability that is not finite (NaN) for \"where is my card\"");
            assertThat(evaluator.evaluate(Dialogues.dialogue("silent", " ")).hits()).isEmpty();
        }
    }

    /** The head with every weight and bias NaN: the exported file edited as the ONNX protobuf it is. */
    private static void writeNaNHead(Path from, Path to) throws IOException {
        OnnxMl.ModelProto model = OnnxMl.ModelProto.parseFrom(Files.readAllBytes(from));
        OnnxMl.GraphProto.Builder graph = model.getGraph().toBuilder();
        for (int i = 0; i < graph.getInitializerCount(); i++) {
            OnnxMl.TensorProto tensor = graph.getInitializer(i);
            if (tensor.getDataType() == OnnxMl.TensorProto.DataType.FLOAT.getNumber()) {
                long values = tensor.getDimsList().stream().mapToLong(Long::longValue).reduce(1, (a, b) -> a * b);
                ByteBuffer raw = ByteBuffer.allocate((int) values * 4).order(ByteOrder.LITTLE_ENDIAN);
                for (long v = 0; v < values; v++) {
                    raw.putFloat(Float.NaN);
                }
                graph.setInitializer(i, tensor.toBuilder().clearFloatData().setRawData(ByteString.copyFrom(raw.array())));
            }
        }
        Files.write(to, model.toBuilder().setGraph(graph).build().toByteArray());
    }
}
