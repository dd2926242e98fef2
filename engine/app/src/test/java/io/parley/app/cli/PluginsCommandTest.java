package io.parley.app.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PluginsCommandTest {

    @Test
    void listsEveryPluginWithKindVersionAndOptions() {
        ConsoleCapture plugins = ConsoleCapture.run("plugins");

        assertThat(plugins.exitCode()).as(plugins.err()).isZero();
        assertThat(plugins.out())
                .contains("operator          lexicon 1.0.0")
                .contains("operator          regex 1.0.0")
                .containsPattern("terms +string list +required +The terms to find\\.");
    }

    @Test
    void printsTheMarkdownReferenceBetweenItsMarkers() {
        ConsoleCapture plugins = ConsoleCapture.run("plugins", "--markdown");

        assertThat(plugins.out()).startsWith(PluginReference.BEGIN).contains("#### `regex` 1.0.0")
                .endsWith(PluginReference.END + "\n");
    }
}
