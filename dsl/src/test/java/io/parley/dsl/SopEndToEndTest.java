package io.parley.dsl;

import io.parley.engine.api.CheckpointResult;
import io.parley.engine.api.CheckpointResult.Reason;
import io.parley.engine.api.CheckpointResult.Status;
import io.parley.engine.api.Dialogue;
import io.parley.engine.api.EvaluationResult;
import io.parley.engine.api.Evidence;
import io.parley.engine.api.Hit;
import io.parley.engine.api.Turn;
import io.parley.engine.api.ruleset.StageDefinition;
import io.parley.engine.api.ruleset.RuleSetDefinition;
import io.parley.engine.api.ruleset.RuleTest;
import io.parley.engine.api.ruleset.SopDefinition;
import io.parley.engine.impl.evaluate.RuleSetEvaluator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code stage} and {@code sop} declarations compiled and run on the engine's evaluator: each stage
 * recognised on its condition's evidence turns, the order read as the workflow's BPMN SOPs read it,
 * each stage reported like a checkpoint and a failed one scored like a failed checkpoint.
 */
class SopEndToEndTest {
    private static final String SOURCE = """
            template "sop" version 1 language zh
            lexicon greeting = ["您好", "亲"]
            lexicon needs = ["预算", "请问您"]
            lexicon offer = ["推荐", "这款"]
            signal customer_asks = customer says any ["多少钱", "怎么样"]

            stage greet "开场问候": agent says any greeting
            stage ask_needs "需求挖掘" severity major tags ["流程"]: agent says any needs
            stage recommend "产品推荐": agent says any offer within next 2 turns after customer_asks
              or agent says any offer within first 1 agent turns
            stage close "礼貌结束": agent says "再见"
            stage unused_stage: agent says "稍等"

            sop presale "售前流程": greet -> ask_needs -> recommend -> close

            scorecard service base 100:
              greet     -10
              ask_needs -20
              recommend -20
              close     -10
            """;

    private static RuleSetDefinition definition;
    private static RuleSetEvaluator evaluator;

    @BeforeAll
    static void compile() {
        var compilation = new ParleyRuleSetCompiler().compile("sop.parley", SOURCE);
        assertThat(compilation.hasErrors()).as(compilation.render()).isFalse();
        // The one warning: a stage no sop lists is never checked.
        assertThat(compilation.render()).contains("warning PRL0904: stage 'unused_stage' is in no sop, so it is never checked");
        assertThat(compilation.diagnostics()).hasSize(1);
        definition = compilation.definition();
        evaluator = RuleSetEvaluator.compile(definition);
    }

    @AfterAll
    static void close() {
        evaluator.close();
    }

    @Test
    void theSopListsItsStagesInOrderAndAStageInNoSopIsNotCompiled() {
        assertThat(definition.sops()).containsExactly(new SopDefinition("presale", "售前流程", List.of(
                new StageDefinition("greet", "开场问候", "minor", List.of(), "agent"),
                new StageDefinition("ask_needs", "需求挖掘", "major", List.of("流程"), "agent"),
                new StageDefinition("recommend", "产品推荐", "minor", List.of(), "agent"),
                new StageDefinition("close", "礼貌结束", "minor", List.of(), "agent")), false));
        assertThat(definition.drl()).contains("rule \"greet\"").doesNotContain("unused_stage");
        assertThat(definition.rules()).extracting(r -> r.id()).containsExactly("greet", "ask_needs", "recommend", "close");
    }

    @Test
    void aStageIsRecognisedOnTheTurnsOfItsConditionsRoleOrOfEveryRoleWhenItsPartsDisagree() {
        var compilation = new ParleyRuleSetCompiler().compile("roles.parley", """
                template "roles" version 1 language zh
                signal asks = customer says "怎么样"
                stage opened: agent says "您好" and customer says "在吗"
                stage talked: agent says "推荐" or customer says "好的"
                stage counted: asks at least 2 times
                sop flow: opened -> talked -> counted
                """);
        assertThat(compilation.diagnostics()).as(compilation.render()).isEmpty();

        assertThat(compilation.definition().sops().getFirst().stages())
                .extracting(StageDefinition::id, StageDefinition::role)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("opened", null),
                        org.assertj.core.groups.Tuple.tuple("talked", null),
                        org.assertj.core.groups.Tuple.tuple("counted", "customer"));
        // Inline lists of a stage are named after it, as a rule's are (a signal's after its user).
        assertThat(compilation.definition().lexicons()).extracting(l -> l.name())
                .containsExactly("opened#1", "opened#2", "talked#1", "talked#2", "counted#1");
    }

    @Test
    void aDialogueThatFollowsTheSopPassesEveryStageWithItsTurnsAsEvidence() {
        EvaluationResult result = evaluator.evaluate(dialogue(
                "a:亲，您好", "c:这个热水器怎么样", "a:请问您预算多少", "a:推荐这款", "c:好的", "a:再见"));

        assertThat(statuses(result)).containsExactly("greet passed", "ask_needs passed", "recommend passed", "close passed");
        assertThat(result.hits()).isEmpty();
        assertThat(result.score().value()).isEqualTo(100);
        assertThat(turns(result.checkpoints().get(1))).containsExactly(2);
        // The window's anchor (the customer's question, turn 1) does not place the stage: its role is the target's.
        assertThat(turns(result.checkpoints().get(2))).containsExactly(3);
    }

    @Test
    void aMissingStageFailsWithoutEvidenceAndCostsItsPoints() {
        EvaluationResult result = evaluator.evaluate(dialogue("a:您好", "c:这个怎么样", "a:推荐这款", "a:再见"));

        assertThat(statuses(result)).containsExactly("greet passed", "ask_needs missing", "recommend passed", "close passed");
        Hit hit = result.hits().getFirst();
        assertThat(hit.rule()).isEqualTo("ask_needs");
        assertThat(hit.title()).isEqualTo("需求挖掘");
        assertThat(hit.severity()).isEqualTo("major");
        assertThat(hit.tags()).containsExactly("流程");
        assertThat(hit.evidence()).isEmpty();
        assertThat(result.score().value()).isEqualTo(80);
    }

    @Test
    void aFailedStageSaysWhyInJsonAndACheckpointSaysNothingOfReasons() throws Exception {
        EvaluationResult result = evaluator.evaluate(dialogue("a:您好", "c:这个怎么样", "a:推荐这款", "a:再见"));
        var json = io.parley.engine.api.json.ParleyJson.mapper();

        assertThat(json.writeValueAsString(result.checkpoints().get(1))).isEqualTo(
                "{\"checkpoint\":\"ask_needs\",\"title\":\"需求挖掘\",\"status\":\"failed\",\"evidence\":[],\"reason\":\"missing\"}");
        assertThat(json.writeValueAsString(new CheckpointResult("c", "c", Status.PASSED, List.of())))
                .isEqualTo("{\"checkpoint\":\"c\",\"title\":\"c\",\"status\":\"passed\",\"evidence\":[]}");
        assertThat(json.readValue(json.writeValueAsString(result), EvaluationResult.class).checkpoints())
                .isEqualTo(result.checkpoints());
    }

    @Test
    void aStageFirstSeenAfterALaterStageIsOutOfOrderWithItsTurns() {
        EvaluationResult result = evaluator.evaluate(dialogue(
                "a:您好，推荐这款", "c:贵吗", "a:请问您预算多少", "a:再见"));

        assertThat(statuses(result)).containsExactly("greet passed", "ask_needs out_of_order", "recommend passed",
                "close passed");
        assertThat(result.hits()).extracting(Hit::rule).containsExactly("ask_needs");
        assertThat(result.hits().getFirst().evidence()).extracting(Evidence::turn).containsOnly(2);
        assertThat(result.score().value()).isEqualTo(80);
    }

    @Test
    void aRepeatedStageStillPasses() {
        EvaluationResult result = evaluator.evaluate(dialogue(
                "a:您好", "a:请问您预算", "c:这个怎么样", "a:推荐这款", "a:亲，再见"));

        assertThat(statuses(result)).containsExactly("greet passed", "ask_needs passed", "recommend passed", "close passed");
        assertThat(turns(result.checkpoints().getFirst())).containsExactly(0, 4);
    }

    @Test
    void aTurnMayShowSeveralStages() {
        EvaluationResult result = evaluator.evaluate(dialogue("a:您好，请问您预算多少", "c:这个怎么样", "a:推荐这款，再见"));

        assertThat(statuses(result)).containsExactly("greet passed", "ask_needs passed", "recommend passed", "close passed");
    }

    @Test
    void anEmptyDialogueOrOneWithoutAgentTurnsMissesEveryStage() {
        List<String> allMissing = List.of("greet missing", "ask_needs missing", "recommend missing", "close missing");
        EvaluationResult empty = evaluator.evaluate(dialogue());
        EvaluationResult customerOnly = evaluator.evaluate(dialogue("c:您好", "c:请问您在吗", "c:再见"));

        assertThat(statuses(empty)).isEqualTo(allMissing);
        assertThat(statuses(customerOnly)).isEqualTo(allMissing);
        assertThat(customerOnly.score().value()).isEqualTo(40);
        assertThat(customerOnly.hits()).extracting(Hit::rule).containsExactly("greet", "ask_needs", "recommend", "close");
    }

    @Test
    void aSopThatDoesNotApplyLeavesEveryStageNotApplicableAndOutOfTheScore() {
        String source = """
                template "conditional" version 1 language zh
                stage greet: agent says "您好"
                stage offer: agent says "推荐"
                sop presale applies when customer says any ["怎么样", "多少钱"]: greet -> offer
                scorecard s base 100:
                  section flow weight 1:
                    greet -10
                    offer -10
                """;
        var compilation = new ParleyRuleSetCompiler().compile("conditional.parley", source);
        assertThat(compilation.diagnostics()).as(compilation.render()).isEmpty();
        assertThat(compilation.definition().sops().getFirst().conditional()).isTrue();
        assertThat(compilation.definition().drl()).contains("rule \"presale#applies\"");
        try (RuleSetEvaluator conditional = RuleSetEvaluator.compile(compilation.definition())) {
            EvaluationResult afterSale = conditional.evaluate(dialogue("c:我要退货", "a:好的"));
            EvaluationResult presale = conditional.evaluate(dialogue("c:这个怎么样", "a:推荐这款", "a:您好"));

            assertThat(statuses(afterSale)).containsExactly("greet not_applicable", "offer not_applicable");
            assertThat(afterSale.hits()).isEmpty();
            assertThat(afterSale.score().value()).isEqualTo(100);
            assertThat(statuses(presale)).containsExactly("greet out_of_order", "offer passed");
            assertThat(presale.score().value()).isEqualTo(50);
        }
    }

    @Test
    void testsExpectStagesByWhatTheyCameTo() {
        String source = SOURCE.replace("stage unused_stage: agent says \"稍等\"\n", "") + """
                test "skips the needs" {
                  dialogue {
                    agent: "您好，推荐这款"
                    agent: "请问您预算多少"
                  }
                  expect stage greet passed
                  expect stage ask_needs out of order
                  expect stage close missing
                  expect hit close
                }
                """;
        var compilation = new ParleyRuleSetCompiler().compile("tested.parley", source);
        assertThat(compilation.diagnostics()).as(compilation.render()).isEmpty();

        RuleTest test = compilation.definition().tests().getFirst();
        assertThat(test.expectations()).containsExactly(
                new RuleTest.Expectation.Stage("greet", null, "tested.parley:25:3"),
                new RuleTest.Expectation.Stage("ask_needs", Reason.OUT_OF_ORDER, "tested.parley:26:3"),
                new RuleTest.Expectation.Stage("close", Reason.MISSING, "tested.parley:27:3"),
                new RuleTest.Expectation.Hit("close", true, null, "tested.parley:28:3"));
        try (RuleSetEvaluator tested = RuleSetEvaluator.compile(compilation.definition())) {
            EvaluationResult result = tested.evaluate(test.dialogue());
            for (RuleTest.Expectation expectation : test.expectations().subList(0, 3)) {
                RuleTest.Expectation.Stage stage = (RuleTest.Expectation.Stage) expectation;
                assertThat(result.checkpoints()).as(stage.toString()).anyMatch(stage::matches);
            }
            // A stage expectation fails on any other outcome.
            assertThat(result.checkpoints()).noneMatch(new RuleTest.Expectation.Stage("ask_needs", Reason.MISSING, "x")::matches);
            assertThat(result.checkpoints()).noneMatch(new RuleTest.Expectation.Stage("close", null, "x")::matches);
        }
    }

    private static List<String> statuses(EvaluationResult result) {
        return result.checkpoints().stream()
                .map(c -> c.checkpoint() + " " + (c.reason() == null ? c.status().name() : c.reason().name()).toLowerCase())
                .toList();
    }

    private static List<Integer> turns(CheckpointResult result) {
        return result.evidence().stream().map(Evidence::turn).distinct().sorted().toList();
    }

    private static Dialogue dialogue(String... turns) {
        List<Turn> parsed = new ArrayList<>();
        for (String turn : turns) {
            parsed.add(new Turn(turn.startsWith("a:") ? "agent" : "customer", turn.substring(2)));
        }
        return new Dialogue("d-1", "im", null, null, null, List.of(), parsed, null, null);
    }
}
