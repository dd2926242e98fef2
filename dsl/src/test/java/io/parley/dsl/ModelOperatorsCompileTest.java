package io.parley.dsl;

import io.parley.engine.api.ruleset.CheckpointDefinition;
import io.parley.engine.api.ruleset.OperatorBinding;
import io.parley.engine.api.ruleset.PatternDefinition;
import io.parley.engine.api.ruleset.PluginBinding;
import io.parley.engine.api.ruleset.RuleSetDefinition;
import io.parley.engine.api.ruleset.ScorecardDefinition;
import io.parley.engine.impl.evaluate.RuleSetCompilationException;
import io.parley.engine.impl.evaluate.RuleSetEvaluator;
import io.parley.engine.spi.RuleSetCompiler;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The shape of what the compiler hands the runtime for intents, similarity and sentiment (plugins
 * that are not on this module's classpath), entities, checkpoints and sectioned scorecards.
 */
class ModelOperatorsCompileTest {
    private static final String SOURCE = """
            template "models" version 2 language zh
            intent refund examples ["我要退款", "怎么退货"] threshold 0.8
            intent thanks examples ["谢谢"]
            entity phone
            entity coupon = /YHQ\\d{6}/
            rule refund_asked: customer says intent refund
            rule too_expensive: customer says similar to ["太贵了", "有点贵"] above 0.75
            rule angry: customer sentiment negative above 0.7 and customer sentiment angry
            rule thanked severity info: customer says intent thanks
            rule phone: agent mentions entity phone or agent mentions entity coupon
            checkpoint ask_order "核实订单号" applies when refund_asked_signal: agent says "订单号"
            signal refund_asked_signal = customer says intent refund
            scorecard s base 100 floor 10:
              refund_asked -5
              section care "关怀" weight 2 cap 40:
                too_expensive -10
                angry veto to 50
              section process weight 1:
                ask_order -20
                phone -5
              grades 一级 >= 80, 二级 >= 0
            """;

    private static RuleSetDefinition compile() {
        RuleSetCompiler.Compilation compilation = new ParleyRuleSetCompiler().compile("models.parley", SOURCE);
        assertThat(compilation.diagnostics()).as(compilation.render()).isEmpty();
        return compilation.definition();
    }

    @Test
    void intentsSimilarityAndSentimentCompileToPluginOperators() {
        RuleSetDefinition definition = compile();

        assertThat(definition.operators()).containsExactly(
                new OperatorBinding("refund", new PluginBinding("intent",
                        Map.of("examples", List.of("我要退款", "怎么退货"), "threshold", 0.8), "models.parley:2:8")),
                new OperatorBinding("thanks", new PluginBinding("intent",
                        Map.of("examples", List.of("谢谢")), "models.parley:3:8")),
                new OperatorBinding("too_expensive#1", new PluginBinding("similarity",
                        Map.of("examples", List.of("太贵了", "有点贵"), "threshold", 0.75), "models.parley:7:35")),
                new OperatorBinding("angry#1", new PluginBinding("sentiment",
                        Map.of("label", "negative", "threshold", 0.7), "models.parley:8:32")),
                new OperatorBinding("angry#2", new PluginBinding("sentiment",
                        Map.of("label", "angry"), "models.parley:8:74")));
        assertThat(definition.drl())
                .contains("SignalFact(name == \"refund\", role == \"customer\")")
                .contains("SignalFact(name == \"too_expensive#1\", role == \"customer\", score >= 0.75)")
                .contains("SignalFact(name == \"angry#1\", role == \"customer\", score >= 0.7)");
    }

    @Test
    void entitiesAreNamedPatternsAndCheckpointsHaveTheirOwnRules() {
        RuleSetDefinition definition = compile();

        assertThat(definition.patterns()).extracting(PatternDefinition::name).containsExactly("phone", "coupon");
        assertThat(definition.patterns().get(1).regex()).isEqualTo("YHQ\\d{6}");
        assertThat(definition.checkpoints()).containsExactly(
                new CheckpointDefinition("ask_order", "核实订单号", "minor", List.of(), true));
        assertThat(definition.drl()).contains("rule \"ask_order\"").contains("rule \"ask_order#applies\"");
        assertThat(definition.rules()).extracting(r -> r.id() + " " + r.title()).containsExactly("refund_asked refund_asked",
                "too_expensive too_expensive", "angry angry", "thanked thanked", "phone phone", "ask_order 核实订单号");
    }

    @Test
    void sectionsCarryWeightsCapsAndTheFloor() {
        ScorecardDefinition card = compile().scorecard();

        assertThat(card.floor()).isEqualTo(10);
        assertThat(card.sections()).containsExactly(new ScorecardDefinition.Section("care", "关怀", 2.0, 40.0),
                new ScorecardDefinition.Section("process", "process", 1.0, null));
        assertThat(card.items()).containsExactly(
                new ScorecardDefinition.Item("refund_asked", -5, false, null, null),
                new ScorecardDefinition.Item("too_expensive", -10, false, null, "care"),
                new ScorecardDefinition.Item("angry", 0, true, 50.0, "care"),
                new ScorecardDefinition.Item("ask_order", -20, false, null, "process"),
                new ScorecardDefinition.Item("phone", -5, false, null, "process"));
    }

    @Test
    void theEngineReportsTheMissingModelPluginsWhenItLoadsTheRuleSet() {
        assertThatThrownBy(() -> RuleSetEvaluator.compile(compile()))
                .isInstanceOf(RuleSetCompilationException.class)
                .hasMessageContaining("intent")
                .hasMessageContaining("similarity")
                .hasMessageContaining("sentiment");
    }
}
