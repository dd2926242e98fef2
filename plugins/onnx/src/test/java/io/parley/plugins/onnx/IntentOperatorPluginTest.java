package io.parley.plugins.onnx;

import io.parley.engine.api.Dialogue;
import io.parley.engine.api.facts.SignalFact;
import io.parley.engine.spi.plugin.OperatorPlugin.PreparedOperator;
import io.parley.engine.spi.plugin.PluginException;
import io.parley.ml.EmbeddingModelCard;
import org.junit.jupiter.api.Test;

import java.util.Collections;
import java.util.List;
import java.util.Map;

import static io.parley.plugins.onnx.Dialogues.annotate;
import static io.parley.plugins.onnx.Dialogues.describe;
import static io.parley.plugins.onnx.Dialogues.use;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class IntentOperatorPluginTest {
    static final List<String> REFUND = List.of("我要退款", "钱什么时候退给我", "申请退款", "能不能把钱退回来");
    static final List<String> RETURN = List.of("我要退货", "这个东西怎么退回去", "申请退货退款", "衣服不合适想退掉");
    static final List<String> GREETING = List.of("您好，请问有什么可以帮您", "亲，在的", "您好，欢迎光临");

    private final IntentOperatorPlugin plugin = new IntentOperatorPlugin();

    private static final Dialogue SHOP = Dialogues.dialogue("d-1",
            "你好，钱什么时候能退给我",
            "亲，您好，请问有什么可以帮您",
            "裤子尺码不对我想退回去",
            "好的亲，这边帮您登记",
            "今天天气真不错");

    @Test
    void eachTurnGetsOnlyTheNearestIntentAboveItsThreshold() {
        PreparedOperator refund = plugin.prepare(List.of(use("refund", 3, Map.of("examples", REFUND, "threshold", 0.6))));
        PreparedOperator returnGoods = plugin.prepare(List.of(use("return_goods", 4, Map.of("examples", RETURN, "threshold", 0.6))));
        PreparedOperator greeting = plugin.prepare(List.of(use("greeting", 5, Map.of("examples", GREETING, "threshold", 0.75))));

        List<SignalFact> signals = annotate(SHOP, refund, returnGoods, greeting);

        assertThat(describe(signals)).containsExactly(
                "refund@0:钱什么时候退给我",
                "return_goods@2:衣服不合适想退掉",
                "greeting@1:您好，请问有什么可以帮您");
        SignalFact first = signals.getFirst();
        assertThat(first.getKind()).isEqualTo("intent");
        assertThat(first.getRole()).isEqualTo("customer");
        assertThat(first.getStart()).isZero();
        assertThat(first.getEnd()).isEqualTo("你好，钱什么时候能退给我".length());
        assertThat(first.getScore()).isBetween(0.6, 1.0);
    }

    @Test
    void similarityReportsEveryUseThatMatchesWhereIntentReportsOnlyTheNearest() {
        SimilarityOperatorPlugin similarity = new SimilarityOperatorPlugin();
        Dialogue asked = Dialogues.dialogue("d-2", "我想退货退款");
        PreparedOperator refund = similarity.prepare(List.of(use("refund", 3, Map.of("examples", REFUND, "threshold", 0.7))));
        PreparedOperator returnGoods = similarity.prepare(List.of(use("return_goods", 4, Map.of("examples", RETURN, "threshold", 0.7))));
        assertThat(describe(annotate(asked, refund, returnGoods))).containsExactly("refund@0:我要退款", "return_goods@0:我要退货");
        assertThat(annotate(asked, refund).getFirst().getKind()).isEqualTo("similarity");

        PreparedOperator refundIntent = plugin.prepare(List.of(use("refund", 3, Map.of("examples", REFUND, "threshold", 0.7))));
        PreparedOperator returnIntent = plugin.prepare(List.of(use("return_goods", 4, Map.of("examples", RETURN, "threshold", 0.7))));
        assertThat(describe(annotate(asked, refundIntent, returnIntent))).containsExactly("return_goods@0:我要退货");
    }

    @Test
    void aTurnBelowEveryThresholdGetsNoIntent() {
        PreparedOperator refund = plugin.prepare(List.of(use("refund", 3, Map.of("examples", REFUND, "threshold", 0.6))));
        assertThat(annotate(Dialogues.dialogue("d-3", "今天天气真不错", "   "), refund)).isEmpty();
    }

    @Test
    void anotherPreparationOfTheSameRuleFileStartsAnotherGroup() {
        PreparedOperator refund = plugin.prepare(List.of(use("refund", 3, Map.of("examples", REFUND, "threshold", 0.6))));
        PreparedOperator returnGoods = plugin.prepare(List.of(use("return_goods", 4, Map.of("examples", RETURN, "threshold", 0.6))));
        Dialogue asked = Dialogues.dialogue("d-4", "我想退货退款");
        assertThat(describe(annotate(asked, refund, returnGoods))).containsExactly("return_goods@0:我要退货");

        // Version 2 of the rule file keeps only the refund intent: nothing competes with it any more.
        PreparedOperator refundOnly = plugin.prepare(List.of(use("refund", 3, Map.of("examples", REFUND, "threshold", 0.6))));
        assertThat(describe(annotate(asked, refundOnly))).containsExactly("refund@0:我要退款");
        // And version 1 still decides as before.
        assertThat(describe(annotate(asked, refund, returnGoods))).containsExactly("return_goods@0:我要退货");
    }

    @Test
    void theModelFollowsTheExamplesLanguageOrTheModelOption() {
        assertThat(ExamplesConfig.read(use("x", 1, Map.of("examples", List.of("refund please")))).model())
                .isEqualTo(EmbeddingModelCard.ALL_MINILM_L6_V2);
        assertThat(ExamplesConfig.read(use("x", 1, Map.of("examples", List.of("我要退款")))).model())
                .isEqualTo(EmbeddingModelCard.BGE_SMALL_ZH);
        ExamplesConfig chosen = ExamplesConfig.read(use("x", 1, Map.of("examples", List.of("refund please"), "model", "zh")));
        assertThat(chosen.model()).isEqualTo(EmbeddingModelCard.BGE_SMALL_ZH);
        assertThat(chosen.threshold()).isEqualTo(EmbeddingModelCard.BGE_SMALL_ZH.defaultThreshold());
    }

    @Test
    void badConfigurationsAreRefusedNamingTheUse() {
        assertThatThrownBy(() -> plugin.prepare(List.of(use("refund", 1, Map.of("examples", List.of())))))
                .isInstanceOf(PluginException.class).hasMessage("'refund' has 0 examples; give 1 to 50");
        assertThatThrownBy(() -> plugin.prepare(List.of(use("refund", 1, Map.of("examples", Collections.nCopies(51, "退款"))))))
                .isInstanceOf(PluginException.class).hasMessage("'refund' has 51 examples; give 1 to 50");
        assertThatThrownBy(() -> plugin.prepare(List.of(use("refund", 1, Map.of("examples", List.of("退款", " "))))))
                .isInstanceOf(PluginException.class).hasMessage("example 2 of 'refund' is empty");
        assertThatThrownBy(() -> plugin.prepare(List.of(use("refund", 1, Map.of("examples", List.of("退款"), "model", "gpt")))))
                .isInstanceOf(PluginException.class)
                .hasMessage("unknown model 'gpt' for 'refund'; shipped: bge-small-zh-v1.5-q, all-minilm-l6-v2-q (or zh, en)");
        assertThatThrownBy(() -> plugin.prepare(List.of(use("refund", 1, Map.of("examples", List.of("退款"), "threshold", 1.5)))))
                .isInstanceOf(PluginException.class).hasMessage("threshold 1.5 of 'refund' is not a score between -1 and 1");
    }
}
