package io.parley.dsl.checker;

import io.parley.dsl.ast.Condition;
import io.parley.dsl.ast.Declaration;
import io.parley.dsl.ast.DeclarationKind;
import io.parley.dsl.ast.Identifier;
import io.parley.dsl.ast.IntLiteral;
import io.parley.dsl.ast.Match;
import io.parley.dsl.ast.Position;
import io.parley.dsl.diagnostics.DiagnosticCode;
import io.parley.dsl.diagnostics.Diagnostics;
import io.parley.engine.api.NameSuggestions;
import io.parley.engine.api.ruleset.PluginBinding;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import static io.parley.dsl.checker.SymbolTable.isOperator;
import static io.parley.dsl.checker.SymbolTable.kindOf;
import static io.parley.dsl.checker.VocabularyChecker.SIMILARITY_PLUGIN;
import static io.parley.dsl.checker.VocabularyChecker.examplesConfig;

/**
 * The conditions on what one turn says: {@code says} with its terms, regexes, entities, intents and
 * similar phrases, {@code turn matches} with an operator, and the positions they are limited to.
 */
final class MatchChecker {
    private final Diagnostics diagnostics;
    private final SymbolTable symbols;
    private final VocabularyChecker vocabulary;
    private final PluginUses pluginUses;
    /** The plugin bindings of anonymous operators ({@code similar to …}), by their use. */
    private final Map<Match, PluginBinding> anonymousMatches = new HashMap<>();

    MatchChecker(Diagnostics diagnostics, SymbolTable symbols, VocabularyChecker vocabulary, PluginUses pluginUses) {
        this.diagnostics = diagnostics;
        this.symbols = symbols;
        this.vocabulary = vocabulary;
        this.pluginUses = pluginUses;
    }

    void checkMatches(Condition.Matches matches) {
        boolean roleKnown = matches.role().map(symbols::checkRole).orElse(true);
        Identifier name = matches.operator();
        Declaration declaration = symbols.useTermSource(name);
        if (declaration == null || !isOperator(declaration)) {
            String role = matches.role().map(Identifier::name).orElse("agent");
            String suggestion = declaration == null
                    ? NameSuggestions.didYouMean(name.name(), symbols.operatorNames())
                    : declaration.kind() == DeclarationKind.LEXICON
                    ? "match a lexicon with '" + role + " says any " + name.name() + "'"
                    : "match a pattern with '" + role + " says regex " + name.name() + "'";
            diagnostics.report(DiagnosticCode.UNKNOWN_OPERATOR, name.span(), declaration == null
                    ? "unknown operator '" + name.name() + "'"
                    : "'" + name.name() + "' is a " + declaration.kind().keyword() + ", not an operator", suggestion);
        }
        matches.position().ifPresent(position -> {
            if (matches.role().isPresent()) {
                checkPosition(position, matches.role().get(), roleKnown);
            } else {
                checkAnyTurnPosition(position);
            }
        });
    }

    /** {@code any turn matches …} has no role whose turns a position could count. */
    private void checkAnyTurnPosition(Position position) {
        checkPositionCount(position);
        position.role().ifPresent(role -> diagnostics.report(DiagnosticCode.POSITION_ROLE_MISMATCH, role.span(),
                "the position counts " + role.name() + " turns, but the condition is about any turn",
                "write 'within " + position.word() + " " + position.count().value() + " turns', or '" + role.name()
                        + " turn matches …' to look at " + role.name() + " turns only"));
    }

    void checkSays(Condition.Says says, String owner) {
        boolean roleKnown = symbols.checkRole(says.role());
        switch (says.match()) {
            case Match.Terms terms -> checkTermsMatch(terms, owner);
            case Match.Regex regex -> {
                checkRegexSource(regex.regex());
                regex.except().ifPresent(this::checkRegexSource);
            }
            case Match.Near near -> {
                checkTermsMatch(near.terms(), owner);
                if (!(near.terms().quantifier() instanceof Match.Quantifier.Any)) {
                    diagnostics.report(DiagnosticCode.INVALID_PROXIMITY, near.terms().span(),
                            "'within " + near.chars().value() + " chars of' needs one term on its left: 'any' or a \"literal\"",
                            "write 'says any X within " + near.chars().value() + " chars of Y'");
                }
                checkTermsMatch(new Match.Terms(new Match.Quantifier.Any(), near.other(), near.other().span()), owner);
            }
            case Match.Intent intent -> {
                Identifier name = intent.name();
                Declaration declaration = symbols.useTermSource(name);
                if (declaration == null || declaration.kind() != DeclarationKind.INTENT) {
                    diagnostics.report(DiagnosticCode.UNKNOWN_INTENT, name.span(), declaration != null
                                    ? "'" + name.name() + "' is " + article(kindOf(declaration)) + ", not an intent"
                                    : "unknown intent '" + name.name() + "'",
                            declaration == null ? NameSuggestions.didYouMean(name.name(), symbols.namesOf(DeclarationKind.INTENT))
                                    : "declare it with 'intent " + name.name() + " examples [\"…\"]'");
                }
            }
            case Match.Similar similar -> {
                vocabulary.checkTerms(similar.examples(), "the examples in " + owner);
                similar.above().ifPresent(vocabulary::checkThreshold);
                pluginUses.model(SIMILARITY_PLUGIN, examplesConfig(similar.examples(), similar.above()), similar.span())
                        .ifPresent(binding -> anonymousMatches.put(similar, binding));
            }
        }
        says.position().ifPresent(position -> checkPosition(position, says.role(), roleKnown));
    }

    private void checkTermsMatch(Match.Terms match, String owner) {
        Optional<Integer> distinctTerms = switch (match.terms()) {
            case Match.TermSource.LexiconRef ref -> resolveLexicon(ref.name())
                    .map(lexicon -> LexiconTerms.distinct(lexicon.terms().items()).size());
            case Match.TermSource.Inline inline -> {
                vocabulary.checkTerms(inline.terms(), "the list in " + owner);
                yield Optional.of(LexiconTerms.distinct(inline.terms().items()).size());
            }
        };
        if (match.quantifier() instanceof Match.Quantifier.AtLeast(IntLiteral count)) {
            if (count.value() < 1) {
                diagnostics.report(DiagnosticCode.COUNT_OUT_OF_RANGE, count.span(),
                        "'" + count.value() + " of' asks for no terms at all", "use a count of at least 1");
            } else {
                distinctTerms.filter(size -> size > 0 && count.value() > size).ifPresent(size ->
                        diagnostics.report(DiagnosticCode.COUNT_OUT_OF_RANGE, count.span(),
                                "'" + count.value() + " of' needs " + count.value() + " distinct terms, but "
                                        + describe(match.terms()) + " has " + size,
                                "use a count from 1 to " + size + ", or 'all'"));
            }
        }
    }

    private static String describe(Match.TermSource terms) {
        return switch (terms) {
            case Match.TermSource.LexiconRef ref -> "lexicon '" + ref.name().name() + "'";
            case Match.TermSource.Inline inline -> "the list";
        };
    }

    /** The lexicon a name refers to, if it is a well-formed one; reports the name if it is not a lexicon at all. */
    private Optional<Declaration.Lexicon> resolveLexicon(Identifier name) {
        Declaration declaration = symbols.useTermSource(name);
        if (declaration == null || declaration.kind() != DeclarationKind.LEXICON) {
            String suggestion = declaration == null
                    ? NameSuggestions.didYouMean(name.name(), symbols.namesOf(DeclarationKind.LEXICON))
                    : isOperator(declaration) ? "match an operator with 'ROLE turn matches " + name.name() + "'"
                    : "match a pattern with 'regex " + name.name() + "'";
            diagnostics.report(DiagnosticCode.UNKNOWN_LEXICON, name.span(),
                    declaration != null ? "'" + name.name() + "' is " + article(kindOf(declaration)) + ", not a lexicon"
                            : "unknown lexicon '" + name.name() + "'",
                    suggestion);
            return Optional.empty();
        }
        return declaration instanceof Declaration.Lexicon lexicon ? Optional.of(lexicon) : Optional.empty();
    }

    private void checkRegexSource(Match.RegexSource source) {
        switch (source) {
            case Match.RegexSource.Inline inline -> vocabulary.checkRegex(inline.regex());
            case Match.RegexSource.EntityRef ref -> {
                Identifier name = ref.name();
                Declaration declaration = symbols.useTermSource(name);
                if (declaration == null || declaration.kind() != DeclarationKind.ENTITY) {
                    String suggestion = declaration != null ? "match " + article(kindOf(declaration)) + " with '"
                            + (declaration.kind() == DeclarationKind.LEXICON ? "ROLE says any " : isOperator(declaration)
                            ? "ROLE turn matches " : "ROLE says regex ") + name.name() + "'"
                            : BuiltInEntities.regex(name.name()) != null
                            ? "'" + name.name() + "' is built in: declare it with 'entity " + name.name() + "'"
                            : NameSuggestions.didYouMean(name.name(), symbols.namesOf(DeclarationKind.ENTITY));
                    diagnostics.report(DiagnosticCode.UNKNOWN_ENTITY, name.span(), declaration != null
                            ? "'" + name.name() + "' is " + article(kindOf(declaration)) + ", not an entity"
                            : "unknown entity '" + name.name() + "'", suggestion);
                }
            }
            case Match.RegexSource.PatternRef ref -> {
                Identifier name = ref.name();
                Declaration declaration = symbols.useTermSource(name);
                if (declaration == null || declaration.kind() != DeclarationKind.PATTERN) {
                    String suggestion = declaration == null
                            ? NameSuggestions.didYouMean(name.name(), symbols.namesOf(DeclarationKind.PATTERN))
                            : isOperator(declaration) ? "match an operator with 'ROLE turn matches " + name.name() + "'"
                            : "match a lexicon with 'any " + name.name() + "'";
                    diagnostics.report(DiagnosticCode.UNKNOWN_PATTERN, name.span(),
                            declaration != null ? "'" + name.name() + "' is " + article(kindOf(declaration)) + ", not a pattern"
                                    : "unknown pattern '" + name.name() + "'",
                            suggestion);
                }
            }
        }
    }

    private static String article(String kind) {
        return (kind.startsWith("o") ? "an " : "a ") + kind;
    }

    private void checkPosition(Position position, Identifier atomRole, boolean atomRoleKnown) {
        checkPositionCount(position);
        position.role().ifPresent(role -> {
            boolean known = symbols.checkRole(role);
            if (known && atomRoleKnown && !role.name().equals(atomRole.name())) {
                String within = "within " + position.word() + " " + position.count().value();
                diagnostics.report(DiagnosticCode.POSITION_ROLE_MISMATCH, role.span(),
                        "the position counts " + role.name() + " turns, but the condition is about what "
                                + atomRole.name() + " says",
                        "write '" + within + " " + atomRole.name() + " turns', or '" + within + " turns' to count every turn");
            }
        });
    }

    private void checkPositionCount(Position position) {
        if (position.count().value() < 1) {
            diagnostics.report(DiagnosticCode.EMPTY_POSITION, position.count().span(),
                    "'within " + position.word() + " " + position.count().value() + "' covers no turns",
                    "use a count of at least 1, or drop the position");
        }
    }

    Map<Match, PluginBinding> anonymousMatches() {
        return anonymousMatches;
    }
}
