package io.parley.dsl;

import io.parley.dsl.diagnostics.DiagnosticCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Golden files: each src/test/resources/diagnostics/CASE.parley compiles to exactly the rendered
 * diagnostics in CASE.expected. Run with {@code -Dparley.golden.update=true} to rewrite the
 * .expected files from the current output, then review the diff before committing it.
 */
class DiagnosticsGoldenTest {
    private static final Path CASES = Path.of("src/test/resources/diagnostics");
    private static final boolean UPDATE = Boolean.getBoolean("parley.golden.update");

    static Stream<String> cases() throws IOException {
        try (Stream<Path> files = Files.list(CASES)) {
            List<String> names = files.map(f -> f.getFileName().toString())
                    .filter(name -> name.endsWith(".parley"))
                    .map(name -> name.substring(0, name.length() - ".parley".length()))
                    .sorted()
                    .toList();
            return names.stream();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void rendersExactlyTheExpectedDiagnostics(String name) throws IOException {
        String source = Files.readString(CASES.resolve(name + ".parley"));
        String rendered = new ParleyRuleSetCompiler().compile(name + ".parley", source).render();
        Path expected = CASES.resolve(name + ".expected");
        if (UPDATE) {
            Files.writeString(expected, rendered);
            return;
        }
        assertThat(expected).as("missing " + expected + ": run with -Dparley.golden.update=true and review it").exists();
        assertThat(rendered).isEqualTo(Files.readString(expected));
    }

    @Test
    void everyDiagnosticCodeHasAGoldenCase() throws IOException {
        StringBuilder all = new StringBuilder();
        for (String name : cases().toList()) {
            Path expected = CASES.resolve(name + ".expected");
            if (Files.exists(expected)) {
                all.append(Files.readString(expected));
            }
        }
        assertThat(Arrays.stream(DiagnosticCode.values()).map(DiagnosticCode::code))
                .allSatisfy(code -> assertThat(all).as("a golden case showing " + code).contains(" " + code + ": "));
    }
}
