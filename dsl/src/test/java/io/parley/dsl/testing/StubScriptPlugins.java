package io.parley.dsl.testing;

import io.parley.engine.spi.plugin.ConfigOption;
import io.parley.engine.spi.plugin.ConfigOption.ConfigType;
import io.parley.engine.spi.plugin.DialogueMapperPlugin;
import io.parley.engine.spi.plugin.OperatorPlugin;
import io.parley.engine.spi.plugin.PluginInfo;
import io.parley.engine.spi.plugin.PluginKind;
import io.parley.engine.spi.plugin.ScoringFunctionPlugin;

import java.util.List;
import java.util.Map;

/**
 * Stand-ins for the {@code js} plugins (plugins/js), with its options, so the DSL's tests check
 * script declarations without a script engine: the DSL depends on the engine's SPI only.
 */
public final class StubScriptPlugins {
    private static final List<ConfigOption> OPTIONS = List.of(
            ConfigOption.required("source", ConfigType.SCRIPT, "The script."),
            ConfigOption.optional("file", ConfigType.STRING, null, "The file the script was read from."),
            ConfigOption.optional("line", ConfigType.INTEGER, "1", "Line of the script's first character."),
            ConfigOption.optional("column", ConfigType.INTEGER, "1", "Column of the script's first character."),
            ConfigOption.optional("timeoutMillis", ConfigType.INTEGER, "1000", "Time budget per call."));

    private StubScriptPlugins() {
    }

    private static PluginInfo info(PluginKind kind) {
        return new PluginInfo("js", "0.0.0-test", kind, "stand-in", OPTIONS);
    }

    public static final class Operator implements OperatorPlugin {
        @Override
        public PluginInfo info() {
            return StubScriptPlugins.info(PluginKind.OPERATOR);
        }

        @Override
        public PreparedOperator prepare(List<Use> uses) {
            throw new UnsupportedOperationException("a stand-in for checking only");
        }
    }

    public static final class Formula implements ScoringFunctionPlugin {
        @Override
        public PluginInfo info() {
            return StubScriptPlugins.info(PluginKind.SCORING_FUNCTION);
        }

        @Override
        public ScoringFunction prepare(Map<String, Object> config, String origin) {
            throw new UnsupportedOperationException("a stand-in for checking only");
        }
    }

    public static final class Mapper implements DialogueMapperPlugin {
        @Override
        public PluginInfo info() {
            return StubScriptPlugins.info(PluginKind.DIALOGUE_MAPPER);
        }

        @Override
        public DialogueMapper prepare(Map<String, Object> config, String origin) {
            throw new UnsupportedOperationException("a stand-in for checking only");
        }
    }
}
