package io.parley.ml.tools;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Where the tests that read the real data sets find them: {@code $PARLEY_DATA} when set, else
 * {@code ../shared/data} beside the repository root (the directory holding the {@code parley}
 * launcher and the root {@code pom.xml}, found walking up from the working directory). The data is
 * never copied into the repository (licences: docs/models.md, docs/models-sentiment.md), so where it
 * is absent these tests are skipped, not failed.
 */
public final class SharedData {
    private SharedData() {
    }

    /** The data folder, whether or not it exists. */
    public static Path directory() {
        String configured = System.getenv("PARLEY_DATA");
        if (configured != null && !configured.isBlank()) {
            return Path.of(configured);
        }
        for (Path dir = Path.of(System.getProperty("user.dir")).toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("parley")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return dir.resolveSibling("shared").resolve("data").normalize();
            }
        }
        throw new IllegalStateException("no Parley checkout (a directory with the parley launcher and pom.xml) above "
                + System.getProperty("user.dir"));
    }

    /**
     * A file or folder of the data folder, the calling test skipped (a JUnit assumption) when it is not there.
     *
     * @param relative e.g. {@code intent_banking77/train.csv}
     */
    public static Path require(String relative) {
        Path path = directory().resolve(relative);
        assumeTrue(Files.exists(path), "the shared data is not here: " + path + " (set PARLEY_DATA to its folder)");
        return path;
    }
}
