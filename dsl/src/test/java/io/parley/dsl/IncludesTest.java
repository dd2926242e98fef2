package io.parley.dsl;

import io.parley.engine.api.Diagnostic;
import io.parley.engine.api.EvaluationResult;
import io.parley.engine.api.Hit;
import io.parley.engine.api.ruleset.ScorecardDefinition;
import io.parley.engine.impl.evaluate.RuleSetEvaluator;
import io.parley.engine.spi.RuleSetCompiler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static io.parley.dsl.OperatorsEndToEndTest.dialogue;
import static org.assertj.core.api.Assertions.assertThat;

/** A client's rule file extends an industry template and overrides lexicons, thresholds and weights. */
class IncludesTest {
    private static final String INDUSTRY = """
            template "industry" version 7 language zh
            lexicon greeting = ["您好"]
            lexicon forbidden = ["不知道"]
            rule no_greeting "未问候": not agent says any greeting within first 2 agent turns
            rule forbidden_phrase "禁用语" severity major: agent says any forbidden
            rule slow_reply "回复慢": agent response time over 60s
            scorecard service base 100:
              no_greeting -5
              slow_reply -5
              section manners "态度" cap 20:
                forbidden_phrase -15
              grades A >= 90, B >= 0
            test "base test, not run for clients" {
              dialogue { agent: "您好" }
              expect no hit no_greeting
            }
            """;

    @Test
    void aClientFileOverridesLexiconsThresholdsAndWeights(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("industry.parley"), INDUSTRY);
        Path client = Files.writeString(dir.resolve("client.parley"), """
                template "wanhe" version 1 language zh
                extends "industry.parley"
                lexicon greeting = ["亲", "您好"]
                rule slow_reply "回复慢": agent response time over 30s
                scorecard wanhe base 100:
                  no_greeting -10
                """);
        RuleSetCompiler.Compilation compilation = new ParleyRuleSetCompiler().compile(client.toString(), Files.readString(client));
        assertThat(compilation.diagnostics()).as(compilation.render()).isEmpty();

        assertThat(compilation.definition().ref().id()).isEqualTo("wanhe");
        assertThat(compilation.definition().tests()).isEmpty();
        ScorecardDefinition card = compilation.definition().scorecard();
        assertThat(card.name()).isEqualTo("wanhe");
        assertThat(card.items()).extracting(item -> item.rule() + " " + item.points() + " " + item.section())
                .containsExactly("no_greeting -10.0 null", "slow_reply -5.0 null", "forbidden_phrase -15.0 manners");
        assertThat(card.grades()).extracting(ScorecardDefinition.GradeBand::grade).containsExactly("A", "B");
        try (RuleSetEvaluator evaluator = RuleSetEvaluator.compile(compilation.definition())) {
            EvaluationResult result = evaluator.evaluate(dialogue("c@0:在吗", "a@40:亲，在的", "c@50:多少钱", "a@55:不知道"));
            assertThat(result.hits()).extracting(Hit::rule).containsExactly("slow_reply", "forbidden_phrase");
            assertThat(result.score().value()).isEqualTo(80);
        }
    }

    @Test
    void importedNamesAreNotReplacedAndProblemsPointIntoTheImportedFile(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("common.parley"), """
                template "common" version 1 language zh

                lexicon greeting = ["您好"]
                lexicon unused = ["x"]
                """);
        Path client = Files.writeString(dir.resolve("client.parley"), """
                template "client" version 1 language zh
                import "common.parley"
                import "missing.parley"
                lexicon greeting = ["亲"]
                rule greets: agent says any greeting
                """);
        RuleSetCompiler.Compilation compilation = new ParleyRuleSetCompiler().compile(client.toString(), Files.readString(client));

        assertThat(compilation.diagnostics()).extracting(d -> Path.of(d.file()).getFileName() + ":" + d.line() + " " + d.code())
                .containsExactly("client.parley:3 PRL0326", "common.parley:3 PRL0201");
        Diagnostic duplicate = compilation.diagnostics().get(1);
        assertThat(duplicate.message()).isEqualTo("duplicate lexicon 'greeting': lexicon 'greeting' is already declared on line 4");
        assertThat(duplicate.sourceLine()).isEqualTo("lexicon greeting = [\"您好\"]");
    }

    @Test
    void includedFilesIncludeOthersAndEachLevelReplacesWhatItExtends(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("industry"));
        Files.writeString(dir.resolve("industry/base.parley"), """
                template "base" version 1 language zh
                lexicon greeting = ["您好"]
                lexicon forbidden = ["不知道"]
                rule no_greeting "未问候": not agent says any greeting within first 2 agent turns
                rule forbidden_phrase "禁用语": agent says any forbidden
                scorecard standard base 100:
                  no_greeting -5
                  forbidden_phrase -10
                """);
        // Found relative to its own folder, not the client's.
        Files.writeString(dir.resolve("industry/retail.parley"), """
                template "retail" version 1 language zh
                extends "base.parley"
                lexicon forbidden = ["不知道", "自己看"]
                scorecard retail base 100:
                  forbidden_phrase -15
                """);
        Path client = Files.writeString(dir.resolve("client.parley"), """
                template "client" version 1 language zh
                extends "industry/retail.parley"
                lexicon greeting = ["亲"]
                scorecard client base 100:
                  no_greeting -20
                """);
        RuleSetCompiler.Compilation compilation = new ParleyRuleSetCompiler().compile(client.toString(), Files.readString(client));
        assertThat(compilation.diagnostics()).as(compilation.render()).isEmpty();

        assertThat(compilation.definition().lexicons()).extracting(l -> l.name() + " " + l.terms())
                .containsExactly("greeting [亲]", "forbidden [不知道, 自己看]");
        assertThat(compilation.definition().scorecard().items()).extracting(item -> item.rule() + " " + item.points())
                .containsExactly("no_greeting -20.0", "forbidden_phrase -15.0");
        try (RuleSetEvaluator evaluator = RuleSetEvaluator.compile(compilation.definition())) {
            EvaluationResult result = evaluator.evaluate(dialogue("c:在吗", "a:您好，自己看"));
            assertThat(result.hits()).extracting(Hit::rule).containsExactly("no_greeting", "forbidden_phrase");
            assertThat(result.score().value()).isEqualTo(65);
        }
    }

    @Test
    void aFileThatIncludesItselfThroughOthersIsACycleNamedWithItsChain(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("b.parley"), """
                template "b" version 1 language zh
                import "a.parley"
                lexicon greeting = ["您好"]
                """);
        Path a = Files.writeString(dir.resolve("a.parley"), """
                template "a" version 1 language zh
                import "b.parley"
                rule greets: agent says any greeting
                """);
        RuleSetCompiler.Compilation compilation = new ParleyRuleSetCompiler().compile(a.toString(), Files.readString(a));

        assertThat(compilation.diagnostics()).singleElement().satisfies(diagnostic -> {
            assertThat(diagnostic.code()).isEqualTo("PRL0330");
            assertThat(diagnostic.file()).isEqualTo(dir.resolve("b.parley").toString());
            assertThat(diagnostic.line()).isEqualTo(2);
            assertThat(diagnostic.message()).isEqualTo("files include each other: " + a + " → " + dir.resolve("b.parley")
                    + " → " + a);
        });
        assertThat(compilation.definition()).isNull();
    }
}
