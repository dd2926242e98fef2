package io.parley.plugins.onnx;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.parley.engine.api.EvaluationException;
import io.parley.engine.api.EvaluationResult;
import io.parley.engine.api.Hit;
import io.parley.engine.impl.evaluate.RuleSetCompilationException;
import io.parley.engine.impl.evaluate.RuleSetEvaluator;
import io.parley.engine.impl.plugin.PluginRegistry;
import io.parley.engine.spi.plugin.ModelRunnerPlugin.LoadedModel;
import io.parley.engine.spi.plugin.OperatorPlugin.PreparedOperator;
import io.parley.engine.spi.plugin.OperatorPlugin.Use;
import io.parley.engine.api.facts.SignalFact;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The {@code onnx} model runner under the built-in {@code model} operator, from a .parley file to results. */
class OnnxModelRunnerTest {
    private static final String RULE_FILE = OnnxClassifierOperatorPluginTest.RULE_FILE;
    /** other = 1.0 + 0.1 × 5, complaint = 2 × 4 (see OnnxClassifierOperatorPluginTest): softmax. */
    private static final double COMPLAINT = 1 / (1 + Math.exp(1.5 - 8));

    private static String rules(String runner, String descriptor) {
        return """
                template "byom" version 1 language zh
                operator complaint = model { runner: "%s", label: "complaint", model: { descriptor: "%s" } }
                rule complaint_risk "投诉风险":
                  customer turn matches complaint
                """.formatted(runner, descriptor);
    }

    private static RuleSetEvaluator compile(String source) {
        return RuleSetEvaluator.compile(OnnxRuleSetEndToEndTest.definition(RULE_FILE, source), PluginRegistry.installed(),
                new SimpleMeterRegistry());
    }

    @Test
    void theModelOperatorRunsTheTinyClassifierThroughTheOnnxRunner() {
        try (RuleSetEvaluator evaluator = compile(rules("onnx", "complaint.yaml"))) {
            EvaluationResult result = evaluator.evaluate(Dialogues.dialogue("m-1", "我要投诉你们，差评", "您好，请问有什么可以帮您", "好的谢谢"));

            assertThat(result.signals()).isEqualTo(1);
            Hit hit = result.hits().getFirst();
            assertThat(result.hits()).extracting(Hit::rule).containsExactly("complaint_risk");
            assertThat(hit.evidence()).singleElement().satisfies(evidence -> assertThat(evidence.turn()).isZero());
            assertThat(hit.confidence()).isCloseTo(COMPLAINT, within(1e-6));
        }
    }

    @Test
    void eachSignalNamesTheModelAndVersionThatProducedIt() {
        PluginRegistry registry = PluginRegistry.installed();
        Use use = new Use("complaint", registry.configure(registry.operator("model"), Map.of("runner", "onnx", "label", "complaint",
                "model", Map.of("descriptor", "complaint.yaml"))).values(), RULE_FILE + ":2:1");
        try (PreparedOperator operator = registry.operator("model").prepare(List.of(use), registry.operatorContext())) {
            List<SignalFact> signals = Dialogues.annotate(Dialogues.dialogue("m-2", "好的谢谢", "我要投诉，差评"), operator);

            assertThat(signals).singleElement().satisfies(signal -> {
                assertThat(signal.getKind()).isEqualTo("model");
                assertThat(signal.getTerm()).isEqualTo("tiny-complaint@1.0.0");
                assertThat(signal.getTurn()).isEqualTo(1);
            });
        }
    }

    @Test
    void theRunnerLoadsTheDescriptorRelativeToTheRuleFile() {
        try (LoadedModel model = new OnnxModelRunnerPlugin().load(Map.of("descriptor", "complaint.yaml"), RULE_FILE + ":2:1")) {
            assertThat(List.of(model.id(), model.version())).containsExactly("tiny-complaint", "1.0.0");
            assertThat(model.labels()).containsExactly("other", "complaint");
            // 好的谢谢: other = 1.0 + 4 × 0.1 = 1.4, complaint = 0
            double[] row = model.classify(List.of("好的谢谢")).getFirst();
            assertThat(row[1]).isCloseTo(1 / (1 + Math.exp(1.4)), within(1e-6));
            assertThat(row[0] + row[1]).isCloseTo(1.0, within(1e-6));
        }
    }

    @Test
    void aMisspelledRunnerIsACompileProblemSuggestingTheInstalledOne() {
        assertThatThrownBy(() -> compile(rules("onx", "complaint.yaml")))
                .isInstanceOfSatisfying(RuleSetCompilationException.class, e -> assertThat(e.problems()).singleElement()
                        .satisfies(problem -> assertThat(problem.text()).isEqualTo(
                                "operator 'complaint': unknown model runner plugin 'onx'; did you mean 'onnx'? (installed: intent_head, onnx)")));
    }

    @Test
    void aModelReturningNaNFailsThatEvaluationOnly() {
        try (RuleSetEvaluator evaluator = compile(rules("onnx", "complaint-nan.json"))) {
            assertThat(evaluator.evaluate(Dialogues.dialogue("ok", "好的谢谢")).hits()).isEmpty();
            assertThatThrownBy(() -> evaluator.evaluate(Dialogues.dialogue("bad", "我要投诉")))
                    .isInstanceOf(EvaluationException.class)
                    .hasMessage("dialogue bad: operator 'complaint' (model 1.0.0) failed: "
                            + "model tiny-complaint-nan@1.0.0 returned [NaN, NaN] (not finite) for \"我要投诉\"");
            assertThat(evaluator.evaluate(Dialogues.dialogue("ok-again", "您好")).hits()).isEmpty();
        }
    }
}
