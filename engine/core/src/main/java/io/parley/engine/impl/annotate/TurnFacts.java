package io.parley.engine.impl.annotate;

import io.parley.engine.api.Dialogue;
import io.parley.engine.api.Outcome;
import io.parley.engine.api.Turn;
import io.parley.engine.api.facts.DialogueFact;
import io.parley.engine.api.facts.TurnFact;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The rule engine's view of a dialogue's turns. */
public final class TurnFacts {
    private TurnFacts() {
    }

    /** One fact per turn, in dialogue order, each numbered among the turns of its role. */
    public static List<TurnFact> of(Dialogue dialogue) {
        List<Turn> turns = dialogue.turns();
        List<TurnFact> facts = new ArrayList<>(turns.size());
        Map<String, Integer> turnsSeenByRole = new HashMap<>();
        for (int index = 0; index < turns.size(); index++) {
            Turn turn = turns.get(index);
            int roleIndex = turnsSeenByRole.merge(turn.role(), 1, Integer::sum) - 1;
            TurnFact previous = index == 0 ? null : facts.get(index - 1);
            facts.add(new TurnFact(index, turn.role(), roleIndex, turn.text(),
                    epochMillis(turn.at()), epochMillis(turn.end()),
                    previous == null ? null : previous.getRole(), previous == null ? null : previous.getEndOrStartMillis()));
        }
        return facts;
    }

    /** The dialogue as a whole, over its turn facts. */
    public static DialogueFact dialogue(Dialogue dialogue, List<TurnFact> turns) {
        Outcome outcome = dialogue.outcome();
        return new DialogueFact(dialogue.id(), turns, dialogue.attributes(), dialogue.channel(),
                outcome == null ? null : outcome.converted(), outcome == null ? null : outcome.satisfaction());
    }

    private static Long epochMillis(OffsetDateTime time) {
        return time == null ? null : time.toInstant().toEpochMilli();
    }
}
