package io.parley.engine.api;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class DiagnosticTest {

    @Test
    void rendersPositionLineCaretAndSuggestion() {
        Diagnostic diagnostic = new Diagnostic("PRL0202", Diagnostic.Severity.ERROR, "rules.parley", 4, 22, 7,
                "unknown lexicon 'greting'", "  not agent says any greting", "did you mean 'greeting'?");

        assertThat(diagnostic.render()).isEqualTo("""
                rules.parley:4:22: error PRL0202: unknown lexicon 'greting'
                      not agent says any greting
                                         ^^^^^^^
                  did you mean 'greeting'?
                """);
    }

    @Test
    void wideCharactersTakeTwoCellsSoTheCaretLinesUpInATerminal() {
        Diagnostic diagnostic = new Diagnostic("PRL0202", Diagnostic.Severity.ERROR, "f.parley", 1, 26, 2,
                "unknown lexicon '问候'", "rule 未问候: agent says any 问候", null);

        assertThat(diagnostic.render().lines().toList().get(2)).isEqualTo(" ".repeat(32) + "^^^^");
    }

    @Test
    void aSpanAtTheEndOfTheLineStillGetsACaret() {
        Diagnostic diagnostic = new Diagnostic("PRL0110", Diagnostic.Severity.ERROR, "f.parley", 1, 10, 1,
                "expected a condition", "rule x \"t\":", null);

        assertThat(diagnostic.render().lines().toList().get(2)).isEqualTo("             ^");
    }
}
