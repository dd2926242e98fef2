package io.parley.engine.api.dialogue;

import io.vertx.core.json.Json;
import io.vertx.core.json.JsonObject;
import io.vertx.json.schema.Draft;
import io.vertx.json.schema.JsonSchema;
import io.vertx.json.schema.JsonSchemaOptions;
import io.vertx.json.schema.OutputUnit;
import io.vertx.json.schema.Validator;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Keeps docs/dialogue.schema.json and {@link DialogueReader} in step: every fixture under
 * dialogues/valid passes both, every one under dialogues/invalid fails both. The checks a schema
 * cannot express (declared roles, time order) are covered by {@link DialogueReaderTest}.
 */
class DialogueSchemaTest {
    private static final Validator SCHEMA = Validator.create(
            JsonSchema.of(new JsonObject(read(documentation("dialogue.schema.json")))),
            new JsonSchemaOptions().setDraft(Draft.DRAFT202012).setBaseUri("urn:parley:schema:"));

    private final DialogueReader reader = new DialogueReader();

    @ParameterizedTest(name = "{0}")
    @MethodSource("validFixtures")
    void validFixturePassesReaderAndSchema(Path fixture) {
        String json = read(fixture);

        assertThat(reader.read(json).id()).isNotBlank();
        OutputUnit verdict = SCHEMA.validate(Json.decodeValue(json));
        assertThat(verdict.getValid()).as("schema verdict: %s", verdict.getErrors()).isTrue();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invalidFixtures")
    void invalidFixtureFailsReaderAndSchema(Path fixture) {
        String json = read(fixture);

        assertThatThrownBy(() -> reader.read(json)).isInstanceOf(InvalidDialogueException.class);
        assertThat(SCHEMA.validate(Json.decodeValue(json)).getValid()).as("schema accepts %s", fixture).isFalse();
    }

    static Stream<Path> validFixtures() {
        return fixtures("valid");
    }

    static Stream<Path> invalidFixtures() {
        return fixtures("invalid");
    }

    private static Stream<Path> fixtures(String kind) {
        try {
            Path dir = Path.of(DialogueSchemaTest.class.getResource("/dialogues/" + kind).toURI());
            // Materialised so the directory stream is closed before the tests run.
            return Files.list(dir).filter(p -> p.toString().endsWith(".json")).sorted().toList().stream();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The repository's docs/ directory, found from wherever the build runs the tests. */
    private static Path documentation(String name) {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path candidate = dir.resolve("docs").resolve(name);
            if (Files.isRegularFile(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("docs/" + name + " not found above " + Path.of("").toAbsolutePath());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
