package io.parley.plugins.sentiment;

import dev.langchain4j.model.embedding.onnx.bgesmallzhv15q.BgeSmallZhV15QuantizedEmbeddingModel;

/**
 * bge-small-zh v1.5 (quantised, 512-d, CLS pooling, L2-normalised) from its Maven artifact, run by
 * ONNX Runtime in process: nothing is downloaded at run time. Text is cut to {@link #MAX_CHARS}
 * characters first: customer turns are short, and long reviews and Weibo posts would otherwise cost
 * up to 512 tokens each in training while their opening carries the polarity.
 */
public final class BgeSmallZhEncoder implements SentenceEncoder {
    static final int MAX_CHARS = 128;
    private static final String MODEL_ID = "bge-small-zh-v1.5-q";

    private final BgeSmallZhV15QuantizedEmbeddingModel model = new BgeSmallZhV15QuantizedEmbeddingModel(Runnable::run);

    @Override
    public float[] encode(String text) {
        String cut = text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) : text;
        // The tokenizer refuses empty input; a blank turn still needs a (neutral) vector.
        return model.embed(cut.isBlank() ? "。" : cut).content().vector();
    }

    @Override
    public int dimension() {
        return 512;
    }

    @Override
    public String modelId() {
        return MODEL_ID;
    }
}
