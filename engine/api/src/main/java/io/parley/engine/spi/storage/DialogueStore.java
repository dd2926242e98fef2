package io.parley.engine.spi.storage;

import io.parley.engine.api.Dialogue;

import java.util.List;
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

    /**
     * Saves each dialogue as {@link #save} would, in list order (an id given twice ends with its
     * later content), in a few round trips; returns once every write is acknowledged. The outcomes
     * are in list order. When it throws, some of the dialogues may have been written.
     */
    List<SaveOutcome> saveAll(List<Dialogue> dialogues);

    Optional<Dialogue> find(String id);

    long count();

    /** Streams every stored dialogue in id order without loading them all at once. */
    void forEach(Consumer<Dialogue> action);
}
