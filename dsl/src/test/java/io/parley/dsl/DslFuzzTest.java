package io.parley.dsl;

import io.parley.dsl.checker.Checker;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The lexer, parser and checker on arbitrary text and on mutations of a shipped rule file: they
 * report diagnostics, and never throw (no StackOverflowError, no OutOfMemoryError, no stray
 * RuntimeException). The deep-nesting cases of issue 14 are in the corpus below; LimitsTest has
 * the large ones.
 */
class DslFuzzTest {
    private static final String VALID = """
            template "fuzz" version 1 language zh
            lexicon greeting = ["您好", "你好"]
            lexicon forbidden = ["不知道", "30% off"]
            rule no_greeting "未问候" severity minor tags ["开场"]:
              not agent says any greeting
            rule forbidden_phrase "禁语" severity major:
              (agent says any forbidden or customer says any forbidden) and not (agent says any greeting)
            scorecard quality base 100:
              forbidden_phrase -20
              no_greeting -5
            """;

    private static void checks(String source) {
        Includes.Composed composed = Includes.compose("fuzz.parley", source);
        Checker.check(composed.syntax(), composed.diagnostics());
        assertThat(composed.diagnostics().toList()).isNotNull();
    }

    @Property(tries = 300)
    void arbitraryTextIsCheckedWithoutThrowing(@ForAll String text) {
        checks(text);
    }

    @Property(tries = 300)
    void mutatedRuleFilesAreCheckedWithoutThrowing(@ForAll("mutatedRuleFiles") String source) {
        checks(source);
    }

    @Example
    void theCorpusIsCheckedWithoutThrowing() {
        String head = "template \"deep\" version 1 language zh\nlexicon g = [\"a\"]\nrule r \"r\" severity minor:\n  ";
        checks(head + "(".repeat(5_000) + "agent says any g" + ")".repeat(5_000) + "\n");
        checks(head + "not ".repeat(5_000) + "agent says any g\n");
        checks(head + "(not ".repeat(3_000) + "agent says any g" + ")".repeat(3_000) + "\n");
        checks(head + "(".repeat(5_000) + "\n");
        checks("\u0000\uD800\"\"\"" + "[".repeat(10_000));
    }

    @Example
    void theShippedTemplateIsChecked() throws IOException {
        checks(Files.readString(Path.of("../examples/ecommerce-presale/template.parley")));
    }

    @Provide
    Arbitrary<String> mutatedRuleFiles() {
        Arbitrary<String> pieces = Arbitraries.of("(", ")", "not ", "\"", "\"\"\"", "[", "]", "/", ":", "\n", "\t", "\u0000",
                "\uD800", "any", "and", "or", "rule", "lexicon", "#", "%", "-", "1e9999", "999999999999", "within 5 turns after",
                "at least 0 times", "for the 2nd time", "include \"x.parley\"", "extends \"../../etc/passwd\"");
        Arbitrary<Integer> positions = Arbitraries.integers().between(0, VALID.length());
        return Arbitraries.oneOf(
                positions.flatMap(at -> pieces.map(piece -> VALID.substring(0, at) + piece + VALID.substring(at))),
                positions.flatMap(at -> Arbitraries.integers().between(0, 20).map(n ->
                        VALID.substring(0, at) + VALID.substring(Math.min(VALID.length(), at + n)))),
                positions.flatMap(at -> pieces.list().ofMaxSize(8).map(list ->
                        VALID.substring(0, at) + String.join("", list) + VALID.substring(at))));
    }
}
