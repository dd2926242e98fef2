package io.parley.app.cli;

import io.parley.ml.EmbeddingCache;
import io.parley.ml.EmbeddingModels;

import java.nio.file.Path;

/**
 * The embedding models a training command runs on: the process's shared ones with the usual cache,
 * or, given {@code --embedding-cache DIR}, its own with the cache in that directory ({@code none}: in
 * memory, for figures that do not depend on earlier runs), closed when the command is done.
 */
record CommandEmbeddings(EmbeddingModels models, boolean own) implements AutoCloseable {

    static CommandEmbeddings of(Path cacheDirectory) {
        if (cacheDirectory == null) {
            return new CommandEmbeddings(EmbeddingModels.shared(), false);
        }
        EmbeddingCache cache = cacheDirectory.toString().equals("none") ? EmbeddingCache.inMemory() : EmbeddingCache.open(cacheDirectory);
        return new CommandEmbeddings(new EmbeddingModels(cache, Runtime.getRuntime().availableProcessors()), true);
    }

    @Override
    public void close() {
        if (own) {
            models.close();
        }
    }
}
