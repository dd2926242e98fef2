package io.parley.dsl;

import io.parley.engine.api.Dialogue;
import io.parley.engine.api.EvaluationResult;
import io.parley.engine.api.Evidence;
import io.parley.engine.api.Hit;
import io.parley.engine.api.Score;
import io.parley.engine.api.Turn;
import io.parley.engine.impl.evaluate.RuleSetEvaluator;
import io.parley.engine.spi.RuleSetCompiler;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Compiles Parley sources through the {@link RuleSetCompiler} service and runs them on the engine's
 * {@link RuleSetEvaluator} over small hand-written dialogues: every operator, its evidence, and the
 * score. Dialogue turns are written as "c:…", "a:…", "b:…" (customer, agent, bot).
 */
class EndToEndTest {
    private static RuleSetCompiler compiler;

    @BeforeAll
    static void loadCompiler() {
        compiler = ServiceLoader.load(RuleSetCompiler.class).findFirst().orElseThrow();
        assertThat(compiler).isInstanceOf(ParleyRuleSetCompiler.class);
    }

    /** The example of the language's brief (src/test/resources/io/parley/dsl/presale.parley). */
    @Nested
    class PresaleExample {
        private static RuleSetEvaluator presale;

        @BeforeAll
        static void compilePresale() throws IOException {
            presale = evaluator("presale.parley", resource("presale.parley"));
        }

        @Test
        void aCleanDialogueHasNoHitsAndFullMarks() {
            EvaluationResult result = presale.evaluate(dialogue("c:这个热水器能装卫生间吗", "a:亲，您好，可以装的", "c:好的"));

            assertThat(result.hits()).isEmpty();
            assertThat(result.score()).isEqualTo(new Score("presale", 100, "A", List.of(), null));
        }

        @Test
        void anyReportsEveryMatchedTermAsEvidence() {
            EvaluationResult result = presale.evaluate(dialogue("c:发货要几天", "a:您好", "c:到底几天", "a:不知道，自己看物流"));

            assertThat(hitRules(result)).containsExactly("forbidden_phrase");
            Hit hit = result.hits().getFirst();
            assertThat(hit.title()).isEqualTo("禁用语");
            assertThat(hit.severity()).isEqualTo("major");
            assertThat(hit.tags()).containsExactly("服务态度");
            assertThat(hit.evidence()).containsExactly(
                    new Evidence(3, "agent", List.of(0, 3), "不知道"),
                    new Evidence(3, "agent", List.of(4, 7), "自己看"));
            assertThat(result.score().value()).isEqualTo(85);
            assertThat(result.score().grade()).isEqualTo("B");
        }

        @Test
        void anyOnlyLooksAtTheNamedRole() {
            EvaluationResult result = presale.evaluate(dialogue("c:我不知道选哪个", "a:您好，我帮您推荐"));

            assertThat(result.hits()).isEmpty();
        }

        @Test
        void notWithARolePositionFiresWhenTheGreetingComesTooLate() {
            EvaluationResult late = presale.evaluate(dialogue("c:在吗", "a:稍等", "c:？", "a:正在查", "a:您好，查到了"));
            EvaluationResult onTime = presale.evaluate(dialogue("c:在吗", "a:稍等", "c:？", "a:您好，查到了"));
            EvaluationResult customerGreets = presale.evaluate(dialogue("c:亲，在吗", "a:稍等", "a:查到了"));

            assertThat(hitRules(late)).containsExactly("no_greeting");
            assertThat(late.hits().getFirst().evidence()).as("an absence has nothing to point at").isEmpty();
            assertThat(late.score().value()).isEqualTo(95);
            assertThat(onTime.hits()).isEmpty();
            assertThat(hitRules(customerGreets)).containsExactly("no_greeting");
        }

        @Test
        void andNotOrFiresOnlyWhenNeitherAlternativeHappened() {
            EvaluationResult unverified = presale.evaluate(dialogue("c:杯子碎了，我要退款", "a:您好，直接给您退款"));
            EvaluationResult askedForOrder = presale.evaluate(dialogue("c:我要退货", "a:您好，麻烦提供订单编号"));
            EvaluationResult quotedOrder = presale.evaluate(dialogue("c:我要退钱", "a:您好，是订单2026111100001234吗"));
            EvaluationResult customerQuotedOrder = presale.evaluate(dialogue("c:退款，订单2026111100001234", "a:您好，好的"));

            assertThat(hitRules(unverified)).containsExactly("refund_without_order");
            assertThat(unverified.hits().getFirst().evidence())
                    .containsExactly(new Evidence(0, "customer", List.of(7, 9), "退款"));
            assertThat(unverified.score().value()).isEqualTo(90);
            assertThat(askedForOrder.hits()).isEmpty();
            assertThat(quotedOrder.hits()).as("the agent's order number matches the regex").isEmpty();
            assertThat(hitRules(customerQuotedOrder)).as("only the agent's turns can verify").containsExactly("refund_without_order");
        }

        @Test
        void nOfNeedsThatManyDistinctTermsInOneTurn() {
            EvaluationResult pushy = presale.evaluate(dialogue("c:还有货吗", "a:您好，最后一天了，仅剩3台"));
            EvaluationResult spreadOut = presale.evaluate(dialogue("c:还有货吗", "a:您好，最后一天了", "a:仅剩3台"));
            EvaluationResult repeated = presale.evaluate(dialogue("c:还有货吗", "a:您好，仅剩3台，真的仅剩3台"));

            assertThat(hitRules(pushy)).containsExactly("hard_sell");
            assertThat(pushy.hits().getFirst().evidence()).containsExactly(
                    new Evidence(1, "agent", List.of(3, 7), "最后一天"),
                    new Evidence(1, "agent", List.of(9, 11), "仅剩"));
            assertThat(spreadOut.hits()).isEmpty();
            assertThat(repeated.hits()).as("one term twice is one distinct term").isEmpty();
        }

        @Test
        void everyHitDeductsItsPointsOnceAndTheGradeFollows() {
            EvaluationResult result = presale.evaluate(dialogue(
                    "c:这个怎么样", "a:不知道", "a:不知道，最后一天，错过就没了", "a:您好"));

            assertThat(hitRules(result)).containsExactly("forbidden_phrase", "no_greeting", "hard_sell");
            assertThat(result.score().breakdown()).containsExactly(
                    new Score.ScoreItem("forbidden_phrase", -15),
                    new Score.ScoreItem("no_greeting", -5),
                    new Score.ScoreItem("hard_sell", -5));
            assertThat(result.score().value()).isEqualTo(75);
            assertThat(result.score().grade()).isEqualTo("B");
        }
    }

    /** The operators the example does not use, and the scorecard's veto and clamp. */
    @Nested
    class MoreOperators {
        private static final String SOURCE = """
                template "operators" version 2 language zh
                party host

                lexicon apology = ["抱歉", "不好意思"]

                rule full_apology "完整致歉" severity info:
                  agent says all apology
                rule never_thanked "从未致谢":
                  agent says none ["谢谢", "感谢"]
                rule early_phone "开场即留手机号":
                  customer says regex /1\\d{10}/ within first 2 turns
                rule bot_greets severity info:
                  bot says "您好"
                rule bulk_lead "大客户线索" severity major:
                  not customer says "随便看看"
                  and (customer says any ["批量", "企业采购"] or customer says 2 of ["批发价", "发票", "包邮"])
                rule host_pushes "主播催单":
                  host says any ["上车", "拍"] within first 1 host turn

                scorecard operators base 100:
                  never_thanked -60
                  early_phone   -60
                  bulk_lead     +10
                  host_pushes   veto
                  grades good >= 50, poor >= 0
                """;
        private static RuleSetEvaluator operators;

        @BeforeAll
        static void compileOperators() {
            operators = evaluator("operators.parley", SOURCE);
        }

        @Test
        void allNeedsEveryTermInOneTurn() {
            assertThat(hitRules(operators.evaluate(dialogue("c:坏了", "a:抱歉，真不好意思，感谢反馈"))))
                    .containsExactly("full_apology");
            assertThat(hitRules(operators.evaluate(dialogue("c:坏了", "a:抱歉", "a:不好意思，感谢反馈")))).isEmpty();
        }

        @Test
        void noneHoldsWhenNoTurnOfTheRoleHasAnyTerm() {
            EvaluationResult result = operators.evaluate(dialogue("c:谢谢", "a:好的"));

            assertThat(hitRules(result)).containsExactly("never_thanked");
            assertThat(result.score().value()).isEqualTo(40);
            assertThat(result.score().grade()).isEqualTo("poor");
        }

        @Test
        void aDialoguePositionCountsEveryTurn() {
            EvaluationResult early = operators.evaluate(dialogue("b:请留下联系方式", "c:13800138000", "a:感谢"));
            EvaluationResult late = operators.evaluate(dialogue("b:请留下联系方式", "a:感谢", "c:13800138000"));

            assertThat(hitRules(early)).containsExactly("early_phone");
            assertThat(early.hits().getFirst().evidence()).containsExactly(
                    new Evidence(1, "customer", List.of(0, 11), "13800138000"));
            assertThat(late.hits()).isEmpty();
        }

        @Test
        void aLiteralIsAnyOfOneTerm() {
            assertThat(hitRules(operators.evaluate(dialogue("b:您好，我是助手", "a:感谢")))).containsExactly("bot_greets");
        }

        @Test
        void notAndOrCombineWithNOf() {
            assertThat(hitRules(operators.evaluate(dialogue("c:有批发价吗，能开发票吗", "a:感谢"))))
                    .containsExactly("bulk_lead");
            assertThat(hitRules(operators.evaluate(dialogue("c:企业采购", "a:感谢")))).containsExactly("bulk_lead");
            assertThat(hitRules(operators.evaluate(dialogue("c:随便看看，企业采购", "a:感谢")))).isEmpty();
            assertThat(hitRules(operators.evaluate(dialogue("c:能开发票吗", "a:感谢")))).isEmpty();
        }

        @Test
        void bonusesAreClampedTo100() {
            EvaluationResult result = operators.evaluate(dialogue("c:批量采购", "a:感谢"));

            assertThat(result.score().value()).isEqualTo(100);
            assertThat(result.score().breakdown()).containsExactly(new Score.ScoreItem("bulk_lead", 10));
        }

        @Test
        void aVetoForcesZeroAndPartiesAreRoles() {
            EvaluationResult result = operators.evaluate(dialogue("host:家人们上车", "host:快拍", "a:感谢"));

            assertThat(hitRules(result)).containsExactly("host_pushes");
            assertThat(result.hits().getFirst().evidence()).containsExactly(new Evidence(0, "host", List.of(3, 5), "上车"));
            assertThat(result.score().value()).isZero();
            assertThat(result.score().vetoedBy()).isEqualTo("host_pushes");
        }
    }

    /** Operators declared by name and matched by role: here the built-in lexicon operator, declared as a plugin use. */
    @Nested
    class DeclaredOperators {
        private static RuleSetEvaluator evaluator;

        @BeforeAll
        static void compile() {
            evaluator = evaluator("operators.parley", """
                    template "declared" version 1 language zh
                    operator refund_words = lexicon { terms: ["退款", "退货"] }
                    rule early_refund: customer turn matches refund_words within first 1 customer turns
                    rule agent_mentions: agent turn matches refund_words
                    rule anyone: any turn matches refund_words within first 2 turns
                    rule nobody: not any turn matches refund_words
                    """);
        }

        @Test
        void matchesTheOperatorsSignalsByRoleAndPositionWithTheirEvidence() {
            EvaluationResult result = evaluator.evaluate(dialogue("c:我要退货", "a:退款要先申请", "c:好"));

            assertThat(hitRules(result)).containsExactly("early_refund", "agent_mentions", "anyone");
            assertThat(evidence(result, "early_refund")).containsExactly("0:退货");
            assertThat(evidence(result, "agent_mentions")).containsExactly("1:退款");
            assertThat(evidence(result, "anyone")).containsExactly("0:退货", "1:退款");
        }

        @Test
        void aNegatedAnyTurnAtomHoldsWhenTheOperatorReportsNothing() {
            assertThat(hitRules(evaluator.evaluate(dialogue("c:在吗", "a:您好")))).containsExactly("nobody");
        }

        private static List<String> evidence(EvaluationResult result, String rule) {
            return result.hits().stream().filter(h -> h.rule().equals(rule)).findFirst().orElseThrow()
                    .evidence().stream().map(e -> e.turn() + ":" + e.text()).toList();
        }
    }

    /** The built-in repetition operator: the customer asking the same thing a third time. */
    @Test
    void aCustomerAskingAThirdTimeHitsWithThatTurnAsEvidence() {
        try (RuleSetEvaluator repetition = evaluator("repetition.parley", """
                template "repetition" version 1 language zh
                operator asked_again = repetition { role: "customer", similarity: 0.4, times: 3 }
                rule ignored_question "客户重复追问": customer turn matches asked_again
                """)) {
            EvaluationResult twice = repetition.evaluate(dialogue("c:我的快递什么时候到", "a:稍等", "c:快递什么时候到啊"));
            EvaluationResult thrice = repetition.evaluate(dialogue("c:我的快递什么时候到", "a:稍等", "c:快递什么时候到啊",
                    "c:我的快递到底什么时候到！！"));

            assertThat(twice.hits()).isEmpty();
            assertThat(thrice.hits()).singleElement().satisfies(hit -> {
                assertThat(hit.rule()).isEqualTo("ignored_question");
                assertThat(hit.evidence()).extracting(Evidence::turn).containsExactly(3);
                assertThat(hit.confidence()).isEqualTo(7.0 / 11); // 7 of 11 bigrams shared with the first ask
            });
        }
    }

    private static RuleSetEvaluator evaluator(String fileName, String source) {
        RuleSetCompiler.Compilation compilation = compiler.compile(fileName, source);
        assertThat(compilation.diagnostics()).as(compilation.render()).isEmpty();
        return RuleSetEvaluator.compile(compilation.definition());
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = EndToEndTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    private static final Map<String, String> ROLES = Map.of("c", "customer", "a", "agent", "b", "bot", "host", "host");

    /** A dialogue from "role:text" turns, role abbreviated as in {@link #ROLES}. */
    private static Dialogue dialogue(String... turns) {
        List<Turn> parsed = new ArrayList<>();
        for (String turn : turns) {
            int colon = turn.indexOf(':');
            parsed.add(new Turn(ROLES.get(turn.substring(0, colon)), turn.substring(colon + 1)));
        }
        return new Dialogue("d-1", "im", null, null, null, List.of("host"), parsed, null, null);
    }

    private static List<String> hitRules(EvaluationResult result) {
        return result.hits().stream().map(Hit::rule).collect(Collectors.toList());
    }
}
