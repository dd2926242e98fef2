package io.parley.engine.impl.plugin;

import io.parley.engine.impl.annotate.LexiconOperator;
import io.parley.engine.impl.annotate.RegexOperator;
import io.parley.engine.spi.plugin.ConfigOption;
import io.parley.engine.spi.plugin.ConfigOption.ConfigType;
import io.parley.engine.spi.plugin.DialogueMapperPlugin;
import io.parley.engine.spi.plugin.OperatorPlugin;
import io.parley.engine.spi.plugin.Plugin;
import io.parley.engine.spi.plugin.PluginException;
import io.parley.engine.spi.plugin.PluginInfo;
import io.parley.engine.spi.plugin.PluginKind;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PluginRegistryTest {
    private static final List<ConfigOption> SCRIPT_OPTIONS = List.of(
            ConfigOption.required("source", ConfigType.SCRIPT, "The script."),
            ConfigOption.optional("timeoutMillis", ConfigType.INTEGER, "1000", "Time budget per call."),
            ConfigOption.optional("strict", ConfigType.BOOLEAN, "true", "Strict mode."));

    @Test
    void theCallBudgetIsTenSecondsUnlessTheSystemPropertySaysOtherwise() {
        assertThat(PluginRegistry.of(List.of()).callBudget()).isEqualTo(Duration.ofSeconds(10));
        try {
            System.setProperty(PluginRegistry.CALL_BUDGET_PROPERTY, "250");
            assertThat(PluginRegistry.of(List.of()).callBudget()).isEqualTo(Duration.ofMillis(250));
            System.setProperty(PluginRegistry.CALL_BUDGET_PROPERTY, "PT2S");
            assertThat(PluginRegistry.of(List.of()).callBudget()).isEqualTo(Duration.ofSeconds(2));
            System.setProperty(PluginRegistry.CALL_BUDGET_PROPERTY, "soon");
            assertThatThrownBy(() -> PluginRegistry.of(List.of()))
                    .hasMessage("-Dparley.plugin.call-budget=soon is not a duration: write milliseconds (5000) or ISO-8601 (PT5S)");
        } finally {
            System.clearProperty(PluginRegistry.CALL_BUDGET_PROPERTY);
        }
    }

    @Test
    void theInstalledRegistryHasTheBuiltInOperators() {
        PluginRegistry installed = PluginRegistry.installed();

        assertThat(installed.operator("lexicon")).isInstanceOf(LexiconOperator.class);
        assertThat(installed.operator("regex")).isInstanceOf(RegexOperator.class);
        assertThat(installed.idsOf(PluginKind.OPERATOR)).contains("lexicon", "regex");
    }

    @Test
    void oneIdMayNamePluginsOfDifferentKinds() {
        PluginRegistry registry = PluginRegistry.of(List.of(new ScriptOperator("js"), new ScriptMapper("js")));

        assertThat(registry.operator("js")).isInstanceOf(ScriptOperator.class);
        assertThat(registry.dialogueMapper("js")).isInstanceOf(ScriptMapper.class);
        assertThat(registry.plugins()).extracting(p -> p.info().kind()).containsExactly(PluginKind.OPERATOR, PluginKind.DIALOGUE_MAPPER);
    }

    @Test
    void twoPluginsOfOneKindAndIdAreRefusedAtStartUp() {
        assertThatThrownBy(() -> PluginRegistry.of(List.of(new ScriptOperator("js"), new ScriptOperator("js"))))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("two plugins claim operator 'js': ")
                .hasMessageContaining(ScriptOperator.class.getName());
    }

    @Test
    void aPluginMustImplementTheInterfaceOfItsKind() {
        Plugin liar = () -> new PluginInfo("liar", "1", PluginKind.RESULT_SINK, "", List.of());

        assertThatThrownBy(() -> PluginRegistry.of(List.of(liar)))
                .hasMessageContaining("says it is result sink 'liar' 1 but does not implement ResultSinkPlugin");
    }

    @Test
    void anUnknownIdSuggestsTheLikelyOneAndListsTheInstalled() {
        PluginRegistry registry = PluginRegistry.of(List.of(new ScriptOperator("js"), new ScriptMapper("jsonata")));

        assertThatThrownBy(() -> registry.operator("jss"))
                .isInstanceOf(PluginException.class)
                .hasMessage("unknown operator plugin 'jss'; did you mean 'js'? (installed: js)");
        assertThatThrownBy(() -> registry.scoringFunction("js"))
                .hasMessage("unknown scoring function plugin 'js' (none is installed)");
    }

    @Test
    void configurationFillsDefaultsAndKeepsWhatWasGiven() {
        PluginRegistry registry = PluginRegistry.of(List.of(new ScriptOperator("js")));

        assertThat(registry.configure(registry.operator("js"), Map.of("source", "() => []", "strict", false)).values())
                .isEqualTo(Map.of("source", "() => []", "timeoutMillis", 1000L, "strict", false));
    }

    @Test
    void badConfigurationNamesThePluginAndEveryBadOption() {
        PluginRegistry registry = PluginRegistry.of(List.of(new ScriptOperator("js")));

        assertThatThrownBy(() -> registry.configure(registry.operator("js"), Map.of("timeoutMilis", 5)))
                .isInstanceOf(PluginException.class)
                .hasMessageContaining("operator 'js' 0.1.0 has no option 'timeoutMilis' (did you mean 'timeoutMillis'?)")
                .hasMessageContaining("operator 'js' 0.1.0 needs option 'source' (The script.)");
        assertThatThrownBy(() -> registry.configure(registry.operator("js"), Map.of("source", "x", "timeoutMillis", "soon")))
                .hasMessage("option 'timeoutMillis' of operator 'js' 0.1.0 must be a whole number, not \"soon\" (Time budget per call.)");
    }

    static final class ScriptOperator implements OperatorPlugin {
        private final String id;

        ScriptOperator(String id) {
            this.id = id;
        }

        @Override
        public PluginInfo info() {
            return new PluginInfo(id, "0.1.0", PluginKind.OPERATOR, "scripts", SCRIPT_OPTIONS);
        }

        @Override
        public PreparedOperator prepare(List<Use> uses) {
            return (dialogue, turns, earlierSignals, signals) -> {
            };
        }
    }

    static final class ScriptMapper implements DialogueMapperPlugin {
        private final String id;

        ScriptMapper(String id) {
            this.id = id;
        }

        @Override
        public PluginInfo info() {
            return new PluginInfo(id, "0.1.0", PluginKind.DIALOGUE_MAPPER, "maps", List.of());
        }

        @Override
        public DialogueMapper prepare(Map<String, Object> config, String origin) {
            return raw -> raw;
        }
    }
}
