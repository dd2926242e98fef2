package io.parley.engine.impl.evaluate;

import io.parley.engine.api.CheckpointResult;
import io.parley.engine.api.CheckpointResult.Reason;
import io.parley.engine.api.CheckpointResult.Status;
import io.parley.engine.api.EvaluationResult;
import io.parley.engine.api.Evidence;
import io.parley.engine.api.Hit;
import io.parley.engine.api.RuleSetRef;
import io.parley.engine.api.ruleset.LexiconDefinition;
import io.parley.engine.api.ruleset.RuleDefinition;
import io.parley.engine.api.ruleset.RuleSetDefinition;
import io.parley.engine.api.ruleset.ScorecardDefinition;
import io.parley.engine.api.ruleset.SopDefinition;
import io.parley.engine.api.ruleset.StageDefinition;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.parley.engine.testing.Dialogues.dialogue;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * SOPs as the evaluator runs them from a hand-written definition: stage rules fire with evidence,
 * the evidence of the stage's role places it, and each stage is reported like a checkpoint.
 */
class SopEvaluationTest {
    private static final String DRL = """
            package parley.rules.sop;
            import io.parley.engine.api.facts.SignalFact;
            global io.parley.engine.api.facts.HitCollector hits;

            rule "greet"
            when
                $s : SignalFact(name == "greeting", role == "agent")
            then
                hits.hit("greet", $s);
            end

            // Evidence on both sides: the customer's question (anchor) and the agent's offer.
            rule "offer"
            when
                $ask : SignalFact(name == "question", role == "customer")
                $s : SignalFact(name == "offer", role == "agent", turn > $ask.turn)
            then
                hits.hit("offer", $ask, $s);
            end

            rule "rude"
            when
                $s : SignalFact(name == "rude", role == "agent")
            then
                hits.hit("rude", $s);
            end
            """;

    private static final RuleSetDefinition DEFINITION = new RuleSetDefinition(new RuleSetRef("sop", 1), "zh",
            List.of(new LexiconDefinition("greeting", List.of("您好")), new LexiconDefinition("offer", List.of("推荐")),
                    new LexiconDefinition("question", List.of("怎么样")), new LexiconDefinition("rude", List.of("不知道"))),
            List.of(), List.of(), List.of(new RuleDefinition("rude", "态度", "major", List.of()),
                    new RuleDefinition("greet", "问候", "minor", List.of()), new RuleDefinition("offer", "推荐", "minor", List.of())),
            DRL, new ScorecardDefinition("s", 100, List.of(new ScorecardDefinition.Item("greet", -10, false),
                    new ScorecardDefinition.Item("offer", -20, false)), List.of()),
            null, List.of(), List.of(), List.of(),
            List.of(new SopDefinition("presale", "售前", List.of(
                    new StageDefinition("greet", "问候", "minor", List.of(), "agent"),
                    new StageDefinition("offer", "推荐", "major", List.of("流程"), "agent")), false)));

    private static RuleSetEvaluator evaluator;

    @BeforeAll
    static void compile() {
        evaluator = RuleSetEvaluator.compile(DEFINITION);
    }

    @AfterAll
    static void close() {
        evaluator.close();
    }

    @Test
    void passedStagesAreNoHitsAndTheirEvidenceIsTheirRolesTurns() {
        EvaluationResult result = evaluator.evaluate(dialogue("d", "agent: 您好", "customer: 这款怎么样", "agent: 推荐这款"));

        assertThat(result.hits()).isEmpty();
        assertThat(result.checkpoints()).containsExactly(
                new CheckpointResult("greet", "问候", Status.PASSED, List.of(new Evidence(0, "agent", List.of(0, 2), "您好"))),
                // The customer's question is the anchor, not the stage: only the agent's turn remains.
                new CheckpointResult("offer", "推荐", Status.PASSED, List.of(new Evidence(2, "agent", List.of(0, 2), "推荐"))));
        assertThat(result.score().value()).isEqualTo(100);
    }

    @Test
    void failedStagesAreHitsInDefinitionOrderWithTheirReasonAndScored() {
        EvaluationResult result = evaluator.evaluate(dialogue("d", "customer: 这款怎么样", "agent: 推荐，不知道", "agent: 您好"));

        assertThat(result.checkpoints()).extracting(CheckpointResult::checkpoint, CheckpointResult::status, CheckpointResult::reason)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("greet", Status.FAILED, Reason.OUT_OF_ORDER),
                        org.assertj.core.groups.Tuple.tuple("offer", Status.PASSED, null));
        assertThat(result.hits()).extracting(Hit::rule).containsExactly("rude", "greet");
        assertThat(result.hits().get(1).evidence()).containsExactly(new Evidence(2, "agent", List.of(0, 2), "您好"));
        assertThat(result.score().value()).isEqualTo(90);
    }

    @Test
    void aStageWithoutEvidenceOfItsRoleIsMissing() {
        EvaluationResult result = evaluator.evaluate(dialogue("d", "customer: 您好", "agent: 您好"));

        assertThat(result.checkpoints()).extracting(CheckpointResult::reason).containsExactly(null, Reason.MISSING);
        Hit offer = result.hits().getFirst();
        assertThat(offer).isEqualTo(new Hit("offer", "推荐", "major", List.of("流程"), List.of(), 1.0));
        assertThat(result.score().value()).isEqualTo(80);
    }
}
