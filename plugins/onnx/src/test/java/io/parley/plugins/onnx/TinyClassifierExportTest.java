package io.parley.plugins.onnx;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The committed tiny classifier files are exactly what {@link TinyClassifierExport} writes. */
class TinyClassifierExportTest {
    static final Path COMMITTED = Path.of("src/test/resources/byom");
    private static final List<String> FILES = List.of("complaint.onnx", "complaint-nan.onnx", "complaint-3-outputs.onnx", "tokenizer.json");

    @Test
    void committedFilesAreWhatTheGeneratorWrites(@TempDir Path generated) throws IOException {
        if (Boolean.getBoolean("parley.byom.regenerate")) {
            TinyClassifierExport.write(COMMITTED);
        }
        TinyClassifierExport.write(generated);
        for (String file : FILES) {
            assertThat(Files.readAllBytes(COMMITTED.resolve(file))).as(file).isEqualTo(Files.readAllBytes(generated.resolve(file)));
        }
    }
}
