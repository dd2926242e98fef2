package io.parley.storage.mongo;

import java.nio.file.Path;

/**
 * The embedded database of a data directory is held by another process: only one process can open
 * a data directory at a time. Carries the directory, so that a caller can say what to do instead.
 */
public final class DataDirectoryInUseException extends IllegalStateException {
    private static final long serialVersionUID = 1L;

    @SuppressWarnings("serial") // exceptions never leave the process, so are never serialised
    private final Path dataDir;

    DataDirectoryInUseException(Path dataDir, Path file, Throwable cause) {
        super("the embedded database " + file + " is in use by another process (another Parley on the data directory "
                + dataDir + "?)", cause);
        this.dataDir = dataDir;
    }

    /** The data directory as it was given. */
    public Path dataDir() {
        return dataDir;
    }
}
