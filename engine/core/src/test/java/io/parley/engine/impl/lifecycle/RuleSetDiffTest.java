package io.parley.engine.impl.lifecycle;

import io.parley.engine.api.RuleSetRef;
import io.parley.engine.api.ruleset.LexiconDefinition;
import io.parley.engine.api.ruleset.PatternDefinition;
import io.parley.engine.api.ruleset.RuleDefinition;
import io.parley.engine.api.ruleset.RuleSetDefinition;
import io.parley.engine.api.ruleset.ScorecardDefinition;
import io.parley.engine.api.ruleset.ScorecardDefinition.GradeBand;
import io.parley.engine.api.ruleset.ScorecardDefinition.Item;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class RuleSetDiffTest {
    private static final String DRL_V1 = """
            package rules;
            rule "greeting"
            when
                not TurnFact(role == "agent")
            then
                hits.hit("greeting", kcontext.getMatch().getObjects().toArray());
            end

            rule "forbidden"
            when
                s : SignalFact(name == "forbidden")
            then
                hits.hit("forbidden", kcontext.getMatch().getObjects().toArray());
            end
            """;

    private static RuleSetDefinition v1() {
        return new RuleSetDefinition(new RuleSetRef("shop", 1), "zh",
                List.of(new LexiconDefinition("forbidden", List.of("不知道", "没办法")), new LexiconDefinition("greeting", List.of("您好"))),
                List.of(new PatternDefinition("order_no", "\\d{12}")),
                List.of(new RuleDefinition("greeting", "问候", "minor", List.of("开场")),
                        new RuleDefinition("forbidden", "禁语", "major", List.of())),
                DRL_V1,
                new ScorecardDefinition("quality", 100, List.of(new Item("greeting", -5, false), new Item("forbidden", -20, false)),
                        List.of(new GradeBand("A", 90), new GradeBand("B", 0))));
    }

    @Test
    void identicalVersionsDifferInNothing() {
        RuleSetDiff diff = RuleSetDiff.between(v1(), v1());

        assertThat(diff.isEmpty()).isTrue();
        assertThat(diff.from()).isEqualTo(new RuleSetRef("shop", 1));
    }

    @Test
    void namesEachChangedFieldOfEachRuleAndTheTermsOfEachLexicon() {
        String drl = DRL_V1.replace("SignalFact(name == \"forbidden\")", "SignalFact(name == \"forbidden\", role == \"agent\")")
                + """

                rule "abuse"
                when
                    SignalFact(name == "abuse")
                then
                    hits.hit("abuse", kcontext.getMatch().getObjects().toArray());
                end
                """;
        RuleSetDefinition v2 = new RuleSetDefinition(new RuleSetRef("shop", 2), "zh",
                List.of(new LexiconDefinition("forbidden", List.of("不知道", "爱买不买")), new LexiconDefinition("abuse", List.of("滚"))),
                List.of(new PatternDefinition("order_no", "\\d{12,20}")),
                List.of(new RuleDefinition("greeting", "开场问候", "minor", List.of("开场")),
                        new RuleDefinition("forbidden", "禁语", "critical", List.of("红线")),
                        new RuleDefinition("abuse", "辱骂", "critical", List.of())),
                drl,
                new ScorecardDefinition("quality", 95, List.of(new Item("greeting", -5, false), new Item("forbidden", 0, true),
                        new Item("abuse", -30, false)), List.of(new GradeBand("A", 85), new GradeBand("B", 0))));

        RuleSetDiff diff = RuleSetDiff.between(v1(), v2);

        assertThat(diff.rulesAdded()).containsExactly("abuse");
        assertThat(diff.rulesRemoved()).isEmpty();
        assertThat(diff.rulesChanged()).extracting(RuleSetDiff.RuleChange::rule).containsExactly("greeting", "forbidden");
        assertThat(diff.rulesChanged().get(0).changes()).containsExactly(new RuleSetDiff.Change("title", "问候", "开场问候"));
        assertThat(diff.rulesChanged().get(1).changes()).extracting(RuleSetDiff.Change::field, RuleSetDiff.Change::from, RuleSetDiff.Change::to)
                .containsExactly(
                        tuple("condition", "s : SignalFact(name == \"forbidden\")",
                                "s : SignalFact(name == \"forbidden\", role == \"agent\")"),
                        tuple("severity", "major", "critical"),
                        tuple("tags", List.of(), List.of("红线")),
                        tuple("weight", "-20", "veto"));
        assertThat(diff.lexiconsAdded()).containsExactly("abuse");
        assertThat(diff.lexiconsRemoved()).containsExactly("greeting");
        assertThat(diff.lexiconsChanged()).containsExactly(
                new RuleSetDiff.LexiconChange("forbidden", List.of("爱买不买"), List.of("没办法")));
        assertThat(diff.patternsChanged()).containsExactly(new RuleSetDiff.Change("order_no", "\\d{12}", "\\d{12,20}"));
        assertThat(diff.scorecardChanged()).containsExactly(new RuleSetDiff.Change("base", 100.0, 95.0),
                new RuleSetDiff.Change("grades", "A >= 90, B >= 0", "A >= 85, B >= 0"));
    }

    @Test
    void aRemovedRuleIsNamedAndItsWeightGoesWithIt() {
        RuleSetDefinition old = v1();
        RuleSetDefinition v2 = new RuleSetDefinition(new RuleSetRef("shop", 2), "zh", old.lexicons(), old.patterns(),
                List.of(old.rules().get(1)), DRL_V1.substring(DRL_V1.indexOf("rule \"forbidden\"")),
                new ScorecardDefinition("quality", 100, List.of(new Item("forbidden", -20, false)), old.scorecard().grades()));

        RuleSetDiff diff = RuleSetDiff.between(old, v2);

        assertThat(diff.rulesRemoved()).containsExactly("greeting");
        assertThat(diff.rulesChanged()).isEmpty();
        assertThat(diff.isEmpty()).isFalse();
    }

    @Test
    void readsTheConditionOfEachDrlRuleByName() {
        Map<String, String> conditions = RuleSetDiff.conditions(DRL_V1);

        assertThat(conditions).containsExactly(Map.entry("greeting", "not TurnFact(role == \"agent\")"),
                Map.entry("forbidden", "s : SignalFact(name == \"forbidden\")"));
    }
}
