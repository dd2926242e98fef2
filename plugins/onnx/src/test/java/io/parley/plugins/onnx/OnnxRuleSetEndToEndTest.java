package io.parley.plugins.onnx;

import io.parley.engine.api.EvaluationException;
import io.parley.engine.api.EvaluationResult;
import io.parley.engine.api.Hit;
import io.parley.engine.api.ruleset.RuleSetDefinition;
import io.parley.engine.impl.evaluate.RuleSetEvaluator;
import io.parley.engine.spi.RuleSetCompiler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import org.junit.jupiter.api.io.TempDir;

/** A .parley rule set using the ONNX operators, compiled by the DSL and run by the engine over Chinese dialogues with the real models. */
class OnnxRuleSetEndToEndTest {
    static final Path RULES = Path.of("src/test/resources/rules/shop-intents.parley");
    private static RuleSetEvaluator evaluator;

    @BeforeAll
    static void compile() throws IOException {
        evaluator = RuleSetEvaluator.compile(definition(RULES.toString(), Files.readString(RULES)));
    }

    @AfterAll
    static void close() {
        evaluator.close();
    }

    static RuleSetDefinition definition(String fileName, String source) {
        RuleSetCompiler compiler = ServiceLoader.load(RuleSetCompiler.class).findFirst().orElseThrow();
        RuleSetCompiler.Compilation compilation = compiler.compile(fileName, source);
        assertThat(compilation.hasErrors()).as(compilation.render()).isFalse();
        return compilation.definition();
    }

    private static List<String> hits(EvaluationResult result) {
        return result.hits().stream().map(hit -> hit.rule() + "@" + hit.evidence().stream().map(e -> e.turn()).toList()).toList();
    }

    @Test
    void aRefundDialogueWithAGreetingAndAPromise() {
        EvaluationResult result = evaluator.evaluate(Dialogues.dialogue("e2e-1",
                "在吗，我昨天买的东西不想要了，钱什么时候能退给我",
                "亲，您好，请问有什么可以帮您",
                "就是那个订单，退款申请了三天了",
                "好的亲，马上给您退款，钱会原路退回哦"));
        assertThat(hits(result)).containsExactly("refund_asked@[0, 2]", "refund_promised@[3]");
        Hit refund = result.hits().getFirst();
        assertThat(refund.confidence()).isBetween(0.75, 1.0);
    }

    @Test
    void aReturnWithoutGreetingAndAComplaint() {
        EvaluationResult result = evaluator.evaluate(Dialogues.dialogue("e2e-2",
                "衣服尺码不合适，我想退货",
                "自己看详情页",
                "什么态度，我要投诉你，给你差评"));
        // The angry turn is near the return intent too (0.56 ≥ its 0.55 threshold), but nearer to 'angry': it gets only that.
        assertThat(hits(result)).containsExactly("return_asked@[0]", "angry_customer@[2]", "no_greeting@[]", "complaint_risk@[2]");
    }

    @Test
    void aModelThatFailsFailsThatEvaluationWithItsReason(@TempDir Path directory) throws IOException {
        Path rules = directory.resolve("nan.parley");
        Files.writeString(rules, """
                template "nan" version 1 language zh
                operator complaint = onnx_classifier { descriptor: "%s", label: "complaint" }
                rule complaint_risk "投诉风险":
                  customer turn matches complaint
                """.formatted(TinyClassifierExportTest.COMMITTED.resolve("complaint-nan.json").toAbsolutePath()));
        try (RuleSetEvaluator nan = RuleSetEvaluator.compile(definition(rules.toString(), Files.readString(rules)))) {
            assertThat(nan.evaluate(Dialogues.dialogue("ok", "好的谢谢")).hits()).isEmpty();
            assertThatThrownBy(() -> nan.evaluate(Dialogues.dialogue("bad", "我要投诉")))
                    .isInstanceOf(EvaluationException.class)
                    .hasMessage("dialogue bad: operator 'complaint' (onnx_classifier 1.0.0) failed: "
                            + "model tiny-complaint-nan@1.0.0 returned [NaN, NaN] (not finite) for \"我要投诉\"");
            assertThat(nan.evaluate(Dialogues.dialogue("ok-again", "您好")).hits()).isEmpty();
        }
    }
}
