package io.parley.plugins.js;

import io.parley.engine.api.Dialogue;
import io.parley.engine.api.facts.SignalFact;
import io.parley.engine.api.facts.TurnFact;
import io.parley.engine.spi.plugin.OperatorPlugin;
import io.parley.engine.spi.plugin.PluginInfo;
import io.parley.engine.spi.plugin.PluginKind;
import org.graalvm.polyglot.Value;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * A custom operator written as {@code (dialogue, turn) => …}, called once per turn. What it
 * returns decides the signals (kind {@value #SIGNAL_KIND}, name and term = the use's name):
 * <ul>
 *   <li>{@code true}: one signal spanning the whole turn text; {@code false}, {@code null},
 *       {@code undefined}: none;</li>
 *   <li>a number: like a boolean by JavaScript truthiness, so {@code 0} is none and any other
 *       finite number one whole-turn signal (counts and indexOf + 1 idioms work); NaN and
 *       ±Infinity are refused, they always mean a bug;</li>
 *   <li>an array of {@code {start, end}}: one signal per span, {@code [start, end)} within the turn
 *       text, its text the spanned part; an empty array: none.</li>
 * </ul>
 * Anything else, and any error or overrun, fails the dialogue with a {@link
 * io.parley.engine.spi.plugin.PluginException} pointing into the rule file.
 */
public final class JsOperatorPlugin implements OperatorPlugin {
    static final String SIGNAL_KIND = "script";
    /** The most spans one call may return; checked before any is read. */
    static final int MAX_SPANS_PER_CALL = 10_000;
    private static final String SIGNATURE = "(dialogue, turn) => true";
    private static final PluginInfo INFO = new PluginInfo("js", JsSandbox.VERSION, PluginKind.OPERATOR,
            "Custom operator written as a small JavaScript function, run per turn in a sandbox (no host access, "
                    + "time, statement and allocation budgets per call).",
            ScriptConfig.options("JavaScript function (dialogue, turn) => result, called once per turn. dialogue is a "
                    + "read-only {id, channel, turns, attributes, outcome, signals}; turn is {index, role, text, at, end, "
                    + "atMillis, endMillis}. Return true for a whole-turn signal, false/null/undefined or 0 for none, "
                    + "a non-zero number for a whole-turn signal, or an array of {start, end} for one signal per span."));

    private final Duration perDialogue;

    public JsOperatorPlugin() {
        this(DialogueBudget.PER_DIALOGUE);
    }

    /** With {@code perDialogue} as the CPU time all of its operators may use together on one dialogue. */
    JsOperatorPlugin(Duration perDialogue) {
        this.perDialogue = perDialogue;
    }

    @Override
    public PluginInfo info() {
        return INFO;
    }

    @Override
    public PreparedOperator prepare(List<Use> uses) {
        JsSandbox sandbox = JsSandbox.shared();
        List<JsScript> scripts = new ArrayList<>(uses.size());
        for (Use use : uses) {
            ScriptConfig config = ScriptConfig.read(use.config(), use.origin(),
                    "js operator '" + use.name() + "' (" + use.origin() + ")");
            JsScript script = JsScript.of(use.name(), SIGNATURE, config);
            sandbox.check(script);
            scripts.add(script);
        }
        return new PreparedJsOperator(sandbox, List.copyOf(scripts), perDialogue);
    }

    private record PreparedJsOperator(JsSandbox sandbox, List<JsScript> scripts, Duration perDialogue) implements PreparedOperator {

        @Override
        public void annotate(Dialogue dialogue, List<TurnFact> turns, List<SignalFact> earlierSignals,
                             Consumer<SignalFact> signals) {
            String view = ScriptViews.dialogue(dialogue, earlierSignals);
            DialogueBudget budget = new DialogueBudget(perDialogue);
            for (JsScript script : scripts) {
                List<SignalFact> found = sandbox.run(script, budget, session -> {
                    List<SignalFact> collected = new ArrayList<>();
                    Value dialogueValue = session.frozenJson(view);
                    Value turnValues = dialogueValue.getMember("turns");
                    for (TurnFact turn : turns) {
                        // In words turns count from 1; turn.index in the script is the array index (docs/decisions/0007).
                        String detail = "turn " + (turn.getIndex() + 1);
                        collected.addAll(session.call(detail, result -> signals(session, script, turn, result, detail),
                                dialogueValue, turnValues.getArrayElement(turn.getIndex())));
                    }
                    return collected;
                });
                found.forEach(signals);
            }
        }

        private static List<SignalFact> signals(JsSession session, JsScript script, TurnFact turn, Value result,
                                                String detail) {
            String text = turn.getText() == null ? "" : turn.getText();
            if (result.isNull() || result.isBoolean() && !result.asBoolean()) {
                return List.of();
            }
            if (result.isBoolean()) {
                return List.of(signal(script, turn, text, 0, text.length()));
            }
            if (result.isNumber()) {
                double number = result.asDouble();
                if (!Double.isFinite(number)) {
                    throw session.failure("returned " + number + "; return true/false, a number, or an array of {start, end}", detail);
                }
                return number == 0 ? List.of() : List.of(signal(script, turn, text, 0, text.length()));
            }
            if (result.hasArrayElements()) {
                if (result.getArraySize() > MAX_SPANS_PER_CALL) {
                    throw session.failure("returned " + result.getArraySize() + " spans, more than the limit of " + MAX_SPANS_PER_CALL
                            + " spans per call", detail);
                }
                List<SignalFact> spans = new ArrayList<>((int) Math.min(result.getArraySize(), 64));
                for (long i = 0; i < result.getArraySize(); i++) {
                    Value span = result.getArrayElement(i);
                    Value start = span.hasMembers() ? span.getMember("start") : null;
                    Value end = span.hasMembers() ? span.getMember("end") : null;
                    if (start == null || end == null || !start.fitsInInt() || !end.fitsInInt()
                            || start.asInt() < 0 || start.asInt() > end.asInt() || end.asInt() > text.length()) {
                        throw session.failure("span " + i + " (" + JsSession.describe(span) + ") is not {start, end} with "
                                + "0 <= start <= end <= " + text.length() + " (the turn text's length)", detail);
                    }
                    spans.add(signal(script, turn, text, start.asInt(), end.asInt()));
                }
                return spans;
            }
            throw session.failure("returned " + JsSession.describe(result)
                    + "; return true/false, a number, or an array of {start, end}", detail);
        }

        private static SignalFact signal(JsScript script, TurnFact turn, String text, int start, int end) {
            return new SignalFact(SIGNAL_KIND, script.name(), script.name(), turn.getIndex(), turn.getRole(),
                    turn.getRoleIndex(), start, end, text.substring(start, end));
        }
    }
}
