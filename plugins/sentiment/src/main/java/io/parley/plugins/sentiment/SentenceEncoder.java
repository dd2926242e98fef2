package io.parley.plugins.sentiment;

/**
 * Turns a sentence into a fixed-length vector. The sentiment head only needs this much of an
 * embedding model, so the shared embedding pipeline can replace {@link BgeSmallZhEncoder} without
 * touching features, training or operators. Implementations must be thread-safe.
 */
public interface SentenceEncoder {

    /** The vector of {@code text}; always {@link #dimension()} long. */
    float[] encode(String text);

    int dimension();

    /** Names the model, so a trained head can refuse an encoder it was not trained with. */
    String modelId();
}
