package io.parley.engine.api.ruleset;

import java.util.List;

/** Terms matched as plain substrings in one pass per turn; each match becomes a lexicon signal. */
public record LexiconDefinition(String name, List<String> terms) {
    public LexiconDefinition {
        terms = List.copyOf(terms);
    }
}
