package io.parley.ml.tools.sentiment;

import io.parley.plugins.sentiment.ContextTurn;
import io.parley.plugins.sentiment.Sentiment;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A whole dialogue with its dialogue-level satisfaction label: JDDC's OVERALL label (the dialogue
 * as far as its labelled customer turns go, rebuilt by {@link #wholeJddcDialogue}), or STC-3's mean S of 19 annotators in three classes
 * (the dialogue up to its last customer turn, as {@link Stc3Dialogues} reads it).
 */
public record LabelledDialogue(String source, String key, List<ContextTurn> turns, Sentiment overall) {
    public LabelledDialogue {
        turns = List.copyOf(turns);
    }

    /** The JDDC dialogues of {@code file} that have an OVERALL label and at least one labelled turn. */
    public static List<LabelledDialogue> jddc(Path file) throws IOException {
        return JddcSatisfactionFile.read(file).stream()
                .filter(d -> d.overall() != null && !d.turns().isEmpty())
                .map(d -> new LabelledDialogue("jddc", d.key(), wholeJddcDialogue(d.turns()), d.overall()))
                .toList();
    }

    /**
     * The whole dialogue behind JDDC's labelled turns: each line of the file holds only a window of
     * the dialogue so far (at most 16 customer turns), so the last line alone would drop the start
     * of long dialogues. The first labelled turn's window, then for each next labelled turn the
     * agent reply before it (if any) and the turn itself.
     */
    static List<ContextTurn> wholeJddcDialogue(List<LabelledTurn> labelled) {
        List<ContextTurn> turns = new ArrayList<>(labelled.getFirst().turns());
        for (LabelledTurn next : labelled.subList(1, labelled.size())) {
            List<ContextTurn> window = next.turns();
            if (window.size() > 1 && !window.get(window.size() - 2).isCustomer()) {
                turns.add(window.get(window.size() - 2));
            }
            turns.add(next.turn());
        }
        return turns;
    }

    public static List<LabelledDialogue> stc3(Path file) throws IOException {
        return Stc3Dialogues.read(file).stream()
                .map(t -> new LabelledDialogue("stc3", t.dialogueKey(), t.turns(), t.label()))
                .toList();
    }

    /** The dialogue's last customer turn (what the keyword baseline reads). */
    ContextTurn lastCustomerTurn() {
        return turns.reversed().stream().filter(ContextTurn::isCustomer).findFirst().orElseThrow();
    }
}
