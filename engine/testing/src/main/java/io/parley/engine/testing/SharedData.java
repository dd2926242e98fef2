package io.parley.engine.testing;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the public datasets are for tests that read them: {@code $PARLEY_DATA} if set, else
 * {@code ../shared/data} beside the repository (found by walking up from the working directory to
 * the folder holding the {@code parley} launcher and the root {@code pom.xml}). Tests on them skip
 * cleanly where the data is absent; the project passes without it.
 */
public final class SharedData {
    private SharedData() {
    }

    /** The data folder, if it exists. */
    public static Optional<Path> root() {
        String configured = System.getenv("PARLEY_DATA");
        Path root = configured != null && !configured.isBlank() ? Path.of(configured)
                : repositoryRoot().map(repository -> repository.resolveSibling("shared").resolve("data")).orElse(null);
        return Optional.ofNullable(root).filter(Files::isDirectory).map(Path::toAbsolutePath);
    }

    /** A dataset's file, e.g. {@code require("intent_banking77/train.csv")}; skips the test when it is absent. */
    public static Path require(String relative) {
        Optional<Path> file = root().map(root -> root.resolve(relative)).filter(Files::exists);
        Assumptions.assumeTrue(file.isPresent(), () -> "dataset file " + relative + " not found under "
                + root().map(Path::toString).orElse("PARLEY_DATA or ../shared/data") + "; skipped");
        return file.orElseThrow();
    }

    /** The repository's root: the nearest folder up from the working directory with the launcher and the root pom. */
    public static Optional<Path> repositoryRoot() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (Files.isRegularFile(dir.resolve("parley")) && Files.isRegularFile(dir.resolve("pom.xml"))) {
                return Optional.of(dir);
            }
        }
        return Optional.empty();
    }
}
