package io.parley.dsl;

import io.parley.dsl.diagnostics.DiagnosticCode;
import io.parley.engine.spi.RuleSetCompiler;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/** docs/dsl.md stays true: its Parley examples compile cleanly and it documents every diagnostic code. */
class DocumentationTest {
    private static final Path REFERENCE = Path.of("../docs/dsl.md");
    private static final Pattern PARLEY_BLOCK = Pattern.compile("```parley\\n(.*?)```", Pattern.DOTALL);

    @TestFactory
    Stream<DynamicTest> everyParleyExampleCompilesWithoutDiagnostics() throws IOException {
        Matcher blocks = PARLEY_BLOCK.matcher(Files.readString(REFERENCE));
        List<String> examples = blocks.results().map(block -> block.group(1)).toList();
        assertThat(examples).hasSizeGreaterThanOrEqualTo(8);
        RuleSetCompiler compiler = new ParleyRuleSetCompiler();
        return IntStream.range(0, examples.size()).mapToObj(i -> DynamicTest.dynamicTest("example " + (i + 1), () -> {
            RuleSetCompiler.Compilation compilation = compiler.compile("dsl.md example " + (i + 1), examples.get(i));
            assertThat(compilation.diagnostics()).as(compilation.render()).isEmpty();
        }));
    }

    @Test
    void documentsEveryDiagnosticCode() throws IOException {
        String reference = Files.readString(REFERENCE);
        assertThat(Arrays.stream(DiagnosticCode.values()))
                .allSatisfy(code -> assertThat(reference).contains("| " + code.code() + " | "
                        + code.severity().name().toLowerCase() + " |"));
    }
}
