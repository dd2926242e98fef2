package io.parley.storage.mongo;

import com.mongodb.ConnectionString;
import io.parley.storage.mongo.MongoStorage;
import io.parley.engine.spi.storage.Storage;

import java.nio.file.Path;

/** Chooses where Parley stores: a real MongoDB when given a URI, else the embedded server under the data directory. */
public final class StorageFactory {
    private StorageFactory() {
    }

    /**
     * @param dataDir  where the embedded server keeps its file ({@code <dataDir>/mongo/parley.mv.db}) and
     *                 the credentials it asks for ({@code <dataDir>/mongo/credentials})
     * @param mongoUri {@code mongodb://…} or {@code mongodb+srv://…}, database from its path (default
     *                 {@code parley}); null or blank means embedded
     * @throws IllegalArgumentException    when the URI is malformed
     * @throws DataDirectoryInUseException when another process has the data directory open
     */
    public static Storage open(Path dataDir, String mongoUri) {
        if (mongoUri == null || mongoUri.isBlank()) {
            return MongoStorage.embedded(dataDir);
        }
        ConnectionString uri;
        try {
            uri = new ConnectionString(mongoUri.strip());
        } catch (IllegalArgumentException e) {
            // The driver's message names the problem without echoing the URI, which may hold a password.
            throw new IllegalArgumentException("invalid MongoDB URI: " + e.getMessage(), e);
        }
        return MongoStorage.connect(uri);
    }
}
