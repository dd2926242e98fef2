package io.parley.engine.spi.storage;

import io.parley.engine.api.facts.SignalFact;

import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The signals model-backed operators produced for stored dialogues, so that a backtest can reuse
 * them instead of running the models again. One entry per (dialogue, operator key); the
 * {@code contentHash} of the dialogue it was computed from tells a stale entry (the dialogue
 * changed since) from a current one.
 */
public interface AnnotationStore {

    /** An operator's signals for one dialogue; {@code key} identifies plugin, configuration and model version. */
    record Annotation(String dialogueId, String contentHash, String key, List<SignalFact> signals) {
        public Annotation {
            signals = List.copyOf(signals);
        }
    }

    /** Upserts each on (dialogue id, key); returns once every write is acknowledged. */
    void saveAll(List<Annotation> annotations);

    /** The stored annotations of these dialogues under these keys: dialogue id → key → annotation. */
    Map<String, Map<String, Annotation>> find(Collection<String> dialogueIds, Collection<String> keys);
}
