package io.parley.dsl;

import io.parley.engine.api.CheckpointResult;
import io.parley.engine.api.Dialogue;
import io.parley.engine.api.EvaluationResult;
import io.parley.engine.api.Hit;
import io.parley.engine.api.Outcome;
import io.parley.engine.api.Turn;
import io.parley.engine.impl.evaluate.RuleSetEvaluator;
import io.parley.engine.spi.RuleSetCompiler;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operators of the full language — windows, positions from the end, counts, timing, dialogue
 * size, attributes and outcome, entities, proximity, exclusion, signals and checkpoints — compiled
 * from one file and run by the engine over small dialogues, Chinese and English, with and without
 * times. Turns are written "c:…" / "a:…", or "c@12:…" (starts 12 s in) and "c@12-15:…" (ends at 15 s).
 */
class OperatorsEndToEndTest {
    private static final OffsetDateTime START = OffsetDateTime.parse("2026-11-11T10:00:00+08:00");
    private static RuleSetEvaluator rules;

    @BeforeAll
    static void compile() {
        RuleSetCompiler.Compilation compilation = new ParleyRuleSetCompiler().compile("operators.parley", """
                template "operators" version 1 language zh
                lexicon refund = ["退款", "退货", "refund"]
                lexicon ask_order = ["订单号", "order number"]
                lexicon closing = ["再见", "bye"]
                entity order_no
                entity phone
                entity money
                entity tracking_no
                entity coupon = /YHQ\\d{6}/
                signal refund_request = customer says any refund

                rule asks_order_after_refund: agent says any ask_order within next 2 agent turns after refund_request
                rule asks_order_within_1_turn: agent says any ask_order within next 1 turns after refund_request
                rule answers_within_60s: agent says any ask_order within 60s after customer says any refund
                rule order_before_refund: customer mentions entity order_no before customer says any refund
                rule closes_at_end: agent says any closing within last 1 agent turns
                rule closes_in_last_2: agent says any closing within last 2 turns
                rule refund_twice: customer says any refund at least 2 times
                rule refund_at_most_once: customer says any refund at most 1 time
                rule slow_reply: agent response time over 60s
                rule quick_replies: agent responds within 30s
                rule long_silence: silence over 2m
                rule agent_interrupts: agent interrupts
                rule fast_talker: agent speech rate over 5
                rule long_dialogue: dialogue has more than 5 turns
                rule few_agent_turns: dialogue has fewer than 2 agent turns
                rule long_call: dialogue lasts over 10m
                rule tmall_sku: attribute sku in ["A1", "B2"] and attribute channel is "tmall"
                rule lost_sale: outcome converted is false
                rule unhappy: outcome satisfaction at most 2
                rule gives_phone: agent mentions entity phone
                rule quotes_money: agent mentions entity money
                rule sends_tracking: agent mentions entity tracking_no
                rule sends_coupon: agent mentions entity coupon
                rule refund_near_order: customer says "退款" within 4 chars of "订单"
                rule promises_refund: agent says regex /退款/ except /不(能|可以)退款/
                rule second_refund_unanswered: refund_request for the 2nd time within next 1 turns after agent says "好"

                checkpoint ask_order "核实订单号" severity major applies when refund_request:
                  agent says any ask_order within next 3 agent turns after refund_request
                checkpoint says_bye "结束语":
                  agent says any closing
                """);
        assertThat(compilation.diagnostics()).as(compilation.render()).isEmpty();
        rules = RuleSetEvaluator.compile(compilation.definition());
    }

    @AfterAll
    static void close() {
        rules.close();
    }

    @Test
    void aWindowOfAgentTurnsCountsOnlyAgentTurnsAfterTheAnchor() {
        // Two agent turns after the request, the second asks: inside 2 agent turns, outside 1 turn of any role.
        EvaluationResult result = rules.evaluate(dialogue("c:我要退款", "a:您好", "c:在吗", "a:请提供订单号"));
        assertThat(hits(result)).contains("asks_order_after_refund").doesNotContain("asks_order_within_1_turn");
        assertThat(evidence(result, "asks_order_after_refund")).containsExactly("0:退款", "3:订单号");

        EvaluationResult late = rules.evaluate(dialogue("c:我要退款", "a:您好", "a:稍等", "a:请提供订单号"));
        assertThat(hits(late)).doesNotContain("asks_order_after_refund");
        EvaluationResult before = rules.evaluate(dialogue("a:请提供订单号", "c:我要退款", "a:好的"));
        assertThat(hits(before)).doesNotContain("asks_order_after_refund");
        assertThat(hits(rules.evaluate(dialogue("c:I want a refund", "a:your order number please"))))
                .contains("asks_order_after_refund", "asks_order_within_1_turn");
    }

    @Test
    void aWindowInSecondsNeedsBothTurnsTimed() {
        assertThat(hits(rules.evaluate(dialogue("c@0:我要退款", "a@50:请提供订单号")))).contains("answers_within_60s");
        assertThat(hits(rules.evaluate(dialogue("c@0:我要退款", "a@61:请提供订单号")))).doesNotContain("answers_within_60s");
        // Missing times: the window does not hold, and nothing fails.
        assertThat(hits(rules.evaluate(dialogue("c:我要退款", "a:请提供订单号")))).doesNotContain("answers_within_60s");
    }

    @Test
    void beforeAndPositionsFromTheEnd() {
        EvaluationResult result = rules.evaluate(dialogue("c:订单202611110001234", "c:要退款", "a:好的，再见", "c:谢谢"));
        assertThat(hits(result)).contains("order_before_refund", "closes_at_end", "closes_in_last_2");
        EvaluationResult early = rules.evaluate(dialogue("a:再见", "c:等等", "a:好的", "c:嗯"));
        assertThat(hits(early)).doesNotContain("closes_at_end", "closes_in_last_2");
    }

    @Test
    void countsCountTurnsNotMatches() {
        assertThat(hits(rules.evaluate(dialogue("c:退款退款退货", "a:好")))).contains("refund_at_most_once")
                .doesNotContain("refund_twice");
        EvaluationResult twice = rules.evaluate(dialogue("c:退款", "a:好", "c:退货"));
        assertThat(hits(twice)).contains("refund_twice").doesNotContain("refund_at_most_once");
        assertThat(evidence(twice, "refund_twice")).containsExactly("0:退款", "2:退货");
        assertThat(hits(rules.evaluate(dialogue("c:在吗", "a:在")))).contains("refund_at_most_once");
    }

    @Test
    void theNthOccurrenceIsTheNthTurnItHoldsOn() {
        EvaluationResult result = rules.evaluate(dialogue("c:退款", "a:好", "c:退款退货"));
        assertThat(hits(result)).contains("second_refund_unanswered");
        assertThat(evidence(result, "second_refund_unanswered")).containsExactly("1:好", "2:退款", "2:退货");
        // The first request right after the agent's "好" is the 1st, not the 2nd.
        assertThat(hits(rules.evaluate(dialogue("a:好", "c:退款", "c:退货")))).doesNotContain("second_refund_unanswered");
        assertThat(hits(rules.evaluate(dialogue("c:退款", "c:退款", "a:好", "c:退款")))).doesNotContain("second_refund_unanswered");
    }

    @Test
    void responseTimeSilenceAndInterruptionComeFromTurnTimes() {
        EvaluationResult slow = rules.evaluate(dialogue("c@0:在吗", "a@90:在的", "c@100:多少钱", "a@110:99元"));
        assertThat(hits(slow)).contains("slow_reply").doesNotContain("quick_replies", "long_silence");
        assertThat(evidence(slow, "slow_reply")).containsExactly("1:null");
        EvaluationResult quick = rules.evaluate(dialogue("c@0:在吗", "a@10:在的", "c@200:多少钱", "a@220:99元"));
        assertThat(hits(quick)).contains("quick_replies", "long_silence").doesNotContain("slow_reply");
        // The response time counts from the end of the customer's turn when it has one.
        assertThat(hits(rules.evaluate(dialogue("c@0-50:在吗在吗", "a@100:在的")))).doesNotContain("slow_reply");
        EvaluationResult overlap = rules.evaluate(dialogue("c@0-10:我想问一下", "a@8-9:您说"));
        assertThat(hits(overlap)).contains("agent_interrupts");
        assertThat(hits(rules.evaluate(dialogue("c@0:我想问一下", "a@8:您说")))).doesNotContain("agent_interrupts");
    }

    @Test
    void withoutTimesNoTimingConditionHolds() {
        EvaluationResult result = rules.evaluate(dialogue("c:在吗", "a:在的", "c:多少钱", "a:99元"));
        assertThat(hits(result)).doesNotContain("slow_reply", "quick_replies", "long_silence", "agent_interrupts",
                "fast_talker", "long_call", "answers_within_60s");
    }

    @Test
    void speechRateIsNonBlankCharactersPerSecondOfATimedTurn() {
        assertThat(hits(rules.evaluate(dialogue("c@0-2:喂", "a@2-3:您好您好您好")))).contains("fast_talker");
        assertThat(hits(rules.evaluate(dialogue("c@0-2:喂", "a@2-4:您 好 您 好")))).doesNotContain("fast_talker");
    }

    @Test
    void dialogueSizeAndLength() {
        assertThat(hits(rules.evaluate(dialogue("c:1", "a:2", "c:3", "a:4", "c:5", "a:6")))).contains("long_dialogue")
                .doesNotContain("few_agent_turns");
        assertThat(hits(rules.evaluate(dialogue("c@0:在吗", "c@30:在吗", "a@700:在")))).contains("long_call", "few_agent_turns");
        assertThat(hits(rules.evaluate(dialogue("c@0:在吗", "a@599-601:在")))).contains("long_call");
    }

    @Test
    void attributesAndOutcome() {
        Dialogue tmall = withFields(dialogue("c:在吗", "a:在"), "tmall", Map.of("sku", "B2"), new Outcome(false, 2));
        assertThat(hits(rules.evaluate(tmall))).contains("tmall_sku", "lost_sale", "unhappy");
        Dialogue jd = withFields(dialogue("c:在吗", "a:在"), "jd", Map.of("sku", "B2"), new Outcome(true, 5));
        assertThat(hits(rules.evaluate(jd))).doesNotContain("tmall_sku", "lost_sale", "unhappy");
        // No outcome: outcome conditions do not hold.
        assertThat(hits(rules.evaluate(dialogue("c:在吗", "a:在")))).doesNotContain("lost_sale", "unhappy", "tmall_sku");
    }

    @Test
    void builtInAndCustomEntities() {
        EvaluationResult result = rules.evaluate(dialogue("c:怎么联系",
                "a:请拨打 138-1234-5678，运费￥12.50，已发顺丰SF1234567890123，优惠券YHQ123456"));
        assertThat(hits(result)).contains("gives_phone", "quotes_money", "sends_tracking", "sends_coupon");
        assertThat(evidence(result, "gives_phone")).containsExactly("1:138-1234-5678");
        assertThat(evidence(result, "quotes_money")).containsExactly("1:￥12.50");
        assertThat(evidence(result, "sends_tracking")).containsExactly("1:SF1234567890123");
        assertThat(evidence(rules.evaluate(dialogue("c:多少", "a:一共1,299元")), "quotes_money")).containsExactly("1:1,299元");
        // A phone number needs 11 digits starting 1[3-9]; an order number is not a phone number.
        assertThat(hits(rules.evaluate(dialogue("c:?", "a:订单202611110001234")))).doesNotContain("gives_phone");
    }

    @Test
    void proximityAndExclusion() {
        assertThat(hits(rules.evaluate(dialogue("c:订单号是多少，要退款")))).doesNotContain("refund_near_order");
        assertThat(hits(rules.evaluate(dialogue("c:这个订单，我要退款")))).contains("refund_near_order");
        assertThat(hits(rules.evaluate(dialogue("c:？", "a:这个不能退款")))).doesNotContain("promises_refund");
        assertThat(hits(rules.evaluate(dialogue("c:？", "a:不能退款，但可以退款到余额")))).contains("promises_refund");
    }

    @Test
    void checkpointsPassFailOrDoNotApply() {
        EvaluationResult passed = rules.evaluate(dialogue("c:我要退款", "a:请提供订单号", "a:再见"));
        assertThat(checkpoints(passed)).containsExactly("ask_order passed", "says_bye passed");
        assertThat(hits(passed)).doesNotContain("ask_order", "says_bye");

        EvaluationResult failed = rules.evaluate(dialogue("c:我要退款", "a:好的"));
        assertThat(checkpoints(failed)).containsExactly("ask_order failed", "says_bye failed");
        Hit hit = failed.hits().stream().filter(h -> h.rule().equals("ask_order")).findFirst().orElseThrow();
        assertThat(hit.title()).isEqualTo("核实订单号");
        assertThat(hit.severity()).isEqualTo("major");
        assertThat(evidence(failed, "ask_order")).containsExactly("0:退款");

        EvaluationResult notApplicable = rules.evaluate(dialogue("c:在吗", "a:在的，再见"));
        assertThat(checkpoints(notApplicable)).containsExactly("ask_order not_applicable", "says_bye passed");
        assertThat(hits(notApplicable)).doesNotContain("ask_order");
    }

    @Test
    void anEmptyDialogueHitsNothingNegativeAndFailsNothing() {
        EvaluationResult result = rules.evaluate(new Dialogue("empty", "im", null, null, null, List.of(), List.of(), null, null));
        assertThat(hits(result)).containsExactly("few_agent_turns", "says_bye");
        assertThat(checkpoints(result)).containsExactly("ask_order not_applicable", "says_bye failed");
    }

    @Test
    void handWrittenDrlRunsWithTheGeneratedRulesAndIsScored() {
        RuleSetCompiler.Compilation compilation = new ParleyRuleSetCompiler().compile("raw.parley", """
                template "raw" version 1 language zh
                rule refund_asked: customer says "退款"
                drools {
                  // braces in strings and comments do not end the block: "}" }
                  rule "agent_speaks_first"
                  when
                    $t : TurnFact(index == 0, role == "agent", text != "}")
                  then
                    hits.hit("agent_speaks_first", $t);
                  end
                }
                scorecard s base 100:
                  refund_asked -5
                  agent_speaks_first -10
                """);
        assertThat(compilation.diagnostics()).as(compilation.render()).isEmpty();
        assertThat(compilation.definition().rules()).extracting(r -> r.id() + " " + r.severity())
                .containsExactly("refund_asked minor", "agent_speaks_first minor");
        try (RuleSetEvaluator raw = RuleSetEvaluator.compile(compilation.definition())) {
            EvaluationResult result = raw.evaluate(dialogue("a:您好", "c:我要退款"));
            assertThat(hits(result)).containsExactly("refund_asked", "agent_speaks_first");
            assertThat(result.hits().get(1).evidence()).extracting(e -> e.turn() + " " + e.role()).containsExactly("0 agent");
            assertThat(result.score().value()).isEqualTo(85);
        }
    }

    private static List<String> checkpoints(EvaluationResult result) {
        return result.checkpoints().stream()
                .map(c -> c.checkpoint() + " " + switch (c.status()) {
                    case PASSED -> "passed";
                    case FAILED -> "failed";
                    case NOT_APPLICABLE -> "not_applicable";
                })
                .toList();
    }

    private static List<String> hits(EvaluationResult result) {
        return result.hits().stream().map(Hit::rule).toList();
    }

    private static List<String> evidence(EvaluationResult result, String rule) {
        return result.hits().stream().filter(h -> h.rule().equals(rule)).findFirst().orElseThrow()
                .evidence().stream().map(e -> e.turn() + ":" + e.text()).toList();
    }

    private static Dialogue withFields(Dialogue dialogue, String channel, Map<String, Object> attributes, Outcome outcome) {
        return new Dialogue(dialogue.id(), channel, null, null, null, List.of(), dialogue.turns(), outcome, attributes);
    }

    /** "c:text", "a@12:text" (starts 12 s in), "a@12-15:text" (ends 15 s in). */
    static Dialogue dialogue(String... turns) {
        List<Turn> parsed = new ArrayList<>();
        for (String turn : turns) {
            int colon = turn.indexOf(':');
            String head = turn.substring(0, colon);
            String role = head.startsWith("c") ? "customer" : "agent";
            OffsetDateTime at = null;
            OffsetDateTime end = null;
            int atSign = head.indexOf('@');
            if (atSign >= 0) {
                String[] times = head.substring(atSign + 1).split("-");
                at = START.plusSeconds(Long.parseLong(times[0]));
                end = times.length > 1 ? START.plusSeconds(Long.parseLong(times[1])) : null;
            }
            parsed.add(new Turn(role, turn.substring(colon + 1), at, end, null));
        }
        return new Dialogue("d", "im", null, null, null, List.of(), parsed, null, null);
    }
}
