package io.parley.engine.testing;

import io.parley.engine.api.Dialogue;
import io.parley.engine.api.Turn;

import java.util.Arrays;

/** Builds test dialogues from lines written as {@code "role: text"}. */
public final class Dialogues {
    private Dialogues() {
    }

    public static Dialogue dialogue(String id, String... turns) {
        return new Dialogue(id, "im", null, null, null, null, Arrays.stream(turns).map(Dialogues::turn).toList(),
                null, null);
    }

    private static Turn turn(String line) {
        int colon = line.indexOf(':');
        return new Turn(line.substring(0, colon), line.substring(colon + 1).strip());
    }
}
