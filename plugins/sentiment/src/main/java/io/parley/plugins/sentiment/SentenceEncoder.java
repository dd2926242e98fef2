package io.parley.plugins.sentiment;

import java.util.List;

/**
 * Turns a sentence into a fixed-length vector. The sentiment head only needs this much of an
 * embedding model, so features, training and operators do not depend on how it is run
 * ({@link BgeSmallZhEncoder}: the shared embedding pipeline), and tests can give hand-picked vectors.
 * Implementations must be thread-safe.
 */
public interface SentenceEncoder {

    /** The vector of {@code text}; always {@link #dimension()} long. */
    float[] encode(String text);

    /** The vectors of {@code texts}, in order, each what {@link #encode(String)} gives; an implementation may embed them together. */
    default float[][] encode(List<String> texts) {
        return texts.stream().map(this::encode).toArray(float[][]::new);
    }

    int dimension();

    /** Names the model, so a trained head can refuse an encoder it was not trained with. */
    String modelId();
}
