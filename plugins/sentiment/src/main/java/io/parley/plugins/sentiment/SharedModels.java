package io.parley.plugins.sentiment;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * One sentence encoder (with its text cache) and one loaded copy of each head per JVM, shared by
 * every operator use and rule-set version: the encoder holds tens of megabytes and takes ≈0.4 s
 * to load, and agents' repeated phrases should be embedded once across dialogues.
 */
final class SharedModels {
    /** Texts whose embeddings are kept: ≈2 KB each, so ≈100 MB at most. */
    static final int CACHE_TEXTS = 50_000;

    private static SentenceEncoder encoder;
    private static final Map<String, SentimentHead> HEADS = new HashMap<>();

    private SharedModels() {
    }

    static synchronized SentenceEncoder encoder() {
        if (encoder == null) {
            encoder = new CachingSentenceEncoder(new BgeSmallZhEncoder(), CACHE_TEXTS);
        }
        return encoder;
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

    private static DialogueHead dialogueHead;

    /** The bundled dialogue-level head. */
    static synchronized DialogueHead dialogueHead() {
        if (dialogueHead == null) {
            dialogueHead = DialogueHead.bundled();
        }
        return dialogueHead;
    }

    static SentimentModel model(String model, int contextTurns) {
        return new SentimentModel(encoder(), head(model), contextTurns);
    }
}
