package io.parley.engine.impl.annotate;

import io.parley.engine.api.ruleset.LexiconDefinition;
import io.parley.engine.spi.plugin.ConfigOption;
import io.parley.engine.spi.plugin.OperatorPlugin;
import io.parley.engine.spi.plugin.PluginInfo;
import io.parley.engine.spi.plugin.PluginKind;

import java.util.List;

/**
 * The built-in {@code lexicon} operator: every use is one lexicon ({@code terms}), and all the
 * lexicons of a rule set share one Aho-Corasick automaton, so each turn is scanned once.
 */
public final class LexiconOperator implements OperatorPlugin {
    public static final String ID = "lexicon";
    public static final String TERMS = "terms";

    private static final PluginInfo INFO = new PluginInfo(ID, BuiltInOperators.VERSION, PluginKind.OPERATOR,
            "Finds the terms of a lexicon as plain substrings of each turn, ignoring case; one signal (kind "
                    + "'lexicon', named after the lexicon) per match. All lexicons of a rule set share one "
                    + "Aho-Corasick pass per turn. Declared in the DSL with 'lexicon NAME = [\"…\", …]'.",
            List.of(ConfigOption.required(TERMS, ConfigOption.ConfigType.STRING_LIST, "The terms to find.")));

    @Override
    public PluginInfo info() {
        return INFO;
    }

    @Override
    public PreparedOperator prepare(List<Use> uses) {
        LexiconAnnotator annotator = new LexiconAnnotator(uses.stream()
                .map(use -> new LexiconDefinition(use.name(), BuiltInOperators.strings(use, TERMS)))
                .toList());
        return new BuiltInOperators.PerTurn(annotator::annotate);
    }
}
