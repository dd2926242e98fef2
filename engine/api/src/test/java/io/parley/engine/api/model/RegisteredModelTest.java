package io.parley.engine.api.model;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RegisteredModelTest {
    private static final String SHA256_OF_ABC = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    @Test
    void aFileIsNamedSizedAndHashed(@TempDir Path dir) throws Exception {
        Path file = Files.writeString(dir.resolve("model.onnx"), "abc");

        assertThat(ModelFile.of(file)).isEqualTo(new ModelFile(file.toString(), 3, SHA256_OF_ABC));
        assertThat(ModelFile.of("in-a-jar.onnx", new ByteArrayInputStream("abc".getBytes(StandardCharsets.UTF_8))))
                .isEqualTo(new ModelFile("in-a-jar.onnx", 3, SHA256_OF_ABC));
        assertThatThrownBy(() -> ModelFile.of(dir.resolve("missing.onnx")))
                .isInstanceOf(UncheckedIOException.class).hasMessageStartingWith("cannot read model file " + dir.resolve("missing.onnx"));
        assertThatThrownBy(() -> new ModelFile("x", 1, "ABC"))
                .hasMessage("model file x: sha256 must be 64 lowercase hex digits, not ABC");
    }

    @Test
    void sameFilesIgnoresOrderButNotContent() {
        ModelFile a = new ModelFile("a.onnx", 3, SHA256_OF_ABC);
        ModelFile b = new ModelFile("b.json", 4, "0".repeat(64));
        RegisteredModel model = model(List.of(a, b), Map.of());

        assertThat(model.sameFiles(model(List.of(b, a), Map.of()))).isTrue();
        assertThat(model.sameFiles(model(List.of(a), Map.of()))).isFalse();
        assertThat(model.sameFiles(model(List.of(a, new ModelFile("b.json", 4, "1".repeat(64))), Map.of()))).isFalse();
        assertThat(model.ref()).isEqualTo("m@1");
    }

    @Test
    void keysThatCannotBeStoredAndNonNumbersAreRefused() {
        assertThatThrownBy(() -> model(List.of(), Map.of("heldOut.macroF1", 0.6)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("model m@1: metrics key 'heldOut.macroF1' must not be blank, hold a '.' or start with '$'"
                        + " (write heldOut_macroF1, not heldOut.macroF1)");
        assertThatThrownBy(() -> model(List.of(), Map.of("f1", Double.NaN)))
                .hasMessage("model m@1: metric 'f1' is NaN, not a number");
        assertThatThrownBy(() -> new RegisteredModel("m", " ", "onnx", "here", List.of(), null, null, null, null, null))
                .hasMessage("a registered model needs a version");
    }

    private static RegisteredModel model(List<ModelFile> files, Map<String, Double> metrics) {
        return new RegisteredModel("m", "1", "onnx", "descriptor: m.yaml", files, null, List.of("no", "yes"), Map.of(), Map.of(), metrics);
    }
}
