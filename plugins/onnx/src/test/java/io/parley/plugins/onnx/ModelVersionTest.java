package io.parley.plugins.onnx;

import io.parley.engine.impl.plugin.PluginRegistry;
import io.parley.engine.spi.plugin.OperatorPlugin;
import io.parley.engine.spi.plugin.OperatorPlugin.PreparedOperator;
import io.parley.engine.spi.plugin.OperatorPlugin.Use;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which operators of this module say the model they call ({@code PreparedOperator.modelVersion()}),
 * so a backtest reuses their stored signals instead of running the model again. {@code intent} does
 * not: whether a turn is one intent depends on the other intents of its group, which a draft may change.
 */
class ModelVersionTest {
    private static final Path BYOM = TinyClassifierExportTest.COMMITTED.toAbsolutePath();
    private final PluginRegistry registry = PluginRegistry.installed();

    private String modelVersion(String plugin, Map<String, Object> config) {
        OperatorPlugin operator = registry.operator(plugin);
        Use use = new Use("op", registry.configure(operator, config).values(), BYOM.resolve("rules.parley") + ":1:1");
        try (PreparedOperator prepared = operator.prepare(List.of(use), registry.operatorContext())) {
            return prepared.modelVersion();
        }
    }

    @Test
    void similarityNamesItsEmbeddingModel() {
        assertThat(modelVersion("similarity", Map.of("examples", List.of("我要退款"), "threshold", 0.8)))
                .isEqualTo("bge-small-zh-v1.5-q@1.10.0-beta18");
        assertThat(modelVersion("similarity", Map.of("examples", List.of("refund please"), "model", "all-minilm-l6-v2-q")))
                .isEqualTo("all-minilm-l6-v2-q@1.19.0-beta29");
    }

    @Test
    void aClassifierNamesItsModel() {
        assertThat(modelVersion("onnx_classifier", Map.of("descriptor", "complaint.yaml", "label", "complaint", "threshold", 0.5)))
                .isEqualTo("tiny-complaint@1.0.0");
    }

    @Test
    void intentIsRecomputedBecauseItsGroupDecides() {
        assertThat(modelVersion("intent", Map.of("examples", List.of("我要退款", "退钱")))).isNull();
    }
}
