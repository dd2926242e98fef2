package io.parley.app.cli;

import io.parley.engine.impl.plugin.PluginRegistry;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * docs/plugins.md's reference is what the installed plugins say about themselves. When a plugin's
 * metadata changes, run with {@code -Dparley.golden.update=true} to regenerate it, and review.
 */
class PluginsDocumentationTest {
    private static final Path DOC = Path.of("../../docs/plugins.md");
    private static final boolean UPDATE = Boolean.getBoolean("parley.golden.update");

    @Test
    void theGeneratedReferenceIsCurrent() throws IOException {
        String doc = Files.readString(DOC);
        int begin = doc.indexOf(PluginReference.BEGIN);
        int end = doc.indexOf(PluginReference.END);
        assertThat(begin).as("the BEGIN marker in " + DOC).isNotNegative();
        assertThat(end).as("the END marker after BEGIN in " + DOC).isGreaterThan(begin);
        String generated = new PluginReference(PluginRegistry.installed().plugins()).markdown();
        String documented = doc.substring(begin, end + PluginReference.END.length());
        if (UPDATE) {
            Files.writeString(DOC, doc.substring(0, begin) + generated + doc.substring(end + PluginReference.END.length()));
            return;
        }
        assertThat(documented).as("docs/plugins.md is out of date: rerun with -Dparley.golden.update=true").isEqualTo(generated);
    }

    @Test
    void theReferenceListsTheBuiltInsWithTheirOptions() {
        String markdown = new PluginReference(PluginRegistry.installed().plugins()).markdown();

        assertThat(markdown).contains("### Operators", "#### `lexicon` 1.0.0", "#### `regex` 1.0.0",
                "| `terms` | string list | yes |  | The terms to find. |");
    }

    @Test
    void theReferenceListsTheModelRunnersAfterTheResultSinks() {
        String markdown = new PluginReference(PluginRegistry.installed().plugins()).markdown();

        assertThat(markdown).contains("#### `model` 1.0.0", "| `runner` | string | yes |  | The model-runner plugin that loads and runs the model. |",
                "### Model runners\n\n#### `intent_head` 1.0.0", "#### `onnx` 1.0.0");
        assertThat(markdown.indexOf("### Model runners")).isGreaterThan(markdown.indexOf("### Result sinks"));
    }
}
