package io.parley.engine.impl.annotate;

import io.parley.engine.api.ruleset.PatternDefinition;
import io.parley.engine.spi.plugin.ConfigOption;
import io.parley.engine.spi.plugin.OperatorPlugin;
import io.parley.engine.spi.plugin.PluginException;
import io.parley.engine.spi.plugin.PluginInfo;
import io.parley.engine.spi.plugin.PluginKind;

import java.util.List;

/** The built-in {@code regex} operator: every use is one Java regular expression. */
public final class RegexOperator implements OperatorPlugin {
    public static final String ID = "regex";
    public static final String REGEX = "regex";

    private static final PluginInfo INFO = new PluginInfo(ID, BuiltInOperators.VERSION, PluginKind.OPERATOR,
            "Finds every non-empty match of a Java regular expression in each turn; one signal (kind 'regex', "
                    + "named after the pattern) per match. Declared in the DSL with 'pattern NAME = /…/' or inline "
                    + "as 'regex /…/'.",
            List.of(ConfigOption.required(REGEX, ConfigOption.ConfigType.STRING, "A Java regular expression.")));

    @Override
    public PluginInfo info() {
        return INFO;
    }

    @Override
    public PreparedOperator prepare(List<Use> uses) {
        RegexAnnotator annotator;
        try {
            annotator = new RegexAnnotator(uses.stream()
                    .map(use -> new PatternDefinition(use.name(), (String) use.config().get(REGEX)))
                    .toList());
        } catch (IllegalArgumentException invalidPattern) {
            throw new PluginException(invalidPattern.getMessage(), invalidPattern);
        }
        return new BuiltInOperators.PerTurn(annotator::annotate);
    }
}
