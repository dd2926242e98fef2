package io.parley.plugins.sentiment;

import io.parley.engine.api.Dialogue;
import io.parley.engine.api.EvaluationResult;
import io.parley.engine.api.Hit;
import io.parley.engine.impl.evaluate.RuleSetEvaluator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * The bundled trained dialogue head ({@code dialogue_model: "trained"}): its descriptor, and what it
 * makes of acceptance dialogues through the DSL, in ONNX Runtime.
 */
class TrainedDialogueHeadTest {
    private static RuleSetEvaluator evaluator;

    @BeforeAll
    static void compile() {
        evaluator = RuleFiles.evaluator("trained.parley", """
                        template "trained" version 1 language zh
                        operator unhappy = satisfaction { dialogue_model: "trained" }
                        operator churning = satisfaction { dialogue_model: "trained", churn: true }
                        rule unhappy_customer: customer turn matches unhappy
                        rule churn_risk: customer turn matches churning
                        """);
    }

    @AfterAll
    static void close() {
        evaluator.close();
    }

    @Test
    void theBundledHeadReadsTheBundledTurnHeadAndRecordsItsData() {
        DialogueHeadDescriptor descriptor = DialogueHead.bundled().descriptor();
        HeadDescriptor turnHead = SentimentHead.bundled().descriptor();

        assertThat(descriptor.turnHead()).isEqualTo(turnHead.id() + " " + turnHead.version());
        assertThat(descriptor.features()).containsExactlyInAnyOrderElementsOf(DialogueFeatures.NAMES);
        assertThat(descriptor.labels()).containsExactlyInAnyOrder("negative", "neutral", "positive");
        assertThat(descriptor.split()).isEqualTo(turnHead.split());
        assertThat(descriptor.trainingFiles()).containsOnlyKeys(SentimentCorpus.JDDC, SentimentCorpus.STC3)
                .containsEntry(SentimentCorpus.JDDC, turnHead.trainingFiles().get(SentimentCorpus.JDDC));
        assertThat(descriptor.churn()).isEqualTo("trained");
        assertThat(descriptor.churnAbove()).isEqualTo(0.43);
        assertThat(descriptor.metrics()).containsEntry("stc3.macro_f1", 0.668).containsEntry("jddc.macro_f1", 0.4097);
    }

    @Test
    void thanksAfterNeglectIsAnUnsatisfiedDialogue() {
        Map<String, Double> hits = confidences(SarcasmEndToEndTest.dialogue(
                "c@0: 你好，我的快递三天了还没到，订单号2026111100001234",
                "c@70: 有人吗？",
                "c@150: 能不能帮我查一下物流？",
                "c@240: 谢谢你"));

        assertThat(hits).containsOnlyKeys("unhappy_customer", "churn_risk");
        assertThat(hits.get("unhappy_customer")).isCloseTo(0.0381, within(1e-3));
        assertThat(hits.get("churn_risk")).isCloseTo(0.9416, within(1e-3));
    }

    @Test
    void sincereThanksAfterASolvedProblemIsNot() {
        Map<String, Double> hits = confidences(SarcasmEndToEndTest.dialogue(
                "c@0: 你好，我的订单还没发货",
                "a@20: 亲，您好，麻烦提供一下订单号",
                "c@40: 2026111100001234",
                "a@70: 查到了，已经为您加急，今天下午发出，单号稍后短信通知您",
                "c@90: 好的，谢谢你，解决得很快！"));

        assertThat(hits).isEmpty();
    }

    @Test
    void thanksForWastingMyTimeIsUnsatisfiedByTheHeadsOwnVerdict() {
        Map<String, Double> hits = confidences(SarcasmEndToEndTest.dialogue(
                "c@0: 我买的热水器漏水了，要怎么处理",
                "a@40: 亲，您好，请提供订单号",
                "c@60: 订单号2026111100001234",
                "a@200: 亲，这个需要您自己联系售后哦",
                "c@230: 我已经联系过了，售后让我找你们",
                "a@400: 那您再等等吧",
                "c@420: 谢谢你，耽误我这么多时间"));

        // Classed unsatisfied and P(negative) over the calibrated 0.43, though its satisfaction
        // (0.43) is above the 0.4 that sarcasm.parley gives the aggregation.
        assertThat(hits).containsOnlyKeys("unhappy_customer", "churn_risk");
        assertThat(hits.get("unhappy_customer")).isCloseTo(0.4261, within(1e-3));
        assertThat(hits.get("churn_risk")).isCloseTo(0.4953, within(1e-3));
    }

    @Test
    void thanksAfterARefundIsNot() {
        Map<String, Double> hits = confidences(SarcasmEndToEndTest.dialogue(
                "c@0: 杯子收到就碎了，能退款吗",
                "a@15: 非常抱歉，亲，已经为您申请了全额退款，无需退货",
                "c@40: 这么快，太感谢了",
                "a@50: 不客气，祝您生活愉快"));

        assertThat(hits).isEmpty();
    }

    private static Map<String, Double> confidences(Dialogue dialogue) {
        EvaluationResult result = evaluator.evaluate(dialogue);
        return result.hits().stream().collect(Collectors.toMap(Hit::rule, Hit::confidence));
    }
}
