package io.parley.plugins.sentiment;

import io.parley.ml.EmbeddingModelCard;
import io.parley.ml.EmbeddingModels;
import io.parley.ml.EmbeddingStyle;
import io.parley.ml.SentenceEmbedder;

import java.util.List;

/**
 * bge-small-zh v1.5 (quantised, 512-d, CLS pooling, L2-normalised) through the shared embedding
 * pipeline of {@link EmbeddingModels}, in the style the heads were trained on
 * ({@link EmbeddingStyle#AS_WRITTEN_ALONE}: each text as written and alone in its tensor; the
 * vectors equal those of the langchain4j runner the heads were trained with to within 1e-7). Text
 * is cut to {@link #MAX_CHARS} characters first: customer turns are short, and long reviews and
 * Weibo posts would otherwise cost up to 512 tokens each in training while their opening carries the
 * polarity. Vectors are cached in the pipeline's cache.
 */
public final class BgeSmallZhEncoder implements SentenceEncoder {
    static final int MAX_CHARS = 128;
    private static final EmbeddingModelCard MODEL = EmbeddingModelCard.BGE_SMALL_ZH;

    private final SentenceEmbedder embedder;

    public BgeSmallZhEncoder(EmbeddingModels models) {
        this.embedder = models.embedder(MODEL, EmbeddingStyle.AS_WRITTEN_ALONE);
    }

    /** On the process's shared models, cache and pool, as the operators run. */
    public static BgeSmallZhEncoder shared() {
        return new BgeSmallZhEncoder(EmbeddingModels.shared());
    }

    @Override
    public float[] encode(String text) {
        return encode(List.of(text))[0];
    }

    @Override
    public float[][] encode(List<String> texts) {
        return embedder.embed(texts.stream().map(BgeSmallZhEncoder::cut).toList());
    }

    private static String cut(String text) {
        String stripped = text.strip();
        String cut = stripped.length() > MAX_CHARS ? stripped.substring(0, MAX_CHARS) : stripped;
        // The tokenizer refuses empty input; a blank turn still needs a (neutral) vector.
        return cut.isBlank() ? "。" : cut;
    }

    @Override
    public int dimension() {
        return MODEL.dimension();
    }

    /** The model's id without its version: the heads' descriptors name their encoder so. */
    @Override
    public String modelId() {
        return MODEL.id();
    }
}
