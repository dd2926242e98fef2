package io.parley.dsl;

import io.parley.engine.api.Diagnostic;
import io.parley.engine.api.Turn;
import io.parley.engine.api.RuleSetRef;
import io.parley.engine.api.ruleset.LexiconDefinition;
import io.parley.engine.api.ruleset.OperatorBinding;
import io.parley.engine.api.ruleset.PatternDefinition;
import io.parley.engine.api.ruleset.PluginBinding;
import io.parley.engine.api.ruleset.RuleDefinition;
import io.parley.engine.api.ruleset.RuleSetDefinition;
import io.parley.engine.api.ruleset.RuleTest;
import io.parley.engine.api.ruleset.ScorecardDefinition;
import io.parley.engine.impl.evaluate.RuleSetEvaluator;
import io.parley.engine.spi.RuleSetCompiler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/** What the compiler hands the runtime: the definition's every part, and the DRL as a golden file. */
class ParleyRuleSetCompilerTest {
    private static final Path RESOURCES = Path.of("src/test/resources/io/parley/dsl");
    private static final boolean UPDATE = Boolean.getBoolean("parley.golden.update");

    // The DRL shapes are the reference meaning of every construct; SignalRulesTest checks the fast path keeps it.
    private final ParleyRuleSetCompiler compiler = ParleyRuleSetCompiler.drlOnly();

    @Test
    void carriesTheFilesTestsWithTheirDialoguesExpectationsAndOrigins() {
        RuleSetDefinition definition = compileClean("tested.parley", """
                template "tested" version 1 language zh
                party host
                rule greets: agent says "您好"
                scorecard s base 100:
                  greets +0
                  grades A >= 0
                test "greets" {
                  dialogue {
                    host: "在吗"
                    agent: "您好" at "2026-11-11T10:00:03+08:00"
                  }
                  expect hit greets on turn 2
                  expect no hit greets
                  expect score 100
                  expect grade A
                }
                """);

        assertThat(definition.tests()).singleElement().satisfies(test -> {
            assertThat(test.name()).isEqualTo("greets");
            assertThat(test.origin()).isEqualTo("tested.parley:7:1");
            assertThat(test.dialogue().id()).isEqualTo("greets");
            assertThat(test.dialogue().parties()).containsExactly("host");
            assertThat(test.dialogue().turns()).containsExactly(new Turn("host", "在吗"),
                    new Turn("agent", "您好", OffsetDateTime.parse("2026-11-11T10:00:03+08:00"), null, null));
            assertThat(test.expectations()).containsExactly(
                    new RuleTest.Expectation.Hit("greets", true, 1, "tested.parley:12:3"),
                    new RuleTest.Expectation.Hit("greets", false, null, "tested.parley:13:3"),
                    new RuleTest.Expectation.Score(100, "tested.parley:14:3"),
                    new RuleTest.Expectation.Grade("A", "tested.parley:15:3"));
        });
    }

    @Test
    void compilesTheLanguageExampleIntoAFullDefinition() throws IOException {
        RuleSetDefinition definition = compileClean("presale.parley", Files.readString(RESOURCES.resolve("presale.parley")));

        assertThat(definition.ref()).isEqualTo(new RuleSetRef("ecommerce-presale", 1));
        assertThat(definition.language()).isEqualTo("zh");
        assertThat(definition.lexicons()).containsExactly(
                new LexiconDefinition("greeting", List.of("您好", "亲", "欢迎光临", "在的")),
                new LexiconDefinition("forbidden", List.of("不知道", "自己看", "爱买不买")),
                new LexiconDefinition("refund_without_order#1", List.of("退款", "退货", "退钱")),
                new LexiconDefinition("refund_without_order#2", List.of("订单号", "订单编号")),
                new LexiconDefinition("hard_sell#1", List.of("马上下单", "最后一天", "错过", "仅剩")));
        assertThat(definition.patterns()).containsExactly(new PatternDefinition("order_no", "\\d{10,20}"));
        assertThat(definition.rules()).containsExactly(
                new RuleDefinition("forbidden_phrase", "禁用语", "major", List.of("服务态度")),
                new RuleDefinition("no_greeting", "未问候", "minor", List.of("开场")),
                new RuleDefinition("refund_without_order", "退款未核实订单", "major", List.of()),
                new RuleDefinition("hard_sell", "强行推销", "minor", List.of()));
        assertThat(definition.scorecard()).isEqualTo(new ScorecardDefinition("presale", 100, List.of(
                new ScorecardDefinition.Item("forbidden_phrase", -15, false),
                new ScorecardDefinition.Item("no_greeting", -5, false),
                new ScorecardDefinition.Item("refund_without_order", -10, false),
                new ScorecardDefinition.Item("hard_sell", -5, false)), List.of(
                new ScorecardDefinition.GradeBand("A", 90), new ScorecardDefinition.GradeBand("B", 75),
                new ScorecardDefinition.GradeBand("C", 60), new ScorecardDefinition.GradeBand("D", 0))));
        assertGolden(definition.drl(), RESOURCES.resolve("presale.drl"));
    }

    @Test
    void emitsOneDrlShapeForEveryOperator() throws IOException {
        RuleSetDefinition definition = compileClean("operators.parley", """
                template "operators" version 3 language zh
                lexicon apology = ["抱歉", "不好意思"]
                rule any_role_turns: agent says any apology within first 2 agent turns
                rule dialogue_turns: agent says regex /\\d{11}/ within first 3 turns
                rule all_terms: agent says all apology
                rule none_terms: customer says none ["谢谢"]
                rule not_all: not agent says all apology within first 1 turn
                rule literal_or_n_of: bot says "您好" or agent says 1 of apology or agent says 2 of ["a", "b", "c"]
                """);

        assertThat(definition.lexicons()).first().isEqualTo(new LexiconDefinition("apology", List.of("抱歉", "不好意思")));
        assertThat(definition.patterns()).containsExactly(new PatternDefinition("dialogue_turns#1", "\\d{11}"));
        assertThat(definition.rules()).extracting(RuleDefinition::title, RuleDefinition::severity)
                .allSatisfy(titleAndSeverity -> assertThat(titleAndSeverity.toList().get(1)).isEqualTo("minor"));
        assertThat(definition.rules().getFirst().title()).as("the title defaults to the id").isEqualTo("any_role_turns");
        assertThat(definition.scorecard()).isNull();
        assertGolden(definition.drl(), RESOURCES.resolve("operators.drl"));
        assertThatCode(() -> RuleSetEvaluator.compile(definition)).as("Drools accepts the DRL").doesNotThrowAnyException();
    }

    @Test
    void compilesScriptsAndOperatorsIntoPluginBindingsThatPointIntoTheFile() {
        RuleSetCompiler.Compilation compilation = compiler.compile("shop.parley", """
                template "shop" version 1 language zh
                script operator slow_reply = js\"""
                  (dialogue, turns) => []\"""
                operator refunds = lexicon { terms: ["退款"] }
                rule slow: agent turn matches slow_reply or customer turn matches refunds
                scorecard s base 100:
                  slow -5
                script score = js\"""(dialogue, hits, standard) => standard.value\"""
                script map = js\"""(raw) => raw\"""
                """);
        assertThat(compilation.diagnostics()).as(compilation.render()).isEmpty();
        RuleSetDefinition definition = compilation.definition();

        assertThat(definition.operators()).containsExactly(
                new OperatorBinding("slow_reply", new PluginBinding("js",
                        Map.of("source", "\n  (dialogue, turns) => []", "line", 2, "column", 35), "shop.parley:2:30")),
                new OperatorBinding("refunds", new PluginBinding("lexicon", Map.of("terms", List.of("退款")), "shop.parley:4:20")));
        assertThat(definition.scorecard().formula()).isEqualTo(new PluginBinding("js",
                Map.of("source", "(dialogue, hits, standard) => standard.value", "line", 8, "column", 21), "shop.parley:8:16"));
        assertThat(definition.mapper()).isEqualTo(new PluginBinding("js",
                Map.of("source", "(raw) => raw", "line", 9, "column", 19), "shop.parley:9:14"));
        assertThat(definition.drl()).contains("SignalFact(name == \"slow_reply\", role == \"agent\")",
                "SignalFact(name == \"refunds\", role == \"customer\")");
    }

    @Test
    void aScriptFileIsReadRelativeToTheRuleFile(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("rules/ops"));
        Files.writeString(dir.resolve("rules/ops/slow.js"), "(dialogue, turns) => []\n");
        Path ruleFile = Files.writeString(dir.resolve("rules/shop.parley"), """
                template "shop" version 1 language zh
                script operator slow_reply = js file "ops/slow.js"
                rule slow: agent turn matches slow_reply
                """);

        RuleSetCompiler.Compilation compilation = compiler.compile(ruleFile.toString(), Files.readString(ruleFile));

        assertThat(compilation.diagnostics()).as(compilation.render()).isEmpty();
        assertThat(compilation.definition().operators().getFirst().binding().config()).isEqualTo(Map.of(
                "source", "(dialogue, turns) => []\n", "file", dir.resolve("rules/ops/slow.js").toString(),
                "line", 1, "column", 1));
    }

    @Test
    void errorsWithholdTheDefinitionWarningsDoNot() {
        RuleSetCompiler.Compilation withError = compiler.compile("e.parley", "template \"e\" version 1 language zh\nrule r: agnet says \"x\"");
        RuleSetCompiler.Compilation withWarning = compiler.compile("w.parley",
                "template \"w\" version 1 language zh\nlexicon l = [\"亲\", \"亲\"]\nrule r: agent says any l");

        assertThat(withError.hasErrors()).isTrue();
        assertThat(withError.definition()).isNull();
        assertThat(withWarning.hasErrors()).isFalse();
        assertThat(withWarning.diagnostics()).extracting(Diagnostic::code).containsExactly("PRL0901");
        assertThat(withWarning.definition().lexicons()).containsExactly(new LexiconDefinition("l", List.of("亲")));
    }

    @Test
    void neverThrowsWhateverTheSource() throws IOException {
        String example = Files.readString(RESOURCES.resolve("presale.parley"));
        Random random = new Random(20261111);
        String noise = "\"/[]():,=>-+#\n 亲0";
        for (int length = 0; length <= example.length(); length++) {
            String prefix = example.substring(0, length);
            assertThatCode(() -> compiler.compile("prefix.parley", prefix)).as("prefix of length %d", length)
                    .doesNotThrowAnyException();
        }
        for (int round = 0; round < 500; round++) {
            StringBuilder mutated = new StringBuilder(example);
            for (int edit = 0; edit < 3; edit++) {
                int at = random.nextInt(mutated.length());
                mutated.setCharAt(at, noise.charAt(random.nextInt(noise.length())));
            }
            String source = mutated.toString();
            assertThatCode(() -> compiler.compile("mutated.parley", source)).as(source).doesNotThrowAnyException();
        }
    }

    private RuleSetDefinition compileClean(String fileName, String source) {
        RuleSetCompiler.Compilation compilation = compiler.compile(fileName, source);
        assertThat(compilation.diagnostics()).as(compilation.render()).isEmpty();
        return compilation.definition();
    }

    /** Compares with a golden file; {@code -Dparley.golden.update=true} rewrites it for review. */
    private static void assertGolden(String actual, Path golden) throws IOException {
        if (UPDATE) {
            Files.writeString(golden, actual);
            return;
        }
        assertThat(actual).isEqualTo(Files.readString(golden));
    }
}
