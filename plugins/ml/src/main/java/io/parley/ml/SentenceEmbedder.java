package io.parley.ml;

import ai.onnxruntime.OrtException;
import io.parley.engine.spi.plugin.PluginException;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

/**
 * The embedding pipeline: texts in, unit vectors out, in order. Each text is put in its
 * {@link EmbeddingStyle}'s form and looked up in the {@link EmbeddingCache}; the distinct texts not
 * found are tokenised, grouped into batches of equal token length (the quantised models are not
 * padding-invariant: see docs/models.md) of at most the style's size, and the batches run on a
 * bounded pool, the calling thread taking one itself. Thread-safe.
 */
public final class SentenceEmbedder {
    private final TransformerEncoder encoder;
    private final EmbeddingCache cache;
    private final Executor pool;
    private final EmbeddingStyle style;

    public SentenceEmbedder(TransformerEncoder encoder, EmbeddingCache cache, Executor pool, EmbeddingStyle style) {
        this.encoder = encoder;
        this.cache = cache;
        this.pool = pool;
        this.style = style;
    }

    public EmbeddingModelCard card() {
        return encoder.card();
    }

    /**
     * @throws PluginException when the model fails or returns a vector that is not finite (NaN),
     *                         naming the model
     */
    public float[][] embed(List<String> texts) {
        String cacheKey = style.cacheKey(encoder.card());
        Map<String, float[]> byText = new LinkedHashMap<>();
        List<Pending> pending = new ArrayList<>();
        List<String> forms = texts.stream().map(style.textForm()).toList();
        for (String form : forms) {
            if (!byText.containsKey(form)) {
                float[] cached = cache.get(cacheKey, form);
                byText.put(form, cached);
                if (cached == null) {
                    pending.add(new Pending(form, encoder.tokenize(form)));
                }
            }
        }
        run(batches(pending)).forEach((text, vector) -> {
            byText.put(text, vector);
            cache.put(cacheKey, text, vector);
        });
        float[][] vectors = new float[texts.size()][];
        for (int i = 0; i < texts.size(); i++) {
            vectors[i] = byText.get(forms.get(i));
        }
        return vectors;
    }

    public float[] embed(String text) {
        return embed(List.of(text))[0];
    }

    private record Pending(String text, Tokens tokens) {
    }

    private List<List<Pending>> batches(List<Pending> pending) {
        return LengthBuckets.of(pending, item -> item.tokens().length(), style.maxBatch());
    }

    private Map<String, float[]> run(List<List<Pending>> batches) {
        Map<String, float[]> vectors = new LinkedHashMap<>();
        if (batches.isEmpty()) {
            return vectors;
        }
        List<CompletableFuture<float[][]>> others = new ArrayList<>();
        for (List<Pending> batch : batches.subList(1, batches.size())) {
            others.add(CompletableFuture.supplyAsync(() -> embedBatch(batch), pool));
        }
        float[][] first = embedBatch(batches.getFirst());
        collect(batches.getFirst(), first, vectors);
        for (int i = 0; i < others.size(); i++) {
            try {
                collect(batches.get(i + 1), others.get(i).join(), vectors);
            } catch (CompletionException e) {
                throw e.getCause() instanceof PluginException plugin ? plugin
                        : new PluginException("embedding with " + encoder.card().ref() + " failed: " + e.getCause(), e.getCause());
            }
        }
        return vectors;
    }

    private static void collect(List<Pending> batch, float[][] embedded, Map<String, float[]> into) {
        for (int row = 0; row < batch.size(); row++) {
            into.put(batch.get(row).text(), embedded[row]);
        }
    }

    private float[][] embedBatch(List<Pending> batch) {
        float[][] vectors;
        try {
            vectors = encoder.embed(batch.stream().map(Pending::tokens).toList());
        } catch (OrtException e) {
            throw new PluginException("model " + encoder.card().ref() + " failed: " + e.getMessage(), e);
        }
        for (int row = 0; row < vectors.length; row++) {
            if (!Vectors.isFinite(vectors[row])) {
                throw new PluginException("model " + encoder.card().ref() + " returned a vector that is not finite (NaN or infinity) for \""
                        + batch.get(row).text() + "\"");
            }
        }
        return vectors;
    }
}
