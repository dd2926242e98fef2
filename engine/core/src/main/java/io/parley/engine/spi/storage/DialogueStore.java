package io.parley.engine.spi.storage;

import io.parley.engine.api.Dialogue;

import java.util.Optional;
import java.util.function.Consumer;

/** Raw dialogues, persisted before any processing so nothing accepted is ever lost. */
public interface DialogueStore {

    enum SaveOutcome { CREATED, UNCHANGED, UPDATED }

    /**
     * Upserts by dialogue id and returns only once the write is acknowledged. Saving the same
     * content again is {@link SaveOutcome#UNCHANGED}; other content under a known id replaces it.
     */
    SaveOutcome save(Dialogue dialogue);

    Optional<Dialogue> find(String id);

    long count();

    /** Streams every stored dialogue in id order without loading them all at once. */
    void forEach(Consumer<Dialogue> action);
}
