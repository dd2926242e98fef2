package io.parley.plugins.sentiment;

import io.parley.engine.api.Dialogue;
import io.parley.engine.api.EvaluationResult;
import io.parley.engine.api.Evidence;
import io.parley.engine.api.Hit;
import io.parley.engine.impl.evaluate.RuleSetEvaluator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Issue 4's acceptance dialogues, through a real rule file compiled by the DSL and evaluated by
 * the engine with the bundled head in ONNX Runtime and bge-small-zh: bitter thanks come out
 * negative, sincere thanks after a solved problem positive.
 */
class SarcasmEndToEndTest {
    private static RuleSetEvaluator evaluator;

    @BeforeAll
    static void compile() throws IOException {
        String source;
        try (InputStream in = SarcasmEndToEndTest.class.getResourceAsStream("sarcasm.parley")) {
            source = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        evaluator = RuleFiles.evaluator("sarcasm.parley", source);
    }

    @AfterAll
    static void close() {
        evaluator.close();
    }

    @Test
    void thanksAfterThreeUnansweredQuestionsAndAFourMinuteWaitIsSarcasm() {
        assertBitter(AcceptanceDialogues.NEGLECTED_THANKS, 3);
    }

    @Test
    void thanksForWastingMyTimeIsSarcasm() {
        assertBitter(AcceptanceDialogues.TIME_WASTED_THANKS, 6);
    }

    @Test
    void politeWordsAroundAComplaintAreNotThanks() {
        assertBitter(AcceptanceDialogues.POLITE_COMPLAINT, 2);
    }

    @Test
    void thanksAfterASolvedProblemIsSincere() {
        assertSincere(AcceptanceDialogues.SOLVED_THANKS, 4);
    }

    @Test
    void thanksAfterARefundIsSincere() {
        assertSincere(AcceptanceDialogues.REFUND_THANKS, 2);
    }

    private static void assertBitter(Dialogue dialogue, int thanksTurn) {
        EvaluationResult result = evaluator.evaluate(dialogue);
        assertThat(sentimentTurns(result, dialogue, "sarcastic_thanks")).as(describe(result)).contains(thanksTurn);
        assertThat(sentimentTurns(result, dialogue, "sincere_thanks")).as(describe(result)).doesNotContain(thanksTurn);
        assertThat(rules(result)).as(describe(result)).contains("unhappy_customer", "churn_risk");
    }

    private static void assertSincere(Dialogue dialogue, int thanksTurn) {
        EvaluationResult result = evaluator.evaluate(dialogue);
        assertThat(sentimentTurns(result, dialogue, "sincere_thanks")).as(describe(result)).contains(thanksTurn);
        assertThat(sentimentTurns(result, dialogue, "sarcastic_thanks")).as(describe(result)).doesNotContain(thanksTurn);
        assertThat(rules(result)).as(describe(result)).doesNotContain("unhappy_customer", "churn_risk");
    }

    private static List<String> rules(EvaluationResult result) {
        return result.hits().stream().map(Hit::rule).toList();
    }

    /**
     * The turns of the rule's evidence that come from a sentiment signal, which spans its whole
     * turn (the thanks lexicon's evidence is only the word, and no test turn is a bare thanks).
     */
    private static List<Integer> sentimentTurns(EvaluationResult result, Dialogue dialogue, String rule) {
        Optional<Hit> hit = result.hits().stream().filter(h -> h.rule().equals(rule)).findFirst();
        return hit.map(h -> h.evidence().stream().filter(e -> e.text().equals(dialogue.turns().get(e.turn()).text()))
                .map(Evidence::turn).distinct().toList()).orElse(List.of());
    }

    private static String describe(EvaluationResult result) {
        StringBuilder out = new StringBuilder("hits:");
        result.hits().forEach(hit -> out.append("\n  ").append(hit.rule()).append(" ").append(hit.evidence())
                .append(" confidence ").append(hit.confidence()));
        return out.toString();
    }
}
