package io.parley.plugins.sentiment;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * One loaded copy of each head per JVM, shared by every operator use and rule-set version; the
 * sentence encoder is the shared embedding pipeline's ({@link BgeSmallZhEncoder#shared()}), so
 * agents' repeated phrases are embedded once across dialogues and plugins.
 */
final class SharedHeads {
    private static final Map<String, SentimentHead> HEADS = new HashMap<>();
    private static DialogueHead dialogueHead;

    private SharedHeads() {
    }

    /** The bundled head when {@code model} is null or blank, else the head in that file. */
    static synchronized SentimentHead head(String model) {
        String key = model == null || model.isBlank() ? "" : Path.of(model).toAbsolutePath().normalize().toString();
        SentimentHead head = HEADS.get(key);
        if (head == null) {
            head = key.isEmpty() ? SentimentHead.bundled() : SentimentHead.load(Path.of(key));
            HEADS.put(key, head);
        }
        return head;
    }

    /** The bundled dialogue-level head. */
    static synchronized DialogueHead dialogueHead() {
        if (dialogueHead == null) {
            dialogueHead = DialogueHead.bundled();
        }
        return dialogueHead;
    }

    static SentimentModel model(String model, int contextTurns) {
        return new SentimentModel(BgeSmallZhEncoder.shared(), head(model), contextTurns);
    }
}
