package io.parley.engine.impl.evaluate;

import io.parley.engine.api.Dialogue;
import io.parley.engine.api.EvaluationException;
import io.parley.engine.api.EvaluationResult;
import io.parley.engine.api.Evidence;
import io.parley.engine.api.Hit;
import io.parley.engine.api.RuleSetRef;
import io.parley.engine.api.Score;
import io.parley.engine.api.ruleset.LexiconDefinition;
import io.parley.engine.api.ruleset.PatternDefinition;
import io.parley.engine.api.ruleset.RuleDefinition;
import io.parley.engine.api.ruleset.RuleSetDefinition;
import io.parley.engine.api.ruleset.ScorecardDefinition;
import io.parley.engine.api.ruleset.ScorecardDefinition.GradeBand;
import io.parley.engine.api.ruleset.ScorecardDefinition.Item;
import io.parley.engine.impl.evaluate.RuleSetCompilationException.Problem;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.IntStream;

import static io.parley.engine.testing.Dialogues.dialogue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RuleSetEvaluatorTest {

    private static final RuleSetRef PRESALE = new RuleSetRef("ecommerce-presale", 3);
    private static final String HEADER = """
            package parley.rules.ecommerce_presale;
            import io.parley.engine.api.facts.TurnFact;
            import io.parley.engine.api.facts.SignalFact;
            global io.parley.engine.api.facts.HitCollector hits;
            """;

    // Declared in the opposite order to the rule definitions below, so firing order differs from
    // definition order; "blew_up" fails on purpose for one dialogue.
    private static final String DRL = HEADER + """
            rule "undeclared_rule"
            when
                SignalFact(kind == "regex", name == "order_no")
            then
                hits.hit("undeclared_rule", kcontext.getMatch().getObjects().toArray());
            end

            rule "no_greeting"
            when
                exists TurnFact(role == "agent")
                not SignalFact(kind == "lexicon", name == "greeting", role == "agent", roleIndex < 2)
            then
                hits.hit("no_greeting", kcontext.getMatch().getObjects().toArray());
            end

            rule "forbidden_phrase"
            when
                SignalFact(kind == "lexicon", name == "forbidden", role == "agent")
            then
                hits.hit("forbidden_phrase", kcontext.getMatch().getObjects().toArray());
            end

            rule "blew_up"
            when
                TurnFact(text == "boom")
            then
                throw new IllegalStateException("consequence failed");
            end
            """;

    private static final RuleSetDefinition DEFINITION = new RuleSetDefinition(PRESALE, "zh",
            List.of(new LexiconDefinition("greeting", List.of("您好", "亲")),
                    new LexiconDefinition("forbidden", List.of("不知道", "自己看"))),
            List.of(new PatternDefinition("order_no", "\\d{12}")),
            List.of(new RuleDefinition("forbidden_phrase", "禁用语", "major", List.of("服务态度")),
                    new RuleDefinition("no_greeting", "未问候", "minor", List.of())),
            DRL,
            new ScorecardDefinition("presale", 100,
                    List.of(new Item("no_greeting", -5, false), new Item("forbidden_phrase", -15, false)),
                    List.of(new GradeBand("A", 90), new GradeBand("B", 80))));

    private static RuleSetEvaluator evaluator;

    @BeforeAll
    static void compile() {
        evaluator = RuleSetEvaluator.compile(DEFINITION);
    }

    @Test
    void reportsHitsInDefinitionOrderWithTheirDefinitionAndScoresThem() {
        Instant before = Instant.now();
        EvaluationResult result = evaluator.evaluate(dialogue("jd-1",
                "customer: 订单202611110001怎么还没到",
                "agent: 不知道，你自己看物流",
                "agent: 不知道"));

        assertThat(result.dialogueId()).isEqualTo("jd-1");
        assertThat(result.ruleset()).isEqualTo(PRESALE);
        assertThat(result.signals()).isEqualTo(4);
        assertThat(result.evaluatedAt()).isBetween(before, Instant.now());
        assertThat(result.hits()).containsExactly(
                new Hit("forbidden_phrase", "禁用语", "major", List.of("服务态度"), List.of(
                        new Evidence(1, "agent", List.of(0, 3), "不知道"),
                        new Evidence(1, "agent", List.of(5, 8), "自己看"),
                        new Evidence(2, "agent", List.of(0, 3), "不知道")), 1.0),
                new Hit("no_greeting", "未问候", "minor", List.of(), List.of(), 1.0),
                new Hit("undeclared_rule", "undeclared_rule", "minor", List.of(), List.of(
                        new Evidence(0, "customer", List.of(2, 14), "202611110001")), 1.0));
        assertThat(result.score()).isEqualTo(new Score("presale", 80, "B", List.of(
                new Score.ScoreItem("no_greeting", -5), new Score.ScoreItem("forbidden_phrase", -15)), null));
    }

    @Test
    void aCleanDialogueHasNoHitsAndTheFullScore() {
        EvaluationResult result = evaluator.evaluate(dialogue("jd-2", "customer: 在吗", "agent: 亲，在的"));

        assertThat(result.hits()).isEmpty();
        assertThat(result.signals()).isEqualTo(1);
        assertThat(result.score().value()).isEqualTo(100);
        assertThat(result.score().grade()).isEqualTo("A");
    }

    @Test
    void aRuleSetWithoutScorecardHasNoScore() {
        RuleSetDefinition unscored = new RuleSetDefinition(PRESALE, "zh", DEFINITION.lexicons(),
                DEFINITION.patterns(), DEFINITION.rules(), DRL, null);

        assertThat(RuleSetEvaluator.compile(unscored).evaluate(dialogue("jd-3", "agent: 不知道")).score()).isNull();
    }

    @Test
    void aFailingDialogueThrowsForItselfOnlyAndLeavesTheRuleSetUsable() {
        Dialogue good = dialogue("jd-good", "agent: 不知道");
        EvaluationResult expected = evaluator.evaluate(good);

        assertThatThrownBy(() -> evaluator.evaluate(dialogue("jd-bad", "customer: boom", "agent: 不知道")))
                .isInstanceOf(EvaluationException.class)
                .hasMessageStartingWith("dialogue jd-bad: ")
                .hasMessageContaining("blew_up")
                .hasRootCauseMessage("consequence failed");

        assertThat(withoutTime(evaluator.evaluate(good))).isEqualTo(withoutTime(expected));
    }

    @Test
    void aRuleThatNeverSettlesFailsItsDialogueInsteadOfHangingIt() {
        RuleSetEvaluator looping = RuleSetEvaluator.compile(definition(HEADER + """
                rule "breeds_turns"
                when
                    TurnFact($index: index)
                then
                    insert(new TurnFact($index + 1, "agent", 0, "", null, null));
                end
                """, List.of()));

        assertThatThrownBy(() -> looping.evaluate(dialogue("jd-loop", "agent: 您好")))
                .isInstanceOf(EvaluationException.class)
                .hasMessageContaining("dialogue jd-loop: rules fired 100000 times without settling");
    }

    @Test
    void refusesToEvaluateNothing() {
        assertThatThrownBy(() -> evaluator.evaluate(null))
                .isInstanceOf(EvaluationException.class)
                .hasMessage("dialogue null: no dialogue given");
    }

    @Test
    void sharesOneKieBaseAcrossThreads() throws Exception {
        List<Dialogue> dialogues = IntStream.range(0, 400).mapToObj(i -> dialogue("jd-" + i,
                "customer: " + (i % 4 == 1 ? "订单" + (202611110000L + i) : "在吗") + (i % 3 == 0 ? "，你们是不是不知道" : ""),
                i % 2 == 0 ? "agent: 亲，在的" : "agent: 在的",
                i % 5 == 0 ? "agent: 不知道，自己看" : "agent: 好的")).toList();
        List<EvaluationResult> sequential = dialogues.stream().map(evaluator::evaluate).map(RuleSetEvaluatorTest::withoutTime).toList();

        List<EvaluationResult> concurrent = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(4)) {
            List<Future<EvaluationResult>> futures = new ArrayList<>();
            for (int round = 0; round < 4; round++) {
                for (Dialogue dialogue : dialogues) {
                    futures.add(threads.submit(() -> withoutTime(evaluator.evaluate(dialogue))));
                }
            }
            for (Future<EvaluationResult> future : futures) {
                concurrent.add(future.get());
            }
        }

        assertThat(sequential).extracting(r -> r.hits().size()).contains(0, 1, 2, 3);
        for (int round = 0; round < 4; round++) {
            assertThat(concurrent.subList(round * dialogues.size(), (round + 1) * dialogues.size()))
                    .containsExactlyElementsOf(sequential);
        }
    }

    @Test
    void compilesWithConstraintJittingOffWhateverTheJvmSays() {
        // Drools 10.2.0 classic throws NoSuchMethodError from jitted str[startsWith] constraints (after
        // 20 evaluations). Surefire sets drools.jittingThreshold=-1; clear it so that only the KieBase
        // option can be what keeps the rule working.
        String jvmSetting = System.clearProperty("drools.jittingThreshold");
        RuleSetEvaluator startsWith;
        try {
            startsWith = RuleSetEvaluator.compile(new RuleSetDefinition(new RuleSetRef("starts-with", 1), "zh",
                    List.of(), List.of(), List.of(), HEADER + """
                    rule "opens_with_dear"
                    when
                        TurnFact(role == "agent", text str[startsWith] "亲")
                    then
                        hits.hit("opens_with_dear", kcontext.getMatch().getObjects().toArray());
                    end
                    """, null));
        } finally {
            if (jvmSetting != null) {
                System.setProperty("drools.jittingThreshold", jvmSetting);
            }
        }

        for (int i = 0; i < 500; i++) {
            EvaluationResult result = startsWith.evaluate(dialogue("d-" + i, "customer: 在吗", "agent: 亲，在的"));
            assertThat(result.hits()).extracting(Hit::rule).containsExactly("opens_with_dear");
        }
    }

    @Test
    void reportsTheCompileTime() {
        assertThat(evaluator.compileTime()).isPositive();
        assertThat(evaluator.ruleset()).isEqualTo(PRESALE);
    }

    @Test
    void listsEveryDrlErrorWithItsLine() {
        String drl = HEADER + """
                rule "misspelt_field"
                when
                    SignalFact(kind == "lexicon", nme == "forbidden")
                then
                    hits.hit("misspelt_field");
                end

                rule "unknown_type"
                when
                    Signal(kind == "lexicon")
                then
                    hits.hit("unknown_type");
                end
                """;

        assertThatThrownBy(() -> RuleSetEvaluator.compile(definition(drl, List.of())))
                .isInstanceOfSatisfying(RuleSetCompilationException.class, e -> {
                    assertThat(e.ruleset()).isEqualTo(PRESALE);
                    assertThat(e.problems()).extracting(Problem::line).containsExactly(7, 14);
                    assertThat(e.problems().get(0).text()).contains("nme");
                    assertThat(e.problems().get(1).text()).contains("Signal");
                    assertThat(e.getMessage())
                            .startsWith("rule set ecommerce-presale@3 does not compile:")
                            .contains("DRL line 7: ", "DRL line 14: ");
                });
    }

    @Test
    void reportsDrlSyntaxErrors() {
        String drl = HEADER + """
                rule "broken"
                when
                    SignalFact(kind == "lexicon" name == "forbidden")
                then
                end
                """;

        assertThatThrownBy(() -> RuleSetEvaluator.compile(definition(drl, List.of())))
                .isInstanceOfSatisfying(RuleSetCompilationException.class,
                        e -> assertThat(e.problems()).extracting(Problem::line).contains(7));
    }

    @Test
    void refusesDrlWithoutTheHitsGlobal() {
        String drl = """
                package parley.rules.no_global;
                import io.parley.engine.api.facts.TurnFact;
                rule "quiet"
                when
                    TurnFact()
                then
                end
                """;

        assertThatThrownBy(() -> RuleSetEvaluator.compile(definition(drl, List.of())))
                .isInstanceOf(RuleSetCompilationException.class)
                .hasMessageContaining("global io.parley.engine.api.facts.HitCollector hits");
    }

    @Test
    void refusesAnInvalidPattern() {
        assertThatThrownBy(() -> RuleSetEvaluator.compile(definition(DRL,
                List.of(new PatternDefinition("order_no", "(\\d{12}")))))
                .isInstanceOfSatisfying(RuleSetCompilationException.class, e -> assertThat(e.problems())
                        .singleElement()
                        .satisfies(problem -> {
                            assertThat(problem.line()).isZero();
                            assertThat(problem.text()).startsWith("pattern 'order_no': ");
                        }));
    }

    private static RuleSetDefinition definition(String drl, List<PatternDefinition> patterns) {
        return new RuleSetDefinition(PRESALE, "zh", List.of(), patterns, List.of(), drl, null);
    }

    private static EvaluationResult withoutTime(EvaluationResult result) {
        return new EvaluationResult(result.dialogueId(), result.ruleset(), result.hits(), result.score(),
                result.signals(), null);
    }
}
