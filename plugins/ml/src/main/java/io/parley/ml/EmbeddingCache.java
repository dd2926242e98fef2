package io.parley.ml;

import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.h2.mvstore.MVStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Sentence vectors by model and text (in its {@link EmbeddingStyle}'s form), kept in an H2 MVStore
 * file so a backtest over last month's dialogues reuses what the live run embedded: agents repeat
 * their scripts, and a phrase is embedded once per model and style. One map per cache key (the
 * model reference {@code id@version}, plus the style's name), so a new model version never reads an
 * older one's vectors, nor one style another's. Thread-safe. A file another process holds open is
 * not shared: this process then caches in memory only.
 */
public final class EmbeddingCache implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddingCache.class);
    static final String FILE_NAME = "embeddings.mv.db";

    private final MVStore store;
    private final Path file;
    private final ConcurrentHashMap<String, MVMap<String, byte[]>> maps = new ConcurrentHashMap<>();
    private final AtomicLong hits = new AtomicLong();

    private EmbeddingCache(MVStore store, Path file) {
        this.store = store;
        this.file = file;
    }

    /** A cache persisted under {@code directory} (created if needed), or in memory when that file is in use elsewhere. */
    public static EmbeddingCache open(Path directory) {
        Path file = directory.resolve(FILE_NAME);
        try {
            Files.createDirectories(directory);
            return new EmbeddingCache(new MVStore.Builder().fileName(file.toString()).open(), file);
        } catch (MVStoreException | java.io.IOException e) {
            log.warn("embedding cache {} cannot be opened ({}); caching in memory only", file, e.getMessage());
            return inMemory();
        }
    }

    public static EmbeddingCache inMemory() {
        return new EmbeddingCache(MVStore.open(null), null);
    }

    /** Where the cache is persisted, or null when it lives in memory only. */
    public Path file() {
        return file;
    }

    public float[] get(String key, String text) {
        byte[] bytes = map(key).get(text);
        if (bytes == null) {
            return null;
        }
        hits.incrementAndGet();
        float[] vector = new float[bytes.length / Float.BYTES];
        ByteBuffer.wrap(bytes).asFloatBuffer().get(vector);
        return vector;
    }

    public void put(String key, String text, float[] vector) {
        ByteBuffer bytes = ByteBuffer.allocate(vector.length * Float.BYTES);
        bytes.asFloatBuffer().put(vector);
        map(key).put(text, bytes.array());
    }

    public long size(String key) {
        return map(key).sizeAsLong();
    }

    public long hits() {
        return hits.get();
    }

    private MVMap<String, byte[]> map(String key) {
        return maps.computeIfAbsent(key, k -> store.openMap("embeddings@" + k));
    }

    @Override
    public void close() {
        if (!store.isClosed()) {
            store.close();
        }
    }
}
