package io.parley.plugins.onnx;

import io.parley.engine.spi.plugin.Plugin;
import io.parley.engine.spi.plugin.PluginInfo;
import org.junit.jupiter.api.Test;

import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;

class PluginRegistrationTest {
    @Test
    void theOperatorsAreFoundByServiceLoaderAndNameTheirModels() {
        var infos = ServiceLoader.load(Plugin.class).stream().map(provider -> provider.get().info())
                .filter(info -> info.id().equals("intent") || info.id().equals("similarity") || info.id().equals("onnx_classifier"))
                .toList();
        assertThat(infos).extracting(PluginInfo::id).containsExactlyInAnyOrder("intent", "similarity", "onnx_classifier");
        assertThat(infos).filteredOn(info -> !info.id().equals("onnx_classifier"))
                .allSatisfy(info -> assertThat(info.description())
                        .contains("bge-small-zh-v1.5-q@1.10.0-beta18 (zh)", "all-minilm-l6-v2-q@1.19.0-beta29 (en)"))
                .allSatisfy(info -> assertThat(info.config()).extracting(option -> option.name())
                        .containsExactly("examples", "threshold", "model"));
    }
}
