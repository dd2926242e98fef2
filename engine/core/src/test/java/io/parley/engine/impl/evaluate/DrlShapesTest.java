package io.parley.engine.impl.evaluate;

import io.parley.engine.api.EvaluationResult;
import io.parley.engine.api.Evidence;
import io.parley.engine.api.Hit;
import io.parley.engine.api.RuleSetRef;
import io.parley.engine.api.ruleset.LexiconDefinition;
import io.parley.engine.api.ruleset.PatternDefinition;
import io.parley.engine.api.ruleset.RuleSetDefinition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.parley.engine.testing.Dialogues.dialogue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The DRL shapes the DSL compiler emits, compiled and fired by the real classic engine over
 * signals from the real annotators. Each test pins one shape; the DRL below is the reference text.
 */
class DrlShapesTest {

    private static final String DRL = """
            package parley.rules.ecommerce_presale;
            import io.parley.engine.api.facts.TurnFact;
            import io.parley.engine.api.facts.SignalFact;
            global io.parley.engine.api.facts.HitCollector hits;

            // any of a lexicon, role-scoped
            rule "forbidden_phrase"
            when
                SignalFact(kind == "lexicon", name == "forbidden", role == "agent")
            then
                hits.hit("forbidden_phrase", kcontext.getMatch().getObjects().toArray());
            end

            // none of a lexicon
            rule "never_thanked"
            when
                not SignalFact(kind == "lexicon", name == "closing", role == "agent")
            then
                hits.hit("never_thanked", kcontext.getMatch().getObjects().toArray());
            end

            // not + position among the role's turns
            rule "no_greeting"
            when
                exists TurnFact(role == "agent")
                not SignalFact(kind == "lexicon", name == "greeting", role == "agent", roleIndex < 2)
            then
                hits.hit("no_greeting", kcontext.getMatch().getObjects().toArray());
            end

            // or / not combined, regex signals
            rule "refund_without_order"
            when
                ( SignalFact(kind == "lexicon", name == "refund", role == "customer")
                  or SignalFact(kind == "regex", name == "complaint", role == "customer") )
                not ( SignalFact(kind == "regex", name == "order_no", role == "agent") )
            then
                hits.hit("refund_without_order", kcontext.getMatch().getObjects().toArray());
            end

            // N-of: at least 2 distinct terms of a lexicon in one agent turn
            rule "two_closings_in_one_turn"
            when
                $t: TurnFact(role == "agent")
                accumulate( $s: SignalFact(kind == "lexicon", name == "closing", turn == $t.index, $term: term);
                            $terms: collectSet($term), $signals: collectList($s);
                            $terms.size() >= 2 )
            then
                hits.hit("two_closings_in_one_turn", kcontext.getMatch().getObjects().toArray());
            end

            // all: every one of the lexicon's 3 terms, anywhere in the agent's turns
            rule "all_closings"
            when
                accumulate( $s: SignalFact(kind == "lexicon", name == "closing", role == "agent", $term: term);
                            $terms: collectSet($term), $signals: collectList($s);
                            $terms.size() >= 3 )
            then
                hits.hit("all_closings", kcontext.getMatch().getObjects().toArray());
            end

            // the from-collect form: any closing in one agent turn, the turn's closings as evidence
            rule "closing_in_turn_collected"
            when
                $t: TurnFact(role == "agent")
                $sigs: java.util.List(size > 0) from collect( SignalFact(kind == "lexicon", name == "closing", turn == $t.index) )
            then
                hits.hit("closing_in_turn_collected", kcontext.getMatch().getObjects().toArray());
            end

            // position: within the first 2 turns of the dialogue
            rule "forbidden_early"
            when
                SignalFact(kind == "lexicon", name == "forbidden", turn < 2)
            then
                hits.hit("forbidden_early", kcontext.getMatch().getObjects().toArray());
            end

            // position: within the last 2 turns of the dialogue
            rule "refund_at_the_end"
            when
                accumulate( TurnFact(); $turnCount: count(1) )
                SignalFact(kind == "lexicon", name == "refund", turn >= $turnCount - 2)
            then
                hits.hit("refund_at_the_end", kcontext.getMatch().getObjects().toArray());
            end
            """;

    private static RuleSetEvaluator evaluator;

    @BeforeAll
    static void compile() {
        evaluator = RuleSetEvaluator.compile(new RuleSetDefinition(new RuleSetRef("shapes", 1), "zh",
                List.of(new LexiconDefinition("greeting", List.of("您好", "亲", "欢迎光临")),
                        new LexiconDefinition("forbidden", List.of("不知道", "自己看", "爱买不买")),
                        new LexiconDefinition("refund", List.of("退款", "退货")),
                        new LexiconDefinition("closing", List.of("感谢", "再见", "祝您生活愉快"))),
                List.of(new PatternDefinition("complaint", "投诉|差评"),
                        new PatternDefinition("order_no", "\\d{12}")),
                List.of(), DRL, null));
    }

    @Test
    void anyOfALexiconScopedToARole() {
        EvaluationResult result = evaluator.evaluate(dialogue("d",
                "customer: 你们客服不知道吗",
                "agent: 您好，这个不知道，你自己看说明书",
                "agent: 感谢"));

        assertThat(hit(result, "forbidden_phrase").evidence()).containsExactly(
                new Evidence(1, "agent", List.of(5, 8), "不知道"),
                new Evidence(1, "agent", List.of(10, 13), "自己看"));
    }

    @Test
    void noneOfALexicon() {
        assertThat(rules(evaluator.evaluate(dialogue("d", "customer: 在吗", "agent: 您好")))).contains("never_thanked");
        assertThat(rules(evaluator.evaluate(dialogue("d", "customer: 在吗", "agent: 感谢")))).doesNotContain("never_thanked");
        // A "not" rule has no fact to point at.
        assertThat(hit(evaluator.evaluate(dialogue("d", "agent: 您好")), "never_thanked").evidence()).isEmpty();
    }

    @Test
    void notWithinTheFirstNTurnsOfARole() {
        assertThat(rules(evaluator.evaluate(dialogue("d",
                "customer: 在吗", "agent: 在的", "customer: 能装吗", "agent: 您好，可以")))).doesNotContain("no_greeting");
        assertThat(rules(evaluator.evaluate(dialogue("d",
                "agent: 在的", "agent: 可以", "agent: 您好")))).contains("no_greeting");
        assertThat(rules(evaluator.evaluate(dialogue("d", "customer: 您好")))).as("no agent turn at all")
                .doesNotContain("no_greeting");
    }

    @Test
    void orAndNotOverLexiconAndRegexSignals() {
        EvaluationResult both = evaluator.evaluate(dialogue("d", "customer: 我要退款，不然投诉你们", "agent: 好的"));
        EvaluationResult answered = evaluator.evaluate(dialogue("d", "customer: 我要退款", "agent: 订单202611110001已处理"));
        EvaluationResult complaintOnly = evaluator.evaluate(dialogue("d", "customer: 给差评", "agent: 好的"));

        // Both branches of the "or" fire; their activations merge into one hit.
        assertThat(hit(both, "refund_without_order").evidence()).containsExactly(
                new Evidence(0, "customer", List.of(2, 4), "退款"),
                new Evidence(0, "customer", List.of(7, 9), "投诉"));
        assertThat(rules(answered)).doesNotContain("refund_without_order");
        assertThat(hit(complaintOnly, "refund_without_order").evidence())
                .containsExactly(new Evidence(0, "customer", List.of(1, 3), "差评"));
    }

    @Test
    void nOfDistinctTermsInOneTurn() {
        EvaluationResult twoInOneTurn = evaluator.evaluate(dialogue("d",
                "agent: 亲",
                "agent: 感谢您，再见，再见"));
        EvaluationResult sameTermTwice = evaluator.evaluate(dialogue("d", "agent: 再见再见"));
        EvaluationResult spreadOverTurns = evaluator.evaluate(dialogue("d", "agent: 感谢", "agent: 再见"));

        assertThat(hit(twoInOneTurn, "two_closings_in_one_turn").evidence()).containsExactly(
                new Evidence(1, "agent", null, null),
                new Evidence(1, "agent", List.of(0, 2), "感谢"),
                new Evidence(1, "agent", List.of(4, 6), "再见"),
                new Evidence(1, "agent", List.of(7, 9), "再见"));
        assertThat(rules(sameTermTwice)).doesNotContain("two_closings_in_one_turn");
        assertThat(rules(spreadOverTurns)).doesNotContain("two_closings_in_one_turn");
    }

    @Test
    void allTermsOfALexiconAcrossTheRolesTurns() {
        EvaluationResult all = evaluator.evaluate(dialogue("d",
                "agent: 感谢", "customer: 再见", "agent: 再见，祝您生活愉快"));
        EvaluationResult customerSaidOne = evaluator.evaluate(dialogue("d",
                "agent: 感谢", "customer: 再见", "agent: 祝您生活愉快"));

        assertThat(hit(all, "all_closings").evidence()).extracting(Evidence::turn, Evidence::text)
                .containsExactly(tuple(0, "感谢"),
                        tuple(2, "再见"),
                        tuple(2, "祝您生活愉快"));
        assertThat(rules(customerSaidOne)).doesNotContain("all_closings");
    }

    @Test
    void fromCollectReportsTheCollectedSignals() {
        EvaluationResult result = evaluator.evaluate(dialogue("d", "agent: 您好", "agent: 感谢，再见"));

        assertThat(hit(result, "closing_in_turn_collected").evidence()).containsExactly(
                new Evidence(1, "agent", null, null),
                new Evidence(1, "agent", List.of(0, 2), "感谢"),
                new Evidence(1, "agent", List.of(3, 5), "再见"));
    }

    @Test
    void withinTheFirstNTurnsOfTheDialogue() {
        EvaluationResult early = evaluator.evaluate(dialogue("d", "customer: 在吗", "agent: 不知道", "agent: 自己看"));
        EvaluationResult late = evaluator.evaluate(dialogue("d", "customer: 在吗", "agent: 您好", "agent: 自己看"));

        assertThat(hit(early, "forbidden_early").evidence()).containsExactly(new Evidence(1, "agent", List.of(0, 3), "不知道"));
        assertThat(rules(late)).doesNotContain("forbidden_early");
    }

    @Test
    void withinTheLastNTurnsOfTheDialogue() {
        EvaluationResult atTheEnd = evaluator.evaluate(dialogue("d",
                "customer: 退货", "agent: 您好", "customer: 算了", "customer: 还是退款吧"));
        EvaluationResult earlier = evaluator.evaluate(dialogue("d",
                "customer: 退款", "agent: 您好", "customer: 好", "agent: 感谢"));

        // The accumulated count is not a fact: only the signal is evidence.
        assertThat(hit(atTheEnd, "refund_at_the_end").evidence())
                .containsExactly(new Evidence(3, "customer", List.of(2, 4), "退款"));
        assertThat(rules(earlier)).doesNotContain("refund_at_the_end");
    }

    private static List<String> rules(EvaluationResult result) {
        return result.hits().stream().map(Hit::rule).toList();
    }

    private static Hit hit(EvaluationResult result, String rule) {
        return result.hits().stream().filter(h -> h.rule().equals(rule)).findFirst()
                .orElseThrow(() -> new AssertionError(rule + " did not hit; hits: " + rules(result)));
    }
}
