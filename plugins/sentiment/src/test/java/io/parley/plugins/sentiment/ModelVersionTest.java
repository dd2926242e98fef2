package io.parley.plugins.sentiment;

import io.parley.engine.impl.plugin.PluginRegistry;
import io.parley.engine.spi.plugin.OperatorPlugin;
import io.parley.engine.spi.plugin.OperatorPlugin.PreparedOperator;
import io.parley.engine.spi.plugin.OperatorPlugin.Use;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The heads each operator calls, as backtests key their stored signals by them (PreparedOperator.modelVersion()). */
class ModelVersionTest {
    private final PluginRegistry registry = PluginRegistry.installed();

    private String modelVersion(String plugin, Map<String, Object> config) {
        OperatorPlugin operator = registry.operator(plugin);
        Use use = new Use("op", registry.configure(operator, config).values(), "rules.parley:1:1");
        try (PreparedOperator prepared = operator.prepare(List.of(use), registry.operatorContext())) {
            return prepared.modelVersion();
        }
    }

    @Test
    void sentimentNamesTheTurnHead() {
        assertThat(modelVersion("sentiment", Map.of("label", "negative"))).isEqualTo(turnHead());
    }

    @Test
    void satisfactionNamesTheTurnHeadAndTheDialogueHeadWhenItReadsOne() {
        assertThat(modelVersion("satisfaction", Map.of())).isEqualTo(turnHead());
        assertThat(modelVersion("satisfaction", Map.of("dialogue_model", "trained")))
                .isEqualTo(turnHead() + ",sentiment-zh-dialogue@1.20261124");
    }

    private static String turnHead() {
        return "sentiment-zh-context@2.20261124";
    }
}
