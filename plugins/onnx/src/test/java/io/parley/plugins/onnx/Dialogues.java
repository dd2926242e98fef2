package io.parley.plugins.onnx;

import io.parley.engine.api.Dialogue;
import io.parley.engine.api.Outcome;
import io.parley.engine.api.Participant;
import io.parley.engine.api.Turn;
import io.parley.engine.api.facts.SignalFact;
import io.parley.engine.api.facts.TurnFact;
import io.parley.engine.spi.plugin.OperatorPlugin;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Test dialogues, their turn facts, and running a prepared operator over them as the engine does. */
final class Dialogues {
    static final OffsetDateTime START = OffsetDateTime.parse("2026-11-11T10:00:00+08:00");

    private Dialogues() {
    }

    /** Alternating customer/agent turns, 10 s apart. */
    static Dialogue dialogue(String id, String... texts) {
        List<Turn> turns = new ArrayList<>();
        for (int i = 0; i < texts.length; i++) {
            OffsetDateTime at = START.plusSeconds(10L * i);
            turns.add(new Turn(i % 2 == 0 ? "customer" : "agent", texts[i], at, at.plusSeconds(4), null));
        }
        return new Dialogue(id, "im", START, new Participant("a-17", "pre-sale"), new Participant("c-9001", null),
                List.of(), turns, new Outcome(false, 2), Map.of());
    }

    static List<TurnFact> turnFacts(Dialogue dialogue) {
        Map<String, Integer> perRole = new HashMap<>();
        List<TurnFact> facts = new ArrayList<>();
        for (int i = 0; i < dialogue.turns().size(); i++) {
            Turn turn = dialogue.turns().get(i);
            int roleIndex = perRole.merge(turn.role(), 1, Integer::sum) - 1;
            facts.add(new TurnFact(i, turn.role(), roleIndex, turn.text(), null, null));
        }
        return facts;
    }

    /** Runs the operators in order over one turn list, each seeing the signals before it, as the engine's annotate stage does. */
    static List<SignalFact> annotate(Dialogue dialogue, OperatorPlugin.PreparedOperator... operators) {
        List<TurnFact> turns = turnFacts(dialogue);
        List<SignalFact> signals = new ArrayList<>();
        for (OperatorPlugin.PreparedOperator operator : operators) {
            operator.annotate(dialogue, turns, List.copyOf(signals), signals::add);
        }
        return signals;
    }

    /** "name@turn:term" for each signal, to assert on compactly. */
    static List<String> describe(List<SignalFact> signals) {
        return signals.stream().map(signal -> signal.getName() + "@" + signal.getTurn() + ":" + signal.getTerm()).toList();
    }

    static OperatorPlugin.Use use(String name, int line, Map<String, Object> config) {
        return new OperatorPlugin.Use(name, config, "rules/intents.parley:" + line + ":20");
    }
}
