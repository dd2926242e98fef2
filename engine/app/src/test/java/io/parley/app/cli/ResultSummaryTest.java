package io.parley.app.cli;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.parley.app.server.RuleSetLoader;
import io.parley.engine.api.Dialogue;
import io.parley.engine.api.EvaluationResult;
import io.parley.engine.api.Turn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class ResultSummaryTest {
    /** Grade names in an order no sort of names gives: 不合格 < 优秀 < 合格 < 良好 by code point. */
    private static final String RULES = """
            template "graded" version 1 language zh
            lexicon rude = ["不知道"]
            lexicon stalling = ["等一下"]
            rule rude "禁语" severity major:
              agent says any rude
            rule stalling "拖延" severity minor:
              agent says any stalling
            scorecard quality base 100:
              rude     -45
              stalling -15
              grades 优秀 >= 90, 良好 >= 80, 合格 >= 60, 不合格 >= 0
            test "rude on the second turn" {
              dialogue {
                customer: "在吗"
                agent: "不知道"
              }
              expect hit rude on turn 2
            }
            """;

    private final RuleSetLoader.Loaded ruleset = new RuleSetLoader(System.err, new SimpleMeterRegistry())
            .compile("test", "graded.parley", RULES);
    private final Map<String, Dialogue> dialogues = new HashMap<>();

    @AfterEach
    void close() {
        ruleset.evaluator().close();
    }

    @Test
    void gradesAreCountedInTheScorecardsBandOrderBestFirst() {
        ResultSummary summary = new ResultSummary(ruleset.definition());
        summary.add(evaluate("d-1", "不知道，等一下"));  // 40 不合格
        summary.add(evaluate("d-2", "好的"));            // 100 优秀
        summary.add(evaluate("d-3", "等一下"));          // 85 良好
        summary.add(evaluate("d-4", "不知道"));          // 55 不合格
        summary.add(evaluate("d-5", "好的，马上"));       // 100 优秀

        assertThat(print(summary)).contains("(grades: 优秀 2 良好 1 不合格 2)");
    }

    @Test
    void turnsAreNumberedFromOneAsRuleFileTestsNumberThem() {
        ResultSummary summary = new ResultSummary(ruleset.definition());
        EvaluationResult result = evaluate("d-1", "不知道");
        summary.add(result);

        assertThat(result.hits().getFirst().evidence().getFirst().turn()).as("the index in the JSON").isEqualTo(1);
        assertThat(print(summary)).contains("        turn 2 agent: 【不知道】\n");
        assertThat(RuleFileTests.run(ruleset.definition().tests(), ruleset.evaluator()))
                .as("expect hit rude on turn 2, the same dialogue").allMatch(RuleFileTests.Outcome::passed).hasSize(1);
    }

    private EvaluationResult evaluate(String id, String agentText) {
        Dialogue dialogue = new Dialogue(id, "im", null, null, null, null,
                List.of(new Turn("customer", "在吗"), new Turn("agent", agentText)), null, null);
        dialogues.put(id, dialogue);
        return ruleset.evaluator().evaluate(dialogue);
    }

    private String print(ResultSummary summary) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        summary.print(new PrintStream(bytes, true, StandardCharsets.UTF_8), id -> Optional.ofNullable(dialogues.get(id)));
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
