package io.parley.plugins.sentiment;

import io.parley.engine.api.facts.TurnFact;

import java.util.ArrayList;
import java.util.List;

/** A dialogue's turns as the sentiment model reads them. */
final class DialogueTurns {

    private DialogueTurns() {
    }

    static List<ContextTurn> of(List<TurnFact> turns) {
        List<ContextTurn> context = new ArrayList<>(turns.size());
        for (TurnFact turn : turns) {
            context.add(new ContextTurn(turn.getRole(), turn.getText(), turn.getAtMillis()));
        }
        return context;
    }
}
