package io.parley.ml;

import io.parley.engine.spi.plugin.PluginException;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The shipped embedding models of this process, each loaded once on first use and shared by every
 * plugin, rule set and thread, with one embedding cache and one bounded inference pool (a thread per core;
 * when its queue is full the caller runs the batch itself, so a burst slows callers down instead
 * of piling up). The cache is persisted under {@value #CACHE_DIR_PROPERTY} (system property), else
 * {@value #CACHE_DIR_ENV} (environment), else {@code data/embeddings}; {@code none} keeps it in memory.
 */
public final class EmbeddingModels implements AutoCloseable {
    public static final String CACHE_DIR_PROPERTY = "parley.embeddings.cache";
    public static final String CACHE_DIR_ENV = "PARLEY_EMBEDDINGS_CACHE";

    private static volatile EmbeddingModels shared;

    private final EmbeddingCache cache;
    private final ExecutorService pool;
    private final Map<String, TransformerEncoder> encoders = new ConcurrentHashMap<>();
    private final Map<String, SentenceEmbedder> embedders = new ConcurrentHashMap<>();

    public EmbeddingModels(EmbeddingCache cache, int threads) {
        this.cache = cache;
        AtomicInteger count = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, threads, 30, TimeUnit.SECONDS, new ArrayBlockingQueue<>(threads * 8),
                task -> {
                    Thread thread = new Thread(task, "parley-embeddings-" + count.incrementAndGet());
                    thread.setDaemon(true);
                    return thread;
                }, new ThreadPoolExecutor.CallerRunsPolicy());
    }

    /** The process-wide instance, its cache where the configuration says. */
    public static EmbeddingModels shared() {
        EmbeddingModels models = shared;
        if (models == null) {
            synchronized (EmbeddingModels.class) {
                models = shared;
                if (models == null) {
                    models = new EmbeddingModels(openConfiguredCache(), Runtime.getRuntime().availableProcessors());
                    shared = models;
                    Runtime.getRuntime().addShutdownHook(new Thread(shared::close, "parley-embeddings-close"));
                }
            }
        }
        return models;
    }

    static EmbeddingCache openConfiguredCache() {
        String directory = System.getProperty(CACHE_DIR_PROPERTY, System.getenv(CACHE_DIR_ENV));
        if (directory == null || directory.isBlank()) {
            directory = "data/embeddings";
        }
        return directory.equals("none") ? EmbeddingCache.inMemory() : EmbeddingCache.open(Path.of(directory));
    }

    /**
     * The operators' pipeline for a shipped model ({@link EmbeddingStyle#NORMALISED_BATCHED}), loading
     * the model on first use.
     *
     * @throws PluginException when the model cannot be loaded
     */
    public SentenceEmbedder embedder(EmbeddingModelCard card) {
        return embedder(card, EmbeddingStyle.NORMALISED_BATCHED);
    }

    /**
     * The pipeline for a shipped model in {@code style}, loading the model on first use.
     *
     * @throws PluginException when the model cannot be loaded
     */
    public SentenceEmbedder embedder(EmbeddingModelCard card, EmbeddingStyle style) {
        return embedders.computeIfAbsent(style.cacheKey(card), key -> new SentenceEmbedder(encoder(card), cache, pool, style));
    }

    /** The model itself, for raw batch inference (the benchmark's reference). */
    public TransformerEncoder encoder(EmbeddingModelCard card) {
        return encoders.computeIfAbsent(card.ref(), ref -> {
            try {
                return TransformerEncoder.load(card);
            } catch (IOException e) {
                throw new PluginException("cannot load model " + ref + ": " + e.getMessage(), e);
            }
        });
    }

    public EmbeddingCache cache() {
        return cache;
    }

    /** The bounded inference pool, for pipelines built on these models (the benchmark's). */
    public Executor pool() {
        return pool;
    }

    @Override
    public void close() {
        pool.shutdown();
        encoders.values().forEach(TransformerEncoder::close);
        cache.close();
    }
}
