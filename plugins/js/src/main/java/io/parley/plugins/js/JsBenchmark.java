package io.parley.plugins.js;

import io.parley.engine.api.Dialogue;
import io.parley.engine.api.Turn;
import io.parley.engine.api.facts.SignalFact;
import io.parley.engine.api.facts.TurnFact;
import io.parley.engine.spi.plugin.OperatorPlugin.PreparedOperator;
import io.parley.engine.spi.plugin.OperatorPlugin.Use;
import org.graalvm.polyglot.Value;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Measures the JS sandbox: what a fresh script context costs, how fast a warmed operator is
 * called, and how many dialogues per second a JS operator annotates including its per-dialogue
 * context and view. Single-threaded; run with {@code --enable-native-access=ALL-UNNAMED}.
 */
public final class JsBenchmark {
    private static final String OPERATOR = "(dialogue, turn) => turn.role === 'customer' && turn.text.includes('谢谢')";
    private static final String[] TEXTS = {"这个热水器能装在卫生间吗", "亲，您好，可以的哦", "要多久能到", "一般两天左右", "谢谢你", "不客气，祝您生活愉快"};

    private JsBenchmark() {
    }

    public static void main(String[] args) {
        Duration perMeasurement = args.length > 0 ? Duration.ofMillis(Long.parseLong(args[0])) : Duration.ofSeconds(3);
        run(perMeasurement).forEach(System.out::println);
    }

    /** {@code bench.js.*} lines; each figure is measured for {@code perMeasurement} after as long a warm-up. */
    public static List<String> run(Duration perMeasurement) {
        JsSandbox sandbox = JsSandbox.shared();
        JsScript script = JsScript.of("thanks", "(dialogue, turn) => true", ScriptConfig.read(Map.of("source", OPERATOR), "bench", "bench"));
        Dialogue six = dialogue(6);
        Dialogue twenty = dialogue(20);

        double contextMillis = perSecond(perMeasurement, () -> sandbox.open(script).close());
        double callsPerSecond = callsPerSecond(sandbox, script, six, perMeasurement);
        double dialoguesPerSecond;
        try (PreparedOperator operator = new JsOperatorPlugin().prepare(List.of(new Use("thanks", Map.of("source", OPERATOR), "bench")))) {
            List<TurnFact> turns = turnFacts(twenty);
            Consumer<SignalFact> discard = signal -> { };
            dialoguesPerSecond = perSecond(perMeasurement, () -> operator.annotate(twenty, turns, List.of(), discard));
        }
        return List.of(
                String.format(Locale.ROOT, "bench.js.context.create = %.3f ms", 1000 / contextMillis),
                String.format(Locale.ROOT, "bench.js.call = %.0f calls/s", callsPerSecond),
                String.format(Locale.ROOT, "bench.js.dialogue = %.0f dialogues/s", dialoguesPerSecond));
    }

    /** Calls within one open session: the script's own cost, no context or view building. */
    private static double callsPerSecond(JsSandbox sandbox, JsScript script, Dialogue dialogue, Duration perMeasurement) {
        try (JsSession session = sandbox.open(script)) {
            Value view = session.frozenJson(ScriptViews.dialogue(dialogue, List.of()));
            Value turns = view.getMember("turns");
            int size = dialogue.turns().size();
            return size * perSecond(perMeasurement, () -> {
                for (int i = 0; i < size; i++) {
                    session.call(null, Value::asBoolean, view, turns.getArrayElement(i));
                }
            });
        }
    }

    /** How often {@code work} runs per second, after a warm-up as long as the measurement. */
    private static double perSecond(Duration duration, Runnable work) {
        repeatFor(duration, work);
        long started = System.nanoTime();
        long runs = repeatFor(duration, work);
        return runs / ((System.nanoTime() - started) / 1e9);
    }

    private static long repeatFor(Duration duration, Runnable work) {
        long end = System.nanoTime() + duration.toNanos();
        long runs = 0;
        do {
            work.run();
            runs++;
        } while (System.nanoTime() - end < 0);
        return runs;
    }

    /** Alternating customer and agent turns, 10 s apart. */
    static Dialogue dialogue(int turnCount) {
        OffsetDateTime start = OffsetDateTime.parse("2026-11-11T10:00:00+08:00");
        List<Turn> turns = new ArrayList<>(turnCount);
        for (int i = 0; i < turnCount; i++) {
            OffsetDateTime at = start.plusSeconds(10L * i);
            turns.add(new Turn(i % 2 == 0 ? "customer" : "agent", TEXTS[i % TEXTS.length], at, at.plusSeconds(4), null));
        }
        return new Dialogue("bench-" + turnCount, "im", start, null, null, List.of(), turns, null, Map.of("shop", "bench"));
    }

    /** The turn facts the engine would hand an operator for {@code dialogue}. */
    static List<TurnFact> turnFacts(Dialogue dialogue) {
        Map<String, Integer> perRole = new HashMap<>();
        List<TurnFact> facts = new ArrayList<>(dialogue.turns().size());
        for (int i = 0; i < dialogue.turns().size(); i++) {
            Turn turn = dialogue.turns().get(i);
            int roleIndex = perRole.merge(turn.role(), 1, Integer::sum) - 1;
            facts.add(new TurnFact(i, turn.role(), roleIndex, turn.text(), millis(turn.at()), millis(turn.end())));
        }
        return facts;
    }

    private static Long millis(OffsetDateTime time) {
        return time == null ? null : time.toInstant().toEpochMilli();
    }
}
