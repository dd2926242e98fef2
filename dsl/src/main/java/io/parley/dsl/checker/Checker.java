package io.parley.dsl.checker;

import io.parley.dsl.ast.Condition;
import io.parley.dsl.ast.Declaration;
import io.parley.dsl.ast.DeclarationKind;
import io.parley.dsl.ast.Expectation;
import io.parley.dsl.ast.GradeBand;
import io.parley.dsl.ast.Identifier;
import io.parley.dsl.ast.IntLiteral;
import io.parley.dsl.ast.Match;
import io.parley.dsl.ast.NumberLiteral;
import io.parley.dsl.ast.Position;
import io.parley.dsl.ast.RegexLiteral;
import io.parley.dsl.ast.RuleSetFile;
import io.parley.dsl.ast.ScoreItem;
import io.parley.dsl.ast.StringList;
import io.parley.dsl.ast.StringLiteral;
import io.parley.dsl.ast.TestTurn;
import io.parley.dsl.diagnostics.DiagnosticCode;
import io.parley.dsl.diagnostics.Diagnostics;
import io.parley.dsl.source.Span;
import io.parley.engine.api.Dialogue;
import io.parley.engine.api.NameSuggestions;
import io.parley.engine.api.Turn;
import io.parley.engine.api.ruleset.OperatorBinding;
import io.parley.engine.api.ruleset.PluginBinding;
import io.parley.engine.api.ruleset.RuleTest;
import io.parley.engine.spi.plugin.PluginKind;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Resolves names and checks meaning: every reference resolves to a declaration of the right kind,
 * counts and positions make sense, regexes compile, the scorecard adds up. It reports every problem
 * it finds and never stops early. Declarations the parser gave up on still declare their names, so
 * a syntax error in one rule does not turn into "unknown rule" in the scorecard. Plugin uses are
 * checked against the plugins on the classpath. Tests are checked and built as a runner takes them.
 */
public final class Checker {
    /** Severities a rule may declare, mildest first; {@code minor} when none is declared. */
    public static final List<String> SEVERITIES = List.of("info", "minor", "major", "critical");
    public static final String DEFAULT_SEVERITY = "minor";
    /** Rules of this severity report hits but are not expected in the scorecard. */
    public static final String REPORT_ONLY_SEVERITY = "info";

    private final Diagnostics diagnostics;
    private final PluginUses pluginUses;
    /** Lexicons, patterns and operators share one namespace: a name says what to look for, whatever its kind. */
    private final Map<String, Declaration> termSources = new LinkedHashMap<>();
    private final Map<String, Declaration> rules = new LinkedHashMap<>();
    private final Map<String, Declaration> parties = new LinkedHashMap<>();
    private final Set<String> usedTermSources = new HashSet<>();
    private final List<Declaration.Lexicon> lexicons = new ArrayList<>();
    private final List<Declaration.Pattern> patterns = new ArrayList<>();
    private final List<Declaration> operators = new ArrayList<>();
    private final List<Declaration.Rule> wellFormedRules = new ArrayList<>();
    private final List<Declaration.Test> tests = new ArrayList<>();
    private Declaration scorecard;
    private Declaration.Script formula;
    private Declaration.Script mapper;

    private Checker(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
        this.pluginUses = new PluginUses(diagnostics, PluginCatalog.installed());
    }

    public static CheckedRuleSet check(RuleSetFile file, Diagnostics diagnostics) {
        return new Checker(diagnostics).run(file);
    }

    private CheckedRuleSet run(RuleSetFile file) {
        Optional<Declaration.Template> template = checkTemplate(file.declarations());
        file.declarations().forEach(this::declare);
        lexicons.forEach(lexicon -> checkTerms(lexicon.terms(), "lexicon '" + lexicon.name().name() + "'"));
        patterns.forEach(pattern -> checkRegex(pattern.regex()));
        List<OperatorBinding> operatorBindings = checkOperators();
        wellFormedRules.forEach(this::checkRule);
        Optional<Declaration.Scorecard> checkedScorecard = scorecard instanceof Declaration.Scorecard s
                ? Optional.of(s) : Optional.empty();
        checkedScorecard.ifPresent(this::checkScorecard);
        List<RuleTest> ruleTests = tests.stream().map(test -> checkTest(test, checkedScorecard)).toList();
        Optional<PluginBinding> formulaBinding = checkFormula();
        Optional<PluginBinding> mapperBinding = Optional.ofNullable(mapper)
                .flatMap(map -> pluginUses.script(map, PluginKind.DIALOGUE_MAPPER));
        // These are about the finished design; in a file with errors they mostly echo a misspelt reference.
        if (!diagnostics.hasErrors()) {
            warnUnusedTermSources();
            checkedScorecard.ifPresent(this::warnUnscoredRules);
        }
        return new CheckedRuleSet(template, lexicons, patterns, operatorBindings, wellFormedRules, checkedScorecard,
                formulaBinding, mapperBinding, ruleTests);
    }

    // ---- template header ------------------------------------------------------------------------

    private Optional<Declaration.Template> checkTemplate(List<Declaration> declarations) {
        List<Declaration> templates = declarations.stream().filter(d -> d.kind() == DeclarationKind.TEMPLATE).toList();
        if (templates.isEmpty()) {
            Span where = declarations.isEmpty() ? new Span(0, 0) : keywordOf(declarations.getFirst());
            diagnostics.report(DiagnosticCode.MISSING_TEMPLATE, where, "missing template header",
                    "start the file with a header like: template \"my-rules\" version 1 language zh");
            return Optional.empty();
        }
        Declaration first = templates.getFirst();
        if (declarations.getFirst() != first) {
            diagnostics.report(DiagnosticCode.TEMPLATE_NOT_FIRST, keywordOf(first),
                    "the template header must come before every other declaration",
                    "move it above " + diagnostics.lineOf(declarations.getFirst().span()));
        }
        for (Declaration later : templates.subList(1, templates.size())) {
            diagnostics.report(DiagnosticCode.DUPLICATE_DECLARATION, keywordOf(later),
                    "duplicate template header: the first is on " + diagnostics.lineOf(first.span()),
                    "a file declares one template; remove this one");
        }
        return first instanceof Declaration.Template template ? Optional.of(template) : Optional.empty();
    }

    private static Span keywordOf(Declaration declaration) {
        Span span = declaration.span();
        return new Span(span.start(), span.start() + declaration.kind().keyword().length());
    }

    // ---- declarations ---------------------------------------------------------------------------

    private void declare(Declaration declaration) {
        switch (declaration) {
            case Declaration.Template template -> {
            }
            case Declaration.Party party -> declareParty(party.name(), party);
            case Declaration.Lexicon lexicon -> {
                if (declareUnique(termSources, lexicon.name(), lexicon)) {
                    lexicons.add(lexicon);
                }
            }
            case Declaration.Pattern pattern -> {
                if (declareUnique(termSources, pattern.name(), pattern)) {
                    patterns.add(pattern);
                }
            }
            case Declaration.Operator operator -> {
                if (declareUnique(termSources, operator.name(), operator)) {
                    operators.add(operator);
                }
            }
            case Declaration.Script script -> declareScript(script);
            case Declaration.Rule rule -> {
                if (declareUnique(rules, rule.id(), rule)) {
                    wellFormedRules.add(rule);
                }
            }
            case Declaration.Scorecard card -> declareScorecard(card);
            case Declaration.Test test -> tests.add(test);
            case Declaration.Malformed malformed -> declareMalformed(malformed);
        }
    }

    private void declareMalformed(Declaration.Malformed malformed) {
        switch (malformed.kind()) {
            case LEXICON, PATTERN, OPERATOR, SCRIPT ->
                    malformed.name().ifPresent(name -> declareUnique(termSources, name, malformed));
            case RULE -> malformed.name().ifPresent(name -> declareUnique(rules, name, malformed));
            case PARTY -> malformed.name().ifPresent(name -> declareParty(name, malformed));
            case SCORECARD -> declareScorecard(malformed);
            case TEMPLATE, TEST -> {
            }
        }
    }

    private void declareScript(Declaration.Script script) {
        switch (script.role()) {
            case OPERATOR -> {
                if (declareUnique(termSources, script.name().orElseThrow(), script)) {
                    operators.add(script);
                }
            }
            case SCORE -> formula = declareOnce(formula, script, "score formula");
            case MAP -> mapper = declareOnce(mapper, script, "dialogue mapper");
        }
    }

    /** The first of a kind a file may have once wins; a later one is reported. */
    private Declaration.Script declareOnce(Declaration.Script first, Declaration.Script script, String what) {
        if (first == null) {
            return script;
        }
        diagnostics.report(DiagnosticCode.DUPLICATE_DECLARATION, keywordOf(script),
                "a rule set has one " + what + "; the first is on " + diagnostics.lineOf(first.span()),
                "remove one of them");
        return first;
    }

    private void declareParty(Identifier name, Declaration party) {
        if (Dialogue.BUILT_IN_ROLES.contains(name.name())) {
            diagnostics.report(DiagnosticCode.DUPLICATE_DECLARATION, name.span(),
                    "'" + name.name() + "' is a built-in role and needs no party declaration", "remove this declaration");
        } else {
            declareUnique(parties, name, party);
        }
    }

    private void declareScorecard(Declaration card) {
        if (scorecard == null) {
            scorecard = card;
            return;
        }
        diagnostics.report(DiagnosticCode.SECOND_SCORECARD, keywordOf(card),
                "a rule set has one scorecard; the first is on " + diagnostics.lineOf(scorecard.span()),
                "merge the two scorecards into one");
    }

    /** Registers a name; a name already taken is reported here and the first declaration wins. */
    private boolean declareUnique(Map<String, Declaration> namespace, Identifier name, Declaration declaration) {
        Declaration first = namespace.putIfAbsent(name.name(), declaration);
        if (first == null) {
            return true;
        }
        Identifier firstName = nameOf(first);
        diagnostics.report(DiagnosticCode.DUPLICATE_DECLARATION, name.span(),
                "duplicate " + kindOf(declaration) + " '" + name.name() + "': " + kindOf(first)
                        + " '" + name.name() + "' is already declared on " + diagnostics.lineOf(firstName.span()),
                "rename or remove one of them (the first is at " + diagnostics.locationOf(firstName.span()) + ")");
        return false;
    }

    /** How messages name what a declaration declares: a script operator is an operator. */
    private static String kindOf(Declaration declaration) {
        return declaration.kind() == DeclarationKind.SCRIPT ? DeclarationKind.OPERATOR.keyword() : declaration.kind().keyword();
    }

    private static boolean isOperator(Declaration declaration) {
        return declaration.kind() == DeclarationKind.OPERATOR || declaration.kind() == DeclarationKind.SCRIPT;
    }

    private static Identifier nameOf(Declaration declaration) {
        return switch (declaration) {
            case Declaration.Operator operator -> operator.name();
            case Declaration.Script script -> script.name().orElseThrow();
            case Declaration.Party party -> party.name();
            case Declaration.Lexicon lexicon -> lexicon.name();
            case Declaration.Pattern pattern -> pattern.name();
            case Declaration.Rule rule -> rule.id();
            case Declaration.Scorecard card -> card.name();
            case Declaration.Malformed malformed -> malformed.name().orElseThrow();
            case Declaration.Template template -> throw new IllegalArgumentException("a template has no name");
            case Declaration.Test test -> throw new IllegalArgumentException("a test declares no name");
        };
    }

    // ---- lexicons and patterns ------------------------------------------------------------------

    /** Empty lists are errors; duplicate and redundant terms are warnings. {@code owner} names the list in messages. */
    private void checkTerms(StringList terms, String owner) {
        if (terms.items().isEmpty()) {
            diagnostics.report(DiagnosticCode.EMPTY_LEXICON, terms.span(), owner + " has no terms",
                    "add at least one term, like [\"您好\"]");
            return;
        }
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
                diagnostics.report(DiagnosticCode.DUPLICATE_TERM, term.span(),
                        "duplicate term \"" + term.value() + "\" in " + owner + " (first on " + diagnostics.lineOf(first.span()) + ")",
                        "remove it; matching ignores case, so it adds nothing");
            } else {
                distinct.add(term);
            }
        }
        for (StringLiteral longer : distinct) {
            String folded = LexiconTerms.fold(longer.value());
            distinct.stream()
                    .filter(shorter -> shorter != longer && folded.contains(LexiconTerms.fold(shorter.value())))
                    .findFirst()
                    .ifPresent(shorter -> diagnostics.report(DiagnosticCode.REDUNDANT_TERM, longer.span(),
                            "term \"" + longer.value() + "\" contains the term \"" + shorter.value() + "\" of " + owner
                                    + ", so for 'any' it is redundant: every turn it matches, \"" + shorter.value()
                                    + "\" matches too",
                            "remove \"" + longer.value() + "\", or \"" + shorter.value() + "\" if it is too broad"));
        }
    }

    private void checkRegex(RegexLiteral regex) {
        try {
            Pattern.compile(regex.regex());
        } catch (PatternSyntaxException e) {
            String where = e.getIndex() >= 0 ? " near index " + e.getIndex() : "";
            diagnostics.report(DiagnosticCode.INVALID_REGEX, regex.span(),
                    "invalid regex: " + e.getDescription() + where, "Parley regexes are Java regular expressions");
        }
    }

    // ---- plugin uses ----------------------------------------------------------------------------

    private List<OperatorBinding> checkOperators() {
        List<OperatorBinding> bindings = new ArrayList<>();
        for (Declaration declaration : operators) {
            Optional<PluginBinding> binding = switch (declaration) {
                case Declaration.Operator operator -> pluginUses.operator(operator);
                case Declaration.Script script -> pluginUses.script(script, PluginKind.OPERATOR);
                default -> throw new IllegalStateException("not an operator: " + declaration.kind());
            };
            binding.ifPresent(b -> bindings.add(new OperatorBinding(nameOf(declaration).name(), b)));
        }
        return bindings;
    }

    private Optional<PluginBinding> checkFormula() {
        if (formula == null) {
            return Optional.empty();
        }
        if (scorecard == null) {
            diagnostics.report(DiagnosticCode.FORMULA_WITHOUT_SCORECARD, keywordOf(formula),
                    "a score formula needs a scorecard: it computes the scorecard's value",
                    "declare a scorecard, like 'scorecard service base 100: …', or remove the formula");
            return Optional.empty();
        }
        return pluginUses.script(formula, PluginKind.SCORING_FUNCTION);
    }

    // ---- rules ----------------------------------------------------------------------------------

    private void checkRule(Declaration.Rule rule) {
        rule.severity().ifPresent(severity -> {
            if (!SEVERITIES.contains(severity.name())) {
                String typo = NameSuggestions.didYouMean(severity.name(), SEVERITIES);
                diagnostics.report(DiagnosticCode.UNKNOWN_SEVERITY, severity.span(),
                        "unknown severity '" + severity.name() + "'",
                        typo != null ? typo : "use one of " + String.join(", ", SEVERITIES));
            }
        });
        checkCondition(rule.condition(), rule);
    }

    private void checkCondition(Condition condition, Declaration.Rule rule) {
        switch (condition) {
            case Condition.And and -> and.operands().forEach(operand -> checkCondition(operand, rule));
            case Condition.Or or -> or.operands().forEach(operand -> checkCondition(operand, rule));
            case Condition.Not not -> checkCondition(not.operand(), rule);
            case Condition.Says says -> checkSays(says, rule);
            case Condition.Matches matches -> checkMatches(matches);
        }
    }

    private void checkMatches(Condition.Matches matches) {
        boolean roleKnown = matches.role().map(this::checkRole).orElse(true);
        Identifier name = matches.operator();
        Declaration declaration = termSources.get(name.name());
        if (declaration != null) {
            usedTermSources.add(name.name());
        }
        if (declaration == null || !isOperator(declaration)) {
            String role = matches.role().map(Identifier::name).orElse("agent");
            String suggestion = declaration == null
                    ? NameSuggestions.didYouMean(name.name(), operatorNames())
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

    private List<String> operatorNames() {
        return termSources.entrySet().stream().filter(e -> isOperator(e.getValue())).map(Map.Entry::getKey).toList();
    }

    /** {@code any turn matches …} has no role whose turns a position could count. */
    private void checkAnyTurnPosition(Position position) {
        switch (position) {
            case Position.FirstTurns first -> {
                checkPositionCount(first);
                first.role().ifPresent(role -> diagnostics.report(DiagnosticCode.POSITION_ROLE_MISMATCH, role.span(),
                        "the position counts " + role.name() + " turns, but the condition is about any turn",
                        "write 'within first " + first.count().value() + " turns', or '" + role.name()
                                + " turn matches …' to look at " + role.name() + " turns only"));
            }
        }
    }

    private void checkSays(Condition.Says says, Declaration.Rule rule) {
        boolean roleKnown = checkRole(says.role());
        switch (says.match()) {
            case Match.Terms terms -> checkTermsMatch(terms, rule);
            case Match.Regex regex -> checkRegexMatch(regex);
        }
        says.position().ifPresent(position -> checkPosition(position, says.role(), roleKnown));
    }

    private boolean checkRole(Identifier role) {
        if (Dialogue.BUILT_IN_ROLES.contains(role.name()) || parties.containsKey(role.name())) {
            return true;
        }
        List<String> roles = new ArrayList<>(Dialogue.BUILT_IN_ROLES);
        roles.addAll(parties.keySet());
        String typo = NameSuggestions.didYouMean(role.name(), roles);
        diagnostics.report(DiagnosticCode.UNKNOWN_ROLE, role.span(), "unknown role '" + role.name() + "'",
                typo != null ? typo : "roles are " + String.join(", ", roles) + ", or declare one with 'party " + role.name() + "'");
        return false;
    }

    private void checkTermsMatch(Match.Terms match, Declaration.Rule rule) {
        Optional<Integer> distinctTerms = switch (match.terms()) {
            case Match.TermSource.LexiconRef ref -> resolveLexicon(ref.name())
                    .map(lexicon -> LexiconTerms.distinct(lexicon.terms().items()).size());
            case Match.TermSource.Inline inline -> {
                checkTerms(inline.terms(), "the list in rule '" + rule.id().name() + "'");
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
        Declaration declaration = termSources.get(name.name());
        if (declaration != null) {
            usedTermSources.add(name.name());
        }
        if (declaration == null || declaration.kind() != DeclarationKind.LEXICON) {
            String suggestion = declaration == null
                    ? NameSuggestions.didYouMean(name.name(), namesOf(DeclarationKind.LEXICON))
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

    private void checkRegexMatch(Match.Regex match) {
        switch (match.regex()) {
            case Match.RegexSource.Inline inline -> checkRegex(inline.regex());
            case Match.RegexSource.PatternRef ref -> {
                Identifier name = ref.name();
                Declaration declaration = termSources.get(name.name());
                if (declaration != null) {
                    usedTermSources.add(name.name());
                }
                if (declaration == null || declaration.kind() != DeclarationKind.PATTERN) {
                    String suggestion = declaration == null
                            ? NameSuggestions.didYouMean(name.name(), namesOf(DeclarationKind.PATTERN))
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

    private List<String> namesOf(DeclarationKind kind) {
        return termSources.entrySet().stream().filter(e -> e.getValue().kind() == kind).map(Map.Entry::getKey).toList();
    }

    private void checkPosition(Position position, Identifier atomRole, boolean atomRoleKnown) {
        switch (position) {
            case Position.FirstTurns first -> {
                checkPositionCount(first);
                first.role().ifPresent(role -> {
                    boolean known = checkRole(role);
                    if (known && atomRoleKnown && !role.name().equals(atomRole.name())) {
                        diagnostics.report(DiagnosticCode.POSITION_ROLE_MISMATCH, role.span(),
                                "the position counts " + role.name() + " turns, but the condition is about what "
                                        + atomRole.name() + " says",
                                "write 'within first " + first.count().value() + " " + atomRole.name()
                                        + " turns', or 'within first " + first.count().value() + " turns' to count every turn");
                    }
                });
            }
        }
    }

    private void checkPositionCount(Position.FirstTurns first) {
        if (first.count().value() < 1) {
            diagnostics.report(DiagnosticCode.EMPTY_POSITION, first.count().span(),
                    "'within first " + first.count().value() + "' covers no turns",
                    "use a count of at least 1, or drop the position");
        }
    }

    // ---- scorecard ------------------------------------------------------------------------------

    private void checkScorecard(Declaration.Scorecard card) {
        checkScoreRange(card.base(), "the base score");
        Map<String, ScoreItem> itemsByRule = new HashMap<>();
        for (ScoreItem item : card.items()) {
            Identifier rule = item.rule();
            checkRuleReference(rule, "scorecard '" + card.name().name() + "'");
            ScoreItem first = itemsByRule.putIfAbsent(rule.name(), item);
            if (first != null) {
                diagnostics.report(DiagnosticCode.DUPLICATE_SCORECARD_ENTRY, rule.span(),
                        "rule '" + rule.name() + "' is already scored on " + diagnostics.lineOf(first.span()),
                        "keep one line per rule");
            }
        }
        checkGrades(card.grades());
    }

    /** @param where what refers to the rule, for the message: "scorecard 'presale'" */
    private void checkRuleReference(Identifier rule, String where) {
        if (!rules.containsKey(rule.name())) {
            diagnostics.report(DiagnosticCode.UNKNOWN_RULE, rule.span(), "unknown rule '" + rule.name() + "' in " + where,
                    NameSuggestions.didYouMean(rule.name(), rules.keySet()));
        }
    }

    private void checkGrades(List<GradeBand> grades) {
        Map<String, GradeBand> bandsByGrade = new HashMap<>();
        GradeBand previous = null;
        for (GradeBand band : grades) {
            GradeBand first = bandsByGrade.putIfAbsent(band.grade().name(), band);
            if (first != null) {
                diagnostics.report(DiagnosticCode.DUPLICATE_SCORECARD_ENTRY, band.grade().span(),
                        "grade '" + band.grade().name() + "' is already defined (>= " + format(first.min()) + ")",
                        "give each band its own grade");
            }
            checkScoreRange(band.min(), "the minimum of grade '" + band.grade().name() + "'");
            if (previous != null && band.min().value() >= previous.min().value()) {
                diagnostics.report(DiagnosticCode.GRADES_NOT_DESCENDING, band.span(),
                        "grade '" + band.grade().name() + "' (>= " + format(band.min()) + ") must have a lower minimum than '"
                                + previous.grade().name() + "' before it (>= " + format(previous.min()) + ")",
                        "list the grades from the highest minimum to the lowest");
            }
            previous = band;
        }
        if (previous != null && previous.min().value() > 0 && previous.min().value() <= 100) {
            diagnostics.report(DiagnosticCode.UNGRADED_SCORES, previous.span(),
                    "scores below " + format(previous.min()) + " get no grade",
                    "end with a band for every remaining score, like 'F >= 0'");
        }
    }

    private void checkScoreRange(NumberLiteral score, String what) {
        if (score.value() < 0 || score.value() > 100) {
            diagnostics.report(DiagnosticCode.SCORE_OUT_OF_RANGE, score.span(),
                    what + " is " + format(score) + ", outside 0 to 100", "scores are clamped to [0, 100]; pick a value in that range");
        }
    }

    private static String format(NumberLiteral number) {
        double value = number.value();
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    // ---- warnings about the whole file ----------------------------------------------------------

    private void warnUnusedTermSources() {
        termSources.forEach((name, declaration) -> {
            boolean wellFormed = !(declaration instanceof Declaration.Malformed);
            if (wellFormed && !usedTermSources.contains(name)) {
                diagnostics.report(DiagnosticCode.UNUSED_DECLARATION, nameOf(declaration).span(),
                        kindOf(declaration) + " '" + name + "' is never used", isOperator(declaration)
                                ? "use it in a rule or remove it: it still runs on every dialogue"
                                : "use it in a rule or remove it: every turn is still scanned for it");
            }
        });
    }

    /** Report-only rules are meant to stay out of the score: they say so with severity info. */
    private void warnUnscoredRules(Declaration.Scorecard card) {
        Set<String> scored = new HashSet<>();
        card.items().forEach(item -> scored.add(item.rule().name()));
        for (Declaration.Rule rule : wellFormedRules) {
            boolean reportOnly = rule.severity().map(s -> s.name().equals(REPORT_ONLY_SEVERITY)).orElse(false);
            if (!scored.contains(rule.id().name()) && !reportOnly) {
                diagnostics.report(DiagnosticCode.UNSCORED_RULE, rule.id().span(),
                        "rule '" + rule.id().name() + "' is not in scorecard '" + card.name().name()
                                + "', so its hits never change the score",
                        "add a line like '" + rule.id().name() + " -5' to the scorecard, or give the rule severity info to make it report-only");
            }
        }
    }

    // ---- tests ----------------------------------------------------------------------------------

    /** Checks a test and builds it as a runner takes it; in a file with errors the result goes unused. */
    private RuleTest checkTest(Declaration.Test test, Optional<Declaration.Scorecard> card) {
        String name = test.name().value();
        if (test.turns().isEmpty()) {
            diagnostics.report(DiagnosticCode.INCOMPLETE_TEST, test.name().span(), "test '" + name + "' has no turns",
                    "write the dialogue's turns inside 'dialogue { … }', like agent: \"您好\"");
        }
        if (test.expectations().isEmpty()) {
            diagnostics.report(DiagnosticCode.INCOMPLETE_TEST, test.name().span(), "test '" + name + "' expects nothing",
                    "add a line like 'expect hit RULE', 'expect no hit RULE' or 'expect score 100'");
        }
        List<Turn> turns = test.turns().stream().map(this::checkTestTurn).toList();
        List<RuleTest.Expectation> expectations = test.expectations().stream()
                .map(expectation -> checkExpectation(expectation, "test '" + name + "'", turns.size(), card))
                .toList();
        Dialogue dialogue = new Dialogue(name, null, null, null, null, List.copyOf(parties.keySet()), turns, null, null);
        return new RuleTest(name, diagnostics.locationOf(test.span()), dialogue, expectations);
    }

    private Turn checkTestTurn(TestTurn turn) {
        checkRole(turn.role());
        return new Turn(turn.role().name(), turn.text().value(), turn.at().map(this::checkTime).orElse(null), null, null);
    }

    /** The time of a test turn, or null when it is not ISO-8601 with an offset (reported). */
    private OffsetDateTime checkTime(StringLiteral time) {
        try {
            return OffsetDateTime.parse(time.value());
        } catch (DateTimeParseException e) {
            diagnostics.report(DiagnosticCode.INVALID_TIME, time.span(),
                    "\"" + time.value() + "\" is not an ISO-8601 time with an offset",
                    "write it like \"2026-11-11T10:00:03+08:00\"");
            return null;
        }
    }

    private RuleTest.Expectation checkExpectation(Expectation expectation, String test, int turns,
                                                  Optional<Declaration.Scorecard> card) {
        String origin = diagnostics.locationOf(expectation.span());
        return switch (expectation) {
            case Expectation.Hit hit -> {
                checkRuleReference(hit.rule(), test);
                hit.turn().ifPresent(turn -> checkTurnNumber(turn, turns));
                yield new RuleTest.Expectation.Hit(hit.rule().name(), hit.hit(),
                        hit.turn().map(turn -> turn.value() - 1).orElse(null), origin);
            }
            case Expectation.Score score -> {
                requireScorecard(score.span(), "score");
                checkScoreRange(score.value(), "the expected score");
                yield new RuleTest.Expectation.Score(score.value().value(), origin);
            }
            case Expectation.Grade grade -> {
                requireScorecard(grade.span(), "grade");
                card.ifPresent(scorecard -> checkGradeReference(grade.grade(), scorecard));
                yield new RuleTest.Expectation.Grade(grade.grade().name(), origin);
            }
        };
    }

    private void checkTurnNumber(IntLiteral turn, int turns) {
        if (turn.value() < 1 || turn.value() > turns) {
            diagnostics.report(DiagnosticCode.TURN_OUT_OF_RANGE, turn.span(),
                    "turn " + turn.value() + " is not in the test's dialogue, which has " + turns + " turn" + (turns == 1 ? "" : "s"),
                    "turns count from 1");
        }
    }

    private void requireScorecard(Span expectation, String what) {
        // A malformed scorecard still counts: its own error is reported already.
        if (scorecard == null) {
            diagnostics.report(DiagnosticCode.EXPECTATION_WITHOUT_SCORECARD, expectation,
                    "expecting a " + what + " needs a scorecard", "add a scorecard, or expect hits instead");
        }
    }

    private void checkGradeReference(Identifier grade, Declaration.Scorecard card) {
        List<String> grades = card.grades().stream().map(band -> band.grade().name()).toList();
        if (!grades.contains(grade.name())) {
            String typo = NameSuggestions.didYouMean(grade.name(), grades);
            diagnostics.report(DiagnosticCode.UNKNOWN_GRADE, grade.span(),
                    "unknown grade '" + grade.name() + "' in scorecard '" + card.name().name() + "'",
                    typo != null ? typo : grades.isEmpty() ? "the scorecard defines no grades" : "grades are " + String.join(", ", grades));
        }
    }
}
