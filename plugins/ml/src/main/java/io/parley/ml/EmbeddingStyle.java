package io.parley.ml;

import java.util.function.UnaryOperator;

/**
 * How an embedding pipeline makes texts into a model's input: the form a text is embedded and cached
 * under, and how many texts of one token length may share a tensor. Both decide the vector a text
 * gets, so the cache keeps each style's vectors apart: bge-small-zh reads a full-width "，" and an
 * ASCII "," as different tokens (NFKC folding moved the sentiment acceptance turns to cosine
 * 0.88–0.98 of their vectors as written), and the quantised models quantise a batch as a whole
 * (docs/models.md, "The embedding pipeline").
 *
 * @param name     names the style's cache entries after the model reference; empty for
 *                 {@link #NORMALISED_BATCHED}, whose entries are older than the other style
 * @param textForm the form a text is embedded and cached under
 * @param maxBatch most texts in one tensor
 */
public record EmbeddingStyle(String name, UnaryOperator<String> textForm, int maxBatch) {
    /**
     * The intent, similarity and intent-head operators': NFKC-normalised ({@link TextNormalizer}),
     * so agents' scripts with small width and spacing differences share a vector, and up to 32 texts
     * of equal token length per tensor, for throughput.
     */
    public static final EmbeddingStyle NORMALISED_BATCHED = new EmbeddingStyle("", TextNormalizer::normalize, 32);
    /**
     * The sentiment heads': each text as written (trimmed only) and alone in its tensor, as the heads
     * were trained, so a turn's vector never depends on what else is embedded with it.
     */
    public static final EmbeddingStyle AS_WRITTEN_ALONE = new EmbeddingStyle("as-written-alone", String::strip, 1);

    /** The cache's name for the vectors {@code card} gives in this style. */
    String cacheKey(EmbeddingModelCard card) {
        return name.isEmpty() ? card.ref() : card.ref() + "#" + name;
    }
}
