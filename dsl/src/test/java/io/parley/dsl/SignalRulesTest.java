package io.parley.dsl;

import io.parley.engine.api.Dialogue;
import io.parley.engine.api.EvaluationResult;
import io.parley.engine.api.Turn;
import io.parley.engine.api.ruleset.RuleSetDefinition;
import io.parley.engine.api.ruleset.SignalCondition;
import io.parley.engine.api.ruleset.SignalRule;
import io.parley.engine.impl.evaluate.RuleSetEvaluator;
import io.parley.engine.spi.RuleSetCompiler;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Rules that only ask which signals a dialogue has are decided without Drools. That path must mean
 * exactly what the DRL means: same hits, same evidence, same confidence, same score, on every
 * dialogue — checked here on random dialogues over the rules' own vocabulary, empty ones included.
 */
class SignalRulesTest {
    private static final String RULES = """
            template "shapes" version 1 language zh
            lexicon greeting = ["您好", "亲"]
            lexicon apology = ["抱歉", "不好意思"]
            lexicon refund = ["退款", "退货"]
            pattern order_no = /\\d{6,}/
            operator thanks = lexicon { terms: ["谢谢"] }

            rule any_greeting: agent says any greeting
            rule no_greeting: not agent says any greeting within first 2 agent turns
            rule early_regex: customer says regex order_no within first 3 turns
            rule none_apology: agent says none apology
            rule refund_unanswered: customer says any refund and not (agent says regex order_no or agent says any ["订单号"])
            rule either: bot says "您好" or agent says any apology or customer turn matches thanks
            rule nested: (agent says any greeting or customer says any refund) and not (customer says any ["差评"] and not agent says any apology)
            rule two_of: agent says 2 of ["马上", "最后一天", "仅剩"]
            rule all_apology: agent says all apology
            rule mixed: customer says any refund and agent says 2 of ["马上", "最后一天", "仅剩"]

            scorecard s base 100:
              any_greeting +5
              no_greeting -5
              early_regex -1
              none_apology -1
              refund_unanswered -10
              either -1
              nested -3
              two_of -2
              all_apology -1
              mixed veto
              grades A >= 95, B >= 80, C >= 0
            """;
    private static final List<String> VOCABULARY = List.of("您好", "亲", "抱歉", "不好意思", "退款", "退货", "123456789",
            "订单号", "谢谢", "差评", "马上", "最后一天", "仅剩", "今天天气不错", "好的", "嗯");
    private static final List<String> ROLES = List.of("agent", "customer", "bot");

    @Test
    void onlyRulesOverSingleSignalsLeaveTheDrl() {
        RuleSetDefinition definition = compile(new ParleyRuleSetCompiler());

        assertThat(definition.signalRules()).extracting(SignalRule::id).containsExactly(
                "any_greeting", "no_greeting", "early_regex", "none_apology", "refund_unanswered", "either", "nested");
        assertThat(definition.drl()).contains("rule \"two_of\"", "rule \"all_apology\"", "rule \"mixed\"")
                .doesNotContain("rule \"any_greeting\"");
        assertThat(definition.signalRules().get(1).condition()).isEqualTo(new SignalCondition.All(List.of(
                new SignalCondition.AnyTurn(),
                new SignalCondition.Not(new SignalCondition.Signal("lexicon", "greeting", "agent", null, 2)))));
        assertThat(ParleyRuleSetCompiler.drlOnly().compile("shapes.parley", RULES).definition().signalRules()).isEmpty();
    }

    @Test
    void bothPathsGiveTheSameResultOnEveryDialogue() {
        Random random = new Random(20261124);
        try (RuleSetEvaluator fast = RuleSetEvaluator.compile(compile(new ParleyRuleSetCompiler()));
             RuleSetEvaluator reference = RuleSetEvaluator.compile(compile(ParleyRuleSetCompiler.drlOnly()))) {
            int hits = 0;
            for (int i = 0; i < 1_500; i++) {
                Dialogue dialogue = randomDialogue("d-" + i, random);
                EvaluationResult expected = reference.evaluate(dialogue);
                EvaluationResult actual = fast.evaluate(dialogue);
                assertThat(actual.hits()).as(dialogue.toString()).isEqualTo(expected.hits());
                assertThat(actual.score()).as(dialogue.toString()).isEqualTo(expected.score());
                assertThat(actual.signals()).isEqualTo(expected.signals());
                hits += actual.hits().size();
            }
            assertThat(hits).as("rules fire often enough for the comparison to mean something").isGreaterThan(3_000);
        }
    }

    private static RuleSetDefinition compile(RuleSetCompiler compiler) {
        RuleSetCompiler.Compilation compilation = compiler.compile("shapes.parley", RULES);
        assertThat(compilation.diagnostics()).as(compilation.render()).isEmpty();
        return compilation.definition();
    }

    private static Dialogue randomDialogue(String id, Random random) {
        int turnCount = random.nextInt(8);
        List<Turn> turns = new ArrayList<>();
        for (int t = 0; t < turnCount; t++) {
            StringBuilder text = new StringBuilder();
            int words = 1 + random.nextInt(3);
            for (int w = 0; w < words; w++) {
                text.append(VOCABULARY.get(random.nextInt(VOCABULARY.size()))).append(random.nextBoolean() ? "，" : "");
            }
            turns.add(new Turn(ROLES.get(random.nextInt(ROLES.size())), text.toString()));
        }
        return new Dialogue(id, "im", null, null, null, List.of(), turns, null, null);
    }
}
