package io.parley.plugins.sentiment;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Remembers the vectors of texts it has encoded, keyed by the trimmed text: agents repeat scripts
 * and customers repeat questions, and training sees every context turn several times. Holds at
 * most {@code capacity} texts (least recently used go first), so a long-running server stays bounded.
 */
public final class CachingSentenceEncoder implements SentenceEncoder {
    private final SentenceEncoder encoder;
    private final Map<String, float[]> cache;

    public CachingSentenceEncoder(SentenceEncoder encoder, int capacity) {
        this.encoder = encoder;
        this.cache = new LinkedHashMap<>(1024, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, float[]> eldest) {
                return size() > capacity;
            }
        };
    }

    @Override
    public float[] encode(String text) {
        String key = text.strip();
        synchronized (cache) {
            float[] known = cache.get(key);
            if (known != null) {
                return known;
            }
        }
        // Encoded outside the lock so two threads can embed different texts at once.
        float[] vector = encoder.encode(key);
        synchronized (cache) {
            cache.put(key, vector);
        }
        return vector;
    }

    /** Adds a vector computed elsewhere (e.g. read from an embedding file). */
    public void put(String text, float[] vector) {
        synchronized (cache) {
            cache.put(text.strip(), vector);
        }
    }

    /** A snapshot of the cached texts and vectors, to persist them. */
    public Map<String, float[]> snapshot() {
        synchronized (cache) {
            return new LinkedHashMap<>(cache);
        }
    }

    @Override
    public int dimension() {
        return encoder.dimension();
    }

    @Override
    public String modelId() {
        return encoder.modelId();
    }
}
