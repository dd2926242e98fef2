package io.parley.app.bench;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.parley.app.server.RuleSetLoader;
import io.parley.engine.api.Dialogue;
import io.parley.engine.api.EvaluationResult;
import io.parley.engine.api.Hit;
import io.parley.engine.api.RuleSetRef;
import io.parley.engine.api.ruleset.RuleSetDefinition;
import io.parley.engine.impl.evaluate.ConstraintCompilation;
import io.parley.engine.impl.evaluate.RuleSetEvaluator;
import io.parley.engine.impl.plugin.PluginRegistry;
import org.junit.jupiter.api.Test;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The benchmark's two versions of one generated rule set must mean the same, or the ratio means nothing. */
class GeneratedRuleSetTest {

    @Test
    void theParleyTemplateAndItsTextDrlFindTheSameHits() {
        GeneratedRuleSet generated = GeneratedRuleSet.of(40, 7);
        RuleSetLoader loader = new RuleSetLoader(new PrintStream(OutputStream.nullOutputStream()), new SimpleMeterRegistry());
        RuleSetLoader.Loaded parley = loader.compile("generated", "generated.parley", generated.parley());
        RuleSetDefinition definition = parley.definition();
        try (RuleSetEvaluator parleyRules = parley.evaluator();
             RuleSetEvaluator textRules = RuleSetEvaluator.compile(new RuleSetDefinition(new RuleSetRef("text", 1), "zh",
                     List.of(), List.of(), definition.rules(), generated.textDrl(), null),
                     PluginRegistry.installed(), new SimpleMeterRegistry(), ConstraintCompilation.JITTED)) {
            assertThat(definition.rules()).hasSize(40);
            assertThat(definition.lexicons()).hasSize(40);
            SyntheticDialogues dialogues = new SyntheticDialogues(1, definition.lexicons(), 20);
            int hits = 0;
            for (Dialogue dialogue : IntStream.range(0, 300).mapToObj(i -> dialogues.next("g-" + i)).toList()) {
                List<String> viaParley = rules(parleyRules.evaluate(dialogue));
                assertThat(rules(textRules.evaluate(dialogue))).as(dialogue.id()).isEqualTo(viaParley);
                hits += viaParley.size();
            }
            assertThat(hits).as("rules fire, or agreement would be trivial").isGreaterThan(300);
        }
    }

    private static List<String> rules(EvaluationResult result) {
        return result.hits().stream().map(Hit::rule).toList();
    }
}
