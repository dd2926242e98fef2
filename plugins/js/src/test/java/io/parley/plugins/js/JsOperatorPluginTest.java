package io.parley.plugins.js;

import io.parley.engine.api.Dialogue;
import io.parley.engine.api.facts.SignalFact;
import io.parley.engine.spi.plugin.ConfigOption;
import io.parley.engine.spi.plugin.OperatorPlugin.PreparedOperator;
import io.parley.engine.spi.plugin.PluginException;
import io.parley.engine.spi.plugin.PluginKind;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static io.parley.plugins.js.TestDialogues.annotate;
import static io.parley.plugins.js.TestDialogues.dialogue;
import static io.parley.plugins.js.TestDialogues.prepare;
import static io.parley.plugins.js.TestDialogues.run;
import static io.parley.plugins.js.TestDialogues.use;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

class JsOperatorPluginTest {
    private static final Dialogue THANKS = dialogue("d-1", "这个热水器能装在卫生间吗", "亲，可以的哦", "谢谢你", "不客气");

    @Test
    void trueGivesOneWholeTurnSignalPerMatchingTurn() {
        List<SignalFact> signals = run("(dialogue, turn) => turn.role === 'customer' && turn.text.includes('谢谢')", THANKS);

        assertThat(signals).extracting(SignalFact::getKind, SignalFact::getName, SignalFact::getTerm, SignalFact::getTurn,
                        SignalFact::getRole, SignalFact::getRoleIndex, SignalFact::getStart, SignalFact::getEnd, SignalFact::getText)
                .containsExactly(tuple("script", "probe", "probe", 2, "customer", 1, 0, 3, "谢谢你"));
    }

    @Test
    void spansGiveOneSignalEachWithTheSpannedText() {
        String source = """
                (dialogue, turn) => {
                  const spans = [];
                  for (const match of turn.text.matchAll(/亲|谢谢/g)) {
                    spans.push({start: match.index, end: match.index + match[0].length});
                  }
                  return spans;
                }""";

        assertThat(run(source, THANKS)).extracting(SignalFact::getTurn, SignalFact::getStart, SignalFact::getEnd, SignalFact::getText)
                .containsExactly(tuple(1, 0, 1, "亲"), tuple(2, 0, 2, "谢谢"));
    }

    @Test
    void falsyResultsGiveNoSignal() {
        assertThat(run("(d, t) => [false, null, undefined, 0, []][t.index]", dialogue("d", "a", "b", "c", "d", "e"))).isEmpty();
    }

    @Test
    void aNonZeroNumberGivesAWholeTurnSignal() {
        assertThat(run("(d, t) => t.text.indexOf('谢') + 1", THANKS)).extracting(SignalFact::getTurn).containsExactly(2);
    }

    @Test
    void nanIsRefusedAsABug() {
        assertThatThrownBy(() -> run("(d, t) => t.text.length / 0 - Infinity", THANKS))
                .isInstanceOf(PluginException.class)
                .hasMessage("script 'probe' at rules.parley:1:1: returned NaN; return true/false, a number, or an array of {start, end} (turn 1)");
    }

    @Test
    void aSpanOutsideTheTurnIsRefused() {
        assertThatThrownBy(() -> run("(d, t) => [{start: 1, end: 99}]", THANKS))
                .isInstanceOf(PluginException.class)
                .hasMessageContaining("span 0 ({start: 1, end: 99}) is not {start, end} with 0 <= start <= end <= 12")
                .hasMessageEndingWith("(turn 1)");
    }

    @Test
    void otherResultsAreRefused() {
        assertThatThrownBy(() -> run("(d, t) => t.text", THANKS))
                .isInstanceOf(PluginException.class)
                .hasMessageContaining("returned a string; return true/false, a number, or an array of {start, end}");
        assertThatThrownBy(() -> run("async (d, t) => true", THANKS))
                .isInstanceOf(PluginException.class)
                .hasMessageContaining("returned Promise");
    }

    @Test
    void theScriptSeesTheAllowListedReadOnlyViewAndEarlierSignals() {
        String source = """
                (dialogue, turn) => {
                  const check = (what, actual, expected) => {
                    if (JSON.stringify(actual) !== JSON.stringify(expected)) throw new Error(what + ' was ' + JSON.stringify(actual));
                  };
                  check('dialogue keys', Object.keys(dialogue), ['id', 'channel', 'turns', 'attributes', 'outcome', 'signals']);
                  check('turn keys', Object.keys(turn), ['index', 'role', 'text', 'at', 'end', 'atMillis', 'endMillis']);
                  check('id', dialogue.id, 'd-1');
                  check('attributes', dialogue.attributes, {shop: 'wanhe-flagship'});
                  check('outcome', dialogue.outcome, {converted: false, satisfaction: 2});
                  check('at', dialogue.turns[1].at, '2026-11-11T10:00:10+08:00');
                  check('atMillis', dialogue.turns[1].atMillis, Date.parse('2026-11-11T10:00:10+08:00'));
                  check('endMillis - atMillis', turn.endMillis - turn.atMillis, 4000);
                  check('same turn object', dialogue.turns[turn.index] === turn, true);
                  check('signals', dialogue.signals, [{kind: 'lexicon', name: 'greeting', term: '亲', turn: 1, role: 'agent',
                      start: 0, end: 1, text: '亲'}]);
                  check('frozen', [dialogue, turn, dialogue.turns, dialogue.signals[0], dialogue.attributes].every(Object.isFrozen), true);
                  return true;
                }""";
        List<SignalFact> earlier = List.of(new SignalFact("lexicon", "greeting", "亲", 1, "agent", 0, 0, 1, "亲"));

        try (PreparedOperator operator = prepare(use("probe", source))) {
            assertThat(annotate(operator, THANKS, earlier)).hasSize(4);
        }
    }

    @Test
    void eachUseReportsUnderItsOwnName() {
        try (PreparedOperator operator = prepare(use("polite", "(d, t) => t.text.includes('亲')"),
                use("thanks", "(d, t) => t.text.includes('谢谢')"))) {
            assertThat(annotate(operator, THANKS)).extracting(SignalFact::getName, SignalFact::getTurn)
                    .containsExactly(tuple("polite", 1), tuple("thanks", 2));
        }
    }

    @Test
    void aSyntaxErrorOnTheFirstLineIsShiftedByTheStartColumn() {
        assertThatThrownBy(() -> prepare(use("long_wait", Map.of("source", "(d, t) => t.text.(", "file", "rules.parley",
                "line", 14, "column", 5))))
                .isInstanceOfSatisfying(PluginException.class, e -> {
                    assertThat(e.getMessage()).startsWith("script 'long_wait' at rules.parley:14:22: SyntaxError: Expected");
                    assertThat(e.line()).isEqualTo(14);
                    assertThat(e.column()).isEqualTo(22);
                });
    }

    @Test
    void aSyntaxErrorOnALaterLineKeepsItsColumn() {
        String source = "(d, t) => {\n  const x = ;\n}";
        assertThatThrownBy(() -> prepare(use("long_wait", Map.of("source", source, "line", 14, "column", 5))))
                .isInstanceOfSatisfying(PluginException.class, e -> {
                    assertThat(e.getMessage()).startsWith("script 'long_wait' at rules.parley:15:13: SyntaxError: ");
                    assertThat(e.line()).isEqualTo(15);
                    assertThat(e.column()).isEqualTo(13);
                });
    }

    @Test
    void aRuntimeErrorNamesTheScriptThePositionAndTheTurn() {
        String source = "(d, t) => {\n  if (t.index === 3) return t.nothing.here;\n  return false;\n}";
        try (PreparedOperator operator = prepare(use("long_wait", Map.of("source", source, "file", "rules.parley",
                "line", 14, "column", 5)))) {
            assertThatThrownBy(() -> annotate(operator, THANKS))
                    .isInstanceOfSatisfying(PluginException.class, e -> {
                        assertThat(e.getMessage()).isEqualTo(
                                "script 'long_wait' at rules.parley:15:29: TypeError: Cannot read property 'here' of undefined (turn 4)");
                        assertThat(e.line()).isEqualTo(15);
                        assertThat(e.column()).isEqualTo(29);
                    });
        }
    }

    @Test
    void aScriptThatIsNotAFunctionIsRefusedAtPrepare() {
        assertThatThrownBy(() -> prepare(use("probe", "1 + 1")))
                .isInstanceOf(PluginException.class)
                .hasMessage("script 'probe' at rules.parley:1:1: the script must evaluate to a function such as "
                        + "(dialogue, turn) => true, but it evaluated to the number 2");
    }

    @Test
    void badOptionsAreRefusedNamingTheUseAndTheOption() {
        assertThatThrownBy(() -> prepare(use("probe", Map.of("source", "(d, t) => true", "timeoutMillis", -5))))
                .isInstanceOf(PluginException.class)
                .hasMessage("js operator 'probe' (rules.parley:12:3): option 'timeoutMillis' must be a positive whole number, got -5");
        assertThatThrownBy(() -> prepare(use("probe", Map.of("statementLimit", 10))))
                .isInstanceOf(PluginException.class)
                .hasMessage("js operator 'probe' (rules.parley:12:3): option 'source' must be the script's JavaScript text");
    }

    @Test
    void infoDescribesEveryOption() {
        var info = new JsOperatorPlugin().info();

        assertThat(info.id()).isEqualTo("js");
        assertThat(info.kind()).isEqualTo(PluginKind.OPERATOR);
        assertThat(info.config()).extracting(ConfigOption::name)
                .containsExactly("source", "file", "line", "column", "timeoutMillis", "statementLimit");
        assertThat(info.config()).allSatisfy(option -> assertThat(option.description()).isNotBlank());
        assertThat(info.config()).filteredOn(ConfigOption::required).extracting(ConfigOption::name).containsExactly("source");
    }

    @Test
    void onePreparedOperatorServesManyThreadsAtOnce() throws Exception {
        try (PreparedOperator operator = prepare(use("thanks", "(d, t) => t.text.includes('谢谢')"));
             ExecutorService threads = Executors.newFixedThreadPool(4)) {
            List<Future<List<SignalFact>>> results = new ArrayList<>();
            for (int i = 0; i < 40; i++) {
                results.add(threads.submit(() -> annotate(operator, THANKS)));
            }
            for (Future<List<SignalFact>> result : results) {
                assertThat(result.get()).extracting(SignalFact::getTurn).containsExactly(2);
            }
        }
    }
}
