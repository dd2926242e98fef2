package io.parley.ml;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.io.IOException;
import java.io.InputStream;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A shipped sentence-embedding model run directly on an {@link OrtSession}: one call embeds one
 * batch of tokenised texts as one tensor (rows padded to the batch's longest), then pools and
 * L2-normalises each row. This is the raw batch inference the {@link SentenceEmbedder} pipeline is
 * measured against. Thread-safe: an OrtSession may be run from several threads at once.
 */
public final class TransformerEncoder implements AutoCloseable {
    private final EmbeddingModelCard card;
    private final TextTokenizer tokenizer;
    private final OrtSession session;
    private final boolean wantsTypeIds;
    private final String output;

    private TransformerEncoder(EmbeddingModelCard card, TextTokenizer tokenizer, OrtSession session) {
        this.card = card;
        this.tokenizer = tokenizer;
        this.session = session;
        this.wantsTypeIds = session.getInputNames().contains(OnnxSessions.TOKEN_TYPE_IDS);
        this.output = session.getOutputNames().iterator().next();
    }

    /** Loads the model and its tokenizer from the classpath (the Maven artifact that ships them). */
    public static TransformerEncoder load(EmbeddingModelCard card) throws IOException {
        byte[] model;
        try (InputStream in = TransformerEncoder.class.getClassLoader().getResourceAsStream(card.modelResource())) {
            if (in == null) {
                throw new IOException("model file '" + card.modelResource() + "' of " + card.ref()
                        + " is not on the classpath (its Maven artifact is missing)");
            }
            model = in.readAllBytes();
        }
        TextTokenizer tokenizer = TextTokenizer.fromResource(card.tokenizerResource(), card.maxTokens());
        try {
            return new TransformerEncoder(card, tokenizer, OnnxSessions.open(model));
        } catch (OrtException e) {
            tokenizer.close();
            throw new IOException("ONNX Runtime cannot load " + card.ref() + ": " + e.getMessage(), e);
        }
    }

    public EmbeddingModelCard card() {
        return card;
    }

    public Tokens tokenize(String text) {
        return tokenizer.tokenize(text);
    }

    /** Unit-length vectors, one per row, in order. */
    public float[][] embed(List<Tokens> batch) throws OrtException {
        int width = batch.stream().mapToInt(Tokens::length).max().orElse(0);
        List<long[]> ids = new ArrayList<>(batch.size());
        List<long[]> masks = new ArrayList<>(batch.size());
        List<long[]> types = new ArrayList<>(batch.size());
        for (Tokens tokens : batch) {
            ids.add(tokens.ids());
            masks.add(tokens.mask());
            types.add(tokens.typeIds());
        }
        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put(OnnxSessions.INPUT_IDS, OnnxSessions.tensor(ids, width, 0));
            inputs.put(OnnxSessions.ATTENTION_MASK, OnnxSessions.tensor(masks, width, 0));
            if (wantsTypeIds) {
                inputs.put(OnnxSessions.TOKEN_TYPE_IDS, OnnxSessions.tensor(types, width, 0));
            }
            try (OrtSession.Result result = session.run(inputs)) {
                OnnxValue value = result.get(output).orElseThrow();
                FloatBuffer hidden = ((OnnxTensor) value).getFloatBuffer();
                return pool(hidden, batch, width);
            }
        } finally {
            inputs.values().forEach(OnnxTensor::close);
        }
    }

    private float[][] pool(FloatBuffer hidden, List<Tokens> batch, int width) {
        int dimension = card.dimension();
        float[][] vectors = new float[batch.size()][dimension];
        for (int row = 0; row < batch.size(); row++) {
            float[] vector = vectors[row];
            int rowStart = row * width * dimension;
            if (card.pooling() == Pooling.CLS) {
                hidden.get(rowStart, vector, 0, dimension);
            } else {
                long[] mask = batch.get(row).mask();
                int counted = 0;
                float[] token = new float[dimension];
                for (int position = 0; position < mask.length; position++) {
                    if (mask[position] != 0) {
                        hidden.get(rowStart + position * dimension, token, 0, dimension);
                        for (int i = 0; i < dimension; i++) {
                            vector[i] += token[i];
                        }
                        counted++;
                    }
                }
                for (int i = 0; i < dimension; i++) {
                    vector[i] /= Math.max(counted, 1);
                }
            }
            Vectors.normalize(vector);
        }
        return vectors;
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("closing the session of " + card.ref() + " failed", e);
        } finally {
            tokenizer.close();
        }
    }
}
