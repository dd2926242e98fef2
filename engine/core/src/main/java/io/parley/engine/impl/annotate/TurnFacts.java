package io.parley.engine.impl.annotate;

import io.parley.engine.api.Dialogue;
import io.parley.engine.api.Turn;
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
            facts.add(new TurnFact(index, turn.role(), roleIndex, turn.text(),
                    epochMillis(turn.at()), epochMillis(turn.end())));
        }
        return facts;
    }

    private static Long epochMillis(OffsetDateTime time) {
        return time == null ? null : time.toInstant().toEpochMilli();
    }
}
