package io.parley.plugins.sentiment;

import io.parley.engine.api.Dialogue;
import io.parley.engine.api.EvaluationResult;
import io.parley.engine.api.Evidence;
import io.parley.engine.api.Hit;
import io.parley.engine.api.Turn;
import io.parley.engine.impl.evaluate.RuleSetEvaluator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 4's acceptance dialogues, through a real rule file compiled by the DSL and evaluated by
 * the engine with the bundled head in ONNX Runtime and bge-small-zh: bitter thanks come out
 * negative, sincere thanks after a solved problem positive. Turns are "c|a @seconds: text".
 */
class SarcasmEndToEndTest {
    private static final OffsetDateTime START = OffsetDateTime.parse("2026-11-11T10:00:00+08:00");
    private static RuleSetEvaluator evaluator;

    @BeforeAll
    static void compile() throws IOException {
        String source;
        try (InputStream in = SarcasmEndToEndTest.class.getResourceAsStream("sarcasm.parley")) {
            source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        evaluator = RuleFiles.evaluator("sarcasm.parley", source);
    }

    @AfterAll
    static void close() {
        evaluator.close();
    }

    @Test
    void thanksAfterThreeUnansweredQuestionsAndAFourMinuteWaitIsSarcasm() {
        Dialogue dialogue = dialogue(
                "c@0: 你好，我的快递三天了还没到，订单号2026111100001234",
                "c@70: 有人吗？",
                "c@150: 能不能帮我查一下物流？",
                "c@240: 谢谢你");

        assertBitter(dialogue, 3);
    }

    @Test
    void thanksForWastingMyTimeIsSarcasm() {
        Dialogue dialogue = dialogue(
                "c@0: 我买的热水器漏水了，要怎么处理",
                "a@40: 亲，您好，请提供订单号",
                "c@60: 订单号2026111100001234",
                "a@200: 亲，这个需要您自己联系售后哦",
                "c@230: 我已经联系过了，售后让我找你们",
                "a@400: 那您再等等吧",
                "c@420: 谢谢你，耽误我这么多时间");

        assertBitter(dialogue, 6);
    }

    @Test
    void politeWordsAroundAComplaintAreNotThanks() {
        Dialogue dialogue = dialogue(
                "c@0: 宽带断了三天了，报修了也没人来",
                "a@300: 非常抱歉给您带来不便，我们会尽快为您处理",
                "c@330: 冠冕堂皇的话我不要听…请解决关键问题，谢谢！！！");

        assertBitter(dialogue, 2);
    }

    @Test
    void thanksAfterASolvedProblemIsSincere() {
        Dialogue dialogue = dialogue(
                "c@0: 你好，我的订单还没发货",
                "a@20: 亲，您好，麻烦提供一下订单号",
                "c@40: 2026111100001234",
                "a@70: 查到了，已经为您加急，今天下午发出，单号稍后短信通知您",
                "c@90: 好的，谢谢你，解决得很快！");

        assertSincere(dialogue, 4);
    }

    @Test
    void thanksAfterARefundIsSincere() {
        Dialogue dialogue = dialogue(
                "c@0: 杯子收到就碎了，能退款吗",
                "a@15: 非常抱歉，亲，已经为您申请了全额退款，无需退货",
                "c@40: 这么快，太感谢了",
                "a@50: 不客气，祝您生活愉快");

        assertSincere(dialogue, 2);
    }

    private static void assertBitter(Dialogue dialogue, int thanksTurn) {
        EvaluationResult result = evaluator.evaluate(dialogue);
        assertThat(sentimentTurns(result, dialogue, "sarcastic_thanks")).as(describe(result)).contains(thanksTurn);
        assertThat(sentimentTurns(result, dialogue, "sincere_thanks")).as(describe(result)).doesNotContain(thanksTurn);
        assertThat(rules(result)).as(describe(result)).contains("unhappy_customer", "churn_risk");
    }

    private static void assertSincere(Dialogue dialogue, int thanksTurn) {
        EvaluationResult result = evaluator.evaluate(dialogue);
        assertThat(sentimentTurns(result, dialogue, "sincere_thanks")).as(describe(result)).contains(thanksTurn);
        assertThat(sentimentTurns(result, dialogue, "sarcastic_thanks")).as(describe(result)).doesNotContain(thanksTurn);
        assertThat(rules(result)).as(describe(result)).doesNotContain("unhappy_customer", "churn_risk");
    }

    private static List<String> rules(EvaluationResult result) {
        return result.hits().stream().map(Hit::rule).toList();
    }

    /**
     * The turns of the rule's evidence that come from a sentiment signal, which spans its whole
     * turn (the thanks lexicon's evidence is only the word, and no test turn is a bare thanks).
     */
    private static List<Integer> sentimentTurns(EvaluationResult result, Dialogue dialogue, String rule) {
        Optional<Hit> hit = result.hits().stream().filter(h -> h.rule().equals(rule)).findFirst();
        return hit.map(h -> h.evidence().stream().filter(e -> e.text().equals(dialogue.turns().get(e.turn()).text()))
                .map(Evidence::turn).distinct().toList()).orElse(List.of());
    }

    private static String describe(EvaluationResult result) {
        StringBuilder out = new StringBuilder("hits:");
        result.hits().forEach(hit -> out.append("\n  ").append(hit.rule()).append(" ").append(hit.evidence())
                .append(" confidence ").append(hit.confidence()));
        return out.toString();
    }

    static Dialogue dialogue(String... turns) {
        List<Turn> parsed = new ArrayList<>();
        for (String turn : turns) {
            int at = turn.indexOf('@');
            int colon = turn.indexOf(": ");
            String role = turn.charAt(0) == 'c' ? "customer" : "agent";
            OffsetDateTime time = START.plusSeconds(Long.parseLong(turn.substring(at + 1, colon)));
            parsed.add(new Turn(role, turn.substring(colon + 2), time, null, null));
        }
        return new Dialogue("sarcasm-test", "im", START, null, null, List.of(), parsed, null, null);
    }
}
