package io.parley.plugins.js;

import io.parley.engine.spi.plugin.Plugin;
import io.parley.engine.spi.plugin.PluginInfo;
import io.parley.engine.spi.plugin.PluginKind;
import org.junit.jupiter.api.Test;

import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class PluginRegistrationTest {

    @Test
    void theThreeJsPluginsAreFoundByTheServiceLoader() {
        assertThat(ServiceLoader.load(Plugin.class).stream().map(ServiceLoader.Provider::get).map(Plugin::info)
                .filter(info -> info.id().equals("js")))
                .extracting(PluginInfo::id, PluginInfo::kind)
                .containsExactlyInAnyOrder(tuple("js", PluginKind.OPERATOR), tuple("js", PluginKind.SCORING_FUNCTION),
                        tuple("js", PluginKind.DIALOGUE_MAPPER));
    }
}
