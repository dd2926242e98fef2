package io.parley.plugins.js;

import io.parley.engine.api.Dialogue;
import io.parley.engine.api.Evidence;
import io.parley.engine.api.Hit;
import io.parley.engine.api.Score;
import io.parley.engine.spi.plugin.ConfigOption;
import io.parley.engine.spi.plugin.PluginException;
import io.parley.engine.spi.plugin.PluginKind;
import io.parley.engine.spi.plugin.ScoringFunctionPlugin.ScoringFunction;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static io.parley.plugins.js.TestDialogues.dialogue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JsScoringFunctionPluginTest {
    private static final Dialogue DIALOGUE = dialogue("d-1", "在吗", "不知道", "谢谢");
    private static final List<Hit> HITS = List.of(
            new Hit("forbidden_phrase", "禁语", "major", List.of("服务态度"),
                    List.of(new Evidence(1, "agent", List.of(0, 3), "不知道")), 1.0),
            new Hit("slow_reply", "慢回复", "minor", List.of(), List.of(), 1.0));
    private static final Score STANDARD = new Score("presale", 80, "B",
            List.of(new Score.ScoreItem("forbidden_phrase", -15), new Score.ScoreItem("slow_reply", -5)), null);

    @Test
    void theFormulaComputesFromHitsAndTheStandardVerdict() {
        String source = "(dialogue, hits, standard) => standard.value - 10 * hits.filter(hit => hit.severity === 'major').length";

        assertThat(score(source)).isEqualTo(70.0);
    }

    @Test
    void theFormulaSeesTheAllowListedReadOnlyViews() {
        String source = """
                (dialogue, hits, standard) => {
                  const expected = {
                    hits: [{rule: 'forbidden_phrase', severity: 'major', tags: ['服务态度'],
                            evidence: [{turn: 1, role: 'agent', text: '不知道'}]},
                           {rule: 'slow_reply', severity: 'minor', tags: [], evidence: []}],
                    standard: {value: 80, grade: 'B', vetoedBy: null,
                               breakdown: [{item: 'forbidden_phrase', points: -15}, {item: 'slow_reply', points: -5}]},
                    turns: 3, signals: [], frozen: true
                  };
                  const actual = {hits, standard, turns: dialogue.turns.length, signals: dialogue.signals,
                                  frozen: [hits, hits[0], hits[0].evidence[0], standard, standard.breakdown].every(Object.isFrozen)};
                  if (JSON.stringify(actual) !== JSON.stringify(expected)) throw new Error(JSON.stringify(actual));
                  return 1;
                }""";

        assertThat(score(source)).isEqualTo(1.0);
    }

    @Test
    void aResultThatIsNotAFiniteNumberIsRefused() {
        assertThatThrownBy(() -> score("(d, hits, standard) => String(standard.value)"))
                .isInstanceOf(PluginException.class)
                .hasMessage("script 'score' at scorecard.parley:30:7: returned a string; a scoring function must return a finite number");
        assertThatThrownBy(() -> score("(d, hits, standard) => standard.value / 0"))
                .isInstanceOf(PluginException.class)
                .hasMessageContaining("returned the number Infinity; a scoring function must return a finite number");
        assertThatThrownBy(() -> score("(d, hits, standard) => undefined"))
                .isInstanceOf(PluginException.class)
                .hasMessageContaining("returned nothing (null or undefined)");
    }

    @Test
    void aRuntimeErrorPointsIntoTheRuleFile() {
        assertThatThrownBy(() -> score("(d, hits, standard) =>\n  hits[5].rule.length"))
                .isInstanceOfSatisfying(PluginException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo("script 'score' at scorecard.parley:31:3: TypeError: Cannot read property 'rule' of undefined");
                    assertThat(e.line()).isEqualTo(31);
                    assertThat(e.column()).isEqualTo(3);
                });
    }

    @Test
    void anOverrunIsStopped() {
        assertThatThrownBy(() -> score("(d, hits, standard) => { for (;;) {} }", ScriptConfig.MAX_TIMEOUT_MILLIS))
                .isInstanceOf(PluginException.class)
                .hasMessageEndingWith("stopped: executed more than its 100000-statement limit");
    }

    @Test
    void infoDescribesEveryOption() {
        var info = new JsScoringFunctionPlugin().info();

        assertThat(info.id()).isEqualTo("js");
        assertThat(info.kind()).isEqualTo(PluginKind.SCORING_FUNCTION);
        assertThat(info.config()).extracting(ConfigOption::name)
                .containsExactly("source", "file", "line", "column", "timeoutMillis", "statementLimit");
        assertThat(info.config()).allSatisfy(option -> assertThat(option.description()).isNotBlank());
    }

    private static double score(String source) {
        return score(source, ScriptConfig.DEFAULT_TIMEOUT_MILLIS);
    }

    private static double score(String source, int timeoutMillis) {
        try (ScoringFunction function = new JsScoringFunctionPlugin().prepare(
                Map.of("source", source, "line", 30, "column", 7, "timeoutMillis", timeoutMillis), "scorecard.parley:28:1")) {
            return function.score(DIALOGUE, HITS, STANDARD);
        }
    }
}
