package io.parley.dsl.checker;

import io.parley.dsl.ast.Declaration;
import io.parley.dsl.ast.NumberLiteral;
import io.parley.dsl.ast.RegexLiteral;
import io.parley.dsl.ast.StringList;
import io.parley.dsl.ast.StringLiteral;
import io.parley.dsl.diagnostics.DiagnosticCode;
import io.parley.dsl.diagnostics.Limits;
import io.parley.dsl.diagnostics.Diagnostics;
import io.parley.engine.api.NameSuggestions;
import io.parley.engine.api.ruleset.PluginBinding;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

import static io.parley.dsl.checker.Numbers.format;

/**
 * What rules look for in a turn: term lists (of lexicons, intents and inline), regexes (of patterns
 * and entities), and the thresholds of model scores, with the built-in model plugins they bind.
 */
final class VocabularyChecker {
    /** The built-in model plugins and their options. */
    static final String INTENT_PLUGIN = "intent";
    static final String SIMILARITY_PLUGIN = "similarity";
    static final String SENTIMENT_PLUGIN = "sentiment";
    static final String EXAMPLES = "examples";
    static final String THRESHOLD = "threshold";
    static final String LABEL = "label";

    private final Diagnostics diagnostics;
    private final PluginUses pluginUses;

    VocabularyChecker(Diagnostics diagnostics, PluginUses pluginUses) {
        this.diagnostics = diagnostics;
        this.pluginUses = pluginUses;
    }

    /**
     * Empty lists are errors, and so are lists over {@link Limits#MAX_TERMS}; duplicate and redundant
     * terms are warnings, the first {@link Limits#MAX_TERM_WARNINGS} of each list one by one and the
     * rest summed up. {@code owner} names the list in messages.
     */
    void checkTerms(StringList terms, String owner) {
        if (terms.items().isEmpty()) {
            diagnostics.report(DiagnosticCode.EMPTY_LEXICON, terms.span(), owner + " has no terms",
                    "add at least one term, like [\"您好\"]");
            return;
        }
        if (terms.items().size() > Limits.MAX_TERMS) {
            diagnostics.report(DiagnosticCode.LIMIT_EXCEEDED, terms.span(), owner + " has " + terms.items().size()
                    + " terms; at most " + Limits.MAX_TERMS + " are allowed", "split it into several lexicons, or keep the"
                    + " terms that matter (docs/operations.md#input-limits)");
            return;
        }
        TermWarnings warnings = new TermWarnings(owner);
        Map<String, StringLiteral> firstByFolded = new HashMap<>();
        List<StringLiteral> distinct = new ArrayList<>();
        for (StringLiteral term : terms.items()) {
            if (term.value().isEmpty()) {
                diagnostics.report(DiagnosticCode.EMPTY_LEXICON, term.span(), "empty term in " + owner,
                        "an empty term matches nothing; remove it");
                continue;
            }
            StringLiteral first = firstByFolded.putIfAbsent(LexiconTerms.fold(term.value()), term);
            if (first != null) {
                warnings.report(DiagnosticCode.DUPLICATE_TERM, term.span(),
                        "duplicate term \"" + term.value() + "\" in " + owner + " (first on " + diagnostics.lineOf(first.span()) + ")",
                        "remove it; matching ignores case, so it adds nothing");
            } else {
                distinct.add(term);
            }
        }
        // The first shorter term (in list order) that a term contains: looked up by the term's substrings
        // when it is short, so that a lexicon of many terms is not compared pair by pair.
        Map<String, Integer> indexByFolded = new HashMap<>();
        for (int i = 0; i < distinct.size(); i++) {
            indexByFolded.putIfAbsent(LexiconTerms.fold(distinct.get(i).value()), i);
        }
        for (int k = 0; k < distinct.size(); k++) {
            StringLiteral longer = distinct.get(k);
            String folded = LexiconTerms.fold(longer.value());
            int found = -1;
            if (folded.length() <= SHORT_TERM) {
                for (int from = 0; from < folded.length(); from++) {
                    for (int to = from + 1; to <= folded.length(); to++) {
                        Integer index = indexByFolded.get(folded.substring(from, to));
                        if (index != null && index != k && (found < 0 || index < found)) {
                            found = index;
                        }
                    }
                }
            } else {
                for (int i = 0; i < distinct.size() && found < 0; i++) {
                    if (i != k && folded.contains(LexiconTerms.fold(distinct.get(i).value()))) {
                        found = i;
                    }
                }
            }
            if (found >= 0) {
                StringLiteral shorter = distinct.get(found);
                warnings.report(DiagnosticCode.REDUNDANT_TERM, longer.span(),
                        "term \"" + longer.value() + "\" contains the term \"" + shorter.value() + "\" of " + owner
                                + ", so for 'any' it is redundant: every turn it matches, \"" + shorter.value()
                                + "\" matches too",
                        "remove \"" + longer.value() + "\", or \"" + shorter.value() + "\" if it is too broad");
            }
        }
        warnings.summarise(terms);
    }

    /** Terms up to this long are checked for redundancy by their substrings; longer ones against each term. */
    private static final int SHORT_TERM = 64;

    /** One list's duplicate and redundant term warnings: the first few each, then a count of the rest. */
    private final class TermWarnings {
        private final String owner;
        private int reported;
        private int more;

        TermWarnings(String owner) {
            this.owner = owner;
        }

        void report(DiagnosticCode code, io.parley.dsl.source.Span span, String message, String suggestion) {
            if (reported < Limits.MAX_TERM_WARNINGS) {
                reported++;
                diagnostics.report(code, span, message, suggestion);
            } else {
                more++;
            }
        }

        void summarise(StringList terms) {
            if (more > 0) {
                diagnostics.report(DiagnosticCode.REDUNDANT_TERM, terms.span(), owner + " has " + more
                        + " more duplicate or redundant terms not listed one by one", "run 'parley check' after removing the ones above");
            }
        }
    }

    /** A group that repeats something itself repeated, like (a+)+ or (\\d*)*: backtracks exponentially on a near miss. */
    private static final Pattern NESTED_QUANTIFIER = Pattern.compile("\\((?:[^()\\\\]|\\\\.)*[+*]\\)[+*{]");

    void checkRegex(RegexLiteral regex) {
        try {
            Pattern.compile(regex.regex());
            try {
                com.google.re2j.Pattern.compile(regex.regex());
            } catch (com.google.re2j.PatternSyntaxException unsupported) {
                diagnostics.report(DiagnosticCode.BACKTRACKING_REGEX, regex.span(),
                        "the regex uses syntax that the linear-time regex engine (RE2) does not run ("
                                + unsupported.getDescription()
                                + (unsupported.getPattern() == null || unsupported.getPattern().isEmpty() ? "" : " " + unsupported.getPattern())
                                + "), so it runs on the backtracking engine and fails the evaluation past 5000000 steps on a turn",
                        "rewrite it without backreferences (\\1), lookaround ((?=, (?!, (?<=, (?<!), possessive quantifiers (a++) "
                                + "or atomic groups ((?>), e.g. match the wider text and test the rest in a rule");
                return;
            }
            if (NESTED_QUANTIFIER.matcher(regex.regex()).find()) {
                diagnostics.report(DiagnosticCode.BACKTRACKING_REGEX, regex.span(),
                        "the regex repeats a group that itself repeats, which backtracks exponentially on text that almost matches",
                        "drop the inner or the outer repetition, e.g. (\\d+)+ → \\d+");
            }
        } catch (PatternSyntaxException e) {
            String where = e.getIndex() >= 0 ? " near index " + e.getIndex() : "";
            diagnostics.report(DiagnosticCode.INVALID_REGEX, regex.span(),
                    "invalid regex: " + e.getDescription() + where, "Parley regexes are Java regular expressions");
        }
    }

    void checkThreshold(NumberLiteral threshold) {
        if (threshold.value() <= 0 || threshold.value() > 1) {
            diagnostics.report(DiagnosticCode.THRESHOLD_OUT_OF_RANGE, threshold.span(),
                    "the threshold " + format(threshold) + " is outside (0, 1]: model scores run from 0 to 1",
                    "use a value like 0.8");
        }
    }

    Optional<PluginBinding> checkIntent(Declaration.Intent intent) {
        checkTerms(intent.examples(), "intent '" + intent.name().name() + "'");
        intent.threshold().ifPresent(this::checkThreshold);
        return pluginUses.model(INTENT_PLUGIN, examplesConfig(intent.examples(), intent.threshold()), intent.name().span());
    }

    static Map<String, Object> examplesConfig(StringList examples, Optional<NumberLiteral> threshold) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put(EXAMPLES, LexiconTerms.distinct(examples.items()));
        threshold.ifPresent(t -> config.put(THRESHOLD, t.value()));
        return config;
    }

    void checkEntity(Declaration.Entity entity) {
        if (entity.regex().isPresent()) {
            checkRegex(entity.regex().get());
        } else if (BuiltInEntities.regex(entity.name().name()) == null) {
            String typo = NameSuggestions.didYouMean(entity.name().name(), BuiltInEntities.names());
            diagnostics.report(DiagnosticCode.UNKNOWN_ENTITY, entity.name().span(),
                    "'" + entity.name().name() + "' is not a built-in entity, and no regex defines it",
                    typo != null ? typo : "built-in entities are " + String.join(", ", BuiltInEntities.names())
                            + "; define your own with 'entity " + entity.name().name() + " = /…/'");
        }
    }
}
