package io.parley.dsl.checker;

import io.parley.dsl.ast.Declaration;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A checked file: its well-formed declarations by kind, in source order. When the check reported no
 * error, every name a rule or the scorecard uses resolves here, so later stages need no checks of
 * their own.
 */
public record CheckedRuleSet(Optional<Declaration.Template> template, List<Declaration.Lexicon> lexicons,
                             List<Declaration.Pattern> patterns, List<Declaration.Rule> rules,
                             Optional<Declaration.Scorecard> scorecard) {
    public CheckedRuleSet {
        lexicons = List.copyOf(lexicons);
        patterns = List.copyOf(patterns);
        rules = List.copyOf(rules);
    }

    /** Lexicons by name; names are unique once the check passed. */
    public Map<String, Declaration.Lexicon> lexiconsByName() {
        return lexicons.stream().collect(Collectors.toMap(l -> l.name().name(), Function.identity(), (first, later) -> first));
    }
}
