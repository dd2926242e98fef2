package io.parley.plugins.sentiment;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A whole dialogue with its dialogue-level satisfaction label: JDDC's OVERALL label (the dialogue
 * as far as its labelled customer turns go), or STC-3's mean S of 19 annotators in three classes
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
                .map(d -> new LabelledDialogue("jddc", d.key(), d.turns().getLast().turns(), d.overall()))
                .toList();
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
