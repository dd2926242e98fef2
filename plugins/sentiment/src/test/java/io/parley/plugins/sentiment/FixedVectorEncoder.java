package io.parley.plugins.sentiment;

import java.util.Map;

/**
 * Hand-picked vectors for the feature arithmetic tests (the real encoder is exercised by the
 * end-to-end tests): texts not listed map to the zero vector.
 */
record FixedVectorEncoder(Map<String, float[]> vectors) implements SentenceEncoder {
    @Override
    public float[] encode(String text) {
        return vectors.getOrDefault(text, new float[2]).clone();
    }

    @Override
    public int dimension() {
        return 2;
    }

    @Override
    public String modelId() {
        return "fixed-2d";
    }
}
