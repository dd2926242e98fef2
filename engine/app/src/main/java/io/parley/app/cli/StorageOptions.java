package io.parley.app.cli;

import io.parley.app.CliException;
import io.parley.storage.mongo.StorageFactory;
import io.parley.engine.spi.storage.Storage;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/** Where results live: embedded MongoDB under {@code --data-dir}, or a real server by URI. */
final class StorageOptions {
    @Option(names = "--data-dir", defaultValue = "data", paramLabel = "DIR",
            description = "Directory for the embedded database (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--mongo-uri", defaultValue = "${env:PARLEY_MONGO_URI}", paramLabel = "URI",
            description = "A real MongoDB, e.g. mongodb://db1:27017/parley (default: $PARLEY_MONGO_URI; unset = embedded).")
    String mongoUri;

    /** Opens storage; a busy data directory or a malformed URI is the user's to fix, not a crash. */
    Storage open() {
        try {
            return StorageFactory.open(dataDir, mongoUri);
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new CliException(e.getMessage(), 2);
        }
    }
}
