package io.parley.plugins.js;

import io.parley.engine.api.Dialogue;
import io.parley.engine.api.Outcome;
import io.parley.engine.api.Participant;
import io.parley.engine.api.Turn;
import io.parley.engine.api.facts.SignalFact;
import io.parley.engine.api.facts.TurnFact;
import io.parley.engine.spi.plugin.OperatorPlugin;
import io.parley.engine.spi.plugin.OperatorPlugin.PreparedOperator;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Dialogues, their turn facts, and a one-call way to run operator scripts over them. */
final class TestDialogues {
    static final OffsetDateTime START = OffsetDateTime.parse("2026-11-11T10:00:00+08:00");

    private TestDialogues() {
    }

    /** Alternating customer/agent turns with the given texts, 10 s apart, each 4 s long. */
    static Dialogue dialogue(String id, String... texts) {
        List<Turn> turns = new ArrayList<>();
        for (int i = 0; i < texts.length; i++) {
            OffsetDateTime at = START.plusSeconds(10L * i);
            turns.add(new Turn(i % 2 == 0 ? "customer" : "agent", texts[i], at, at.plusSeconds(4), null));
        }
        return new Dialogue(id, "im", START, new Participant("a-17", "pre-sale"), new Participant("c-9001", null),
                List.of(), turns, new Outcome(false, 2), Map.of("shop", "wanhe-flagship"));
    }

    static List<TurnFact> turnFacts(Dialogue dialogue) {
        return JsBenchmark.turnFacts(dialogue);
    }

    static OperatorPlugin.Use use(String name, String source) {
        return use(name, Map.of("source", source));
    }

    static OperatorPlugin.Use use(String name, Map<String, Object> config) {
        return new OperatorPlugin.Use(name, config, "rules.parley:12:3");
    }

    static PreparedOperator prepare(OperatorPlugin.Use... uses) {
        return new JsOperatorPlugin().prepare(List.of(uses));
    }

    static List<SignalFact> annotate(PreparedOperator operator, Dialogue dialogue) {
        return annotate(operator, dialogue, List.of());
    }

    static List<SignalFact> annotate(PreparedOperator operator, Dialogue dialogue, List<SignalFact> earlier) {
        List<SignalFact> signals = new ArrayList<>();
        operator.annotate(dialogue, turnFacts(dialogue), earlier, signals::add);
        return signals;
    }

    /** The signals of a single-use operator with {@code source} over {@code dialogue}. */
    static List<SignalFact> run(String source, Dialogue dialogue) {
        try (PreparedOperator operator = prepare(use("probe", source))) {
            return annotate(operator, dialogue);
        }
    }

}
