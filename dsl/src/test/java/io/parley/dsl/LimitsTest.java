package io.parley.dsl;

import io.parley.dsl.diagnostics.Limits;
import io.parley.engine.api.Diagnostic;
import io.parley.engine.spi.RuleSetCompiler.Compilation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Huge and deeply nested rule files are error diagnostics (PRL0331), never a StackOverflowError or OutOfMemoryError. */
@Timeout(60)
class LimitsTest {
    private static final String HEAD = "template \"limits\" version 1 language zh\nlexicon greeting = [\"您好\"]\n";

    private static List<Diagnostic> check(String source) {
        Compilation compilation = new ParleyRuleSetCompiler().compile("limits.parley", source);
        return compilation.diagnostics();
    }

    private static List<String> codes(List<Diagnostic> diagnostics) {
        return diagnostics.stream().map(Diagnostic::code).toList();
    }

    @Test
    void fiveThousandParenthesesAreADiagnostic() {
        List<Diagnostic> diagnostics = check(HEAD + "rule r \"r\" severity minor:\n  " + "(".repeat(5_000)
                + "agent says any greeting" + ")".repeat(5_000) + "\n");
        assertThat(codes(diagnostics)).contains("PRL0331");
        assertThat(diagnostics).filteredOn(d -> d.code().equals("PRL0331")).first()
                .satisfies(d -> assertThat(d.message()).contains("more than " + Limits.MAX_NESTING + " deep"));
    }

    @Test
    void fiveThousandNotsAreADiagnostic() {
        assertThat(codes(check(HEAD + "rule r \"r\" severity minor:\n  " + "not ".repeat(5_000) + "agent says any greeting\n")))
                .contains("PRL0331");
    }

    @Test
    void nestingUpToTheLimitCompiles() {
        String source = HEAD + "rule r \"r\" severity minor:\n  " + "(".repeat(Limits.MAX_NESTING)
                + "agent says any greeting" + ")".repeat(Limits.MAX_NESTING) + "\n";
        assertThat(codes(check(source))).doesNotContain("PRL0331");
    }

    @Test
    void aHundredThousandTermLexiconIsAnErrorQuickly() {
        String terms = IntStream.range(0, 100_000).mapToObj(i -> "\"词" + i + "\"").collect(Collectors.joining(", "));
        List<Diagnostic> diagnostics = check(HEAD + "lexicon big = [" + terms + "]\nrule r \"r\" severity minor:\n  agent says any big\n");
        assertThat(diagnostics).filteredOn(d -> d.code().equals("PRL0331")).singleElement()
                .satisfies(d -> assertThat(d.message()).isEqualTo("lexicon 'big' has 100000 terms; at most 50000 are allowed"));
    }

    @Test
    void manyRedundantTermsWarnAFewTimesWithoutCopyingTheirLine() {
        // "词1" is in "词10", "词11", …: tens of thousands of redundant terms on one long line.
        String terms = IntStream.range(0, 40_000).mapToObj(i -> "\"词" + i + "\"").collect(Collectors.joining(", "));
        List<Diagnostic> diagnostics = check(HEAD + "lexicon big = [" + terms + "]\nrule r \"r\" severity minor:\n  agent says any big\n");
        List<Diagnostic> redundant = diagnostics.stream().filter(d -> d.code().equals("PRL0902")).toList();
        assertThat(redundant).hasSize(Limits.MAX_TERM_WARNINGS + 1);
        assertThat(redundant).filteredOn(d -> d.message().startsWith("lexicon 'big' has ")).singleElement()
                .satisfies(d -> assertThat(d.message()).matches("lexicon 'big' has \\d+ more duplicate or redundant terms not listed one by one"));
        assertThat(redundant).allSatisfy(d -> assertThat(d.sourceLine()).isNull());
        assertThat(redundant).anySatisfy(d -> assertThat(d.message()).startsWith("term \"词10\" contains the term \"词1\""));
    }

    @Test
    void aFileOverTheSizeLimitIsADiagnostic() {
        String source = HEAD + "#" + "x".repeat(Limits.MAX_SOURCE_CHARS) + "\n";
        assertThat(check(source)).singleElement().satisfies(d -> {
            assertThat(d.code()).isEqualTo("PRL0331");
            assertThat(d.severity()).isEqualTo(Diagnostic.Severity.ERROR);
        });
    }
}
