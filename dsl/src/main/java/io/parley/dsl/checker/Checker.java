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
import io.parley.engine.api.CheckpointResult;
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
    private final List<Declaration.Entity> entities = new ArrayList<>();
    private final Map<String, Declaration> signals = new LinkedHashMap<>();
    private final Set<String> usedSignals = new HashSet<>();
    private final List<Declaration.Checkpoint> checkpoints = new ArrayList<>();
    private final List<Declaration.Stage> stages = new ArrayList<>();
    private final List<Declaration.Sop> wellFormedSops = new ArrayList<>();
    /** The role whose turns recognise each stage, for stages about one role. */
    private final Map<String, String> stageRoles = new LinkedHashMap<>();
    /** The SOP each stage is in, once the SOPs are checked. */
    private final Map<String, Declaration.Sop> sopOfStage = new LinkedHashMap<>();
    private final List<Declaration.Drools> droolsBlocks = new ArrayList<>();
    /** The plugin bindings of anonymous operators ({@code similar to …}, {@code sentiment …}), by their use. */
    private final Map<Condition, PluginBinding> anonymousOperators = new HashMap<>();
    private final Map<Match, PluginBinding> anonymousMatches = new HashMap<>();
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
        entities.forEach(this::checkEntity);
        List<OperatorBinding> operatorBindings = checkOperators();
        checkSignalCycles();
        signals.values().forEach(signal -> {
            if (signal instanceof Declaration.Signal declared) {
                checkCondition(declared.condition(), "signal '" + declared.name().name() + "'");
            }
        });
        wellFormedRules.forEach(this::checkRule);
        checkpoints.forEach(this::checkCheckpoint);
        stages.forEach(this::checkStage);
        List<Declaration.Sop> checkedSops = wellFormedSops.stream().filter(this::checkSop).toList();
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
            warnStagesInNoSop();
            checkedScorecard.ifPresent(this::warnUnscoredRules);
        }
        Map<String, Condition> signalConditions = new LinkedHashMap<>();
        signals.forEach((name, signal) -> {
            if (signal instanceof Declaration.Signal declared) {
                signalConditions.put(name, declared.condition());
            }
        });
        return new CheckedRuleSet(template, lexicons, patterns, operatorBindings, wellFormedRules, checkedScorecard,
                formulaBinding, mapperBinding, ruleTests, entities, signalConditions, checkpoints, anonymousOperators,
                anonymousMatches, droolsBlocks, stages, checkedSops, stageRoles);
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
            case Declaration.Entity entity -> {
                if (declareUnique(termSources, entity.name(), entity)) {
                    entities.add(entity);
                }
            }
            case Declaration.Intent intent -> {
                if (declareUnique(termSources, intent.name(), intent)) {
                    operators.add(intent);
                }
            }
            case Declaration.Signal signal -> declareUnique(signals, signal.name(), signal);
            case Declaration.Checkpoint checkpoint -> {
                if (declareUnique(rules, checkpoint.id(), checkpoint)) {
                    checkpoints.add(checkpoint);
                }
            }
            case Declaration.Stage stage -> {
                if (declareUnique(rules, stage.id(), stage)) {
                    stages.add(stage);
                }
            }
            case Declaration.Sop sop -> {
                // In the rules' namespace: its 'applies when' is a DRL rule named after it.
                if (declareUnique(rules, sop.id(), sop)) {
                    wellFormedSops.add(sop);
                }
            }
            case Declaration.Include include -> {
            }
            case Declaration.Drools drools -> {
                droolsBlocks.add(drools);
                drools.rules().forEach(rule -> declareUnique(rules, rule, drools));
            }
            case Declaration.Malformed malformed -> declareMalformed(malformed);
        }
    }

    private void declareMalformed(Declaration.Malformed malformed) {
        switch (malformed.kind()) {
            case LEXICON, PATTERN, OPERATOR, SCRIPT, ENTITY, INTENT ->
                    malformed.name().ifPresent(name -> declareUnique(termSources, name, malformed));
            case RULE, CHECKPOINT, STAGE, SOP -> malformed.name().ifPresent(name -> declareUnique(rules, name, malformed));
            case SIGNAL -> malformed.name().ifPresent(name -> declareUnique(signals, name, malformed));
            case DROOLS, IMPORT, EXTENDS -> {
            }
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
        if (declaration.kind() == DeclarationKind.DROOLS) {
            return "DRL rule";
        }
        return declaration.kind() == DeclarationKind.SCRIPT ? DeclarationKind.OPERATOR.keyword() : declaration.kind().keyword();
    }

    private static boolean isOperator(Declaration declaration) {
        return declaration.kind() == DeclarationKind.OPERATOR || declaration.kind() == DeclarationKind.SCRIPT
                || declaration.kind() == DeclarationKind.INTENT;
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
            case Declaration.Entity entity -> entity.name();
            case Declaration.Intent intent -> intent.name();
            case Declaration.Signal signal -> signal.name();
            case Declaration.Checkpoint checkpoint -> checkpoint.id();
            case Declaration.Stage stage -> stage.id();
            case Declaration.Sop sop -> sop.id();
            case Declaration.Drools drools -> drools.rules().getFirst();
            case Declaration.Include include -> throw new IllegalArgumentException("an import declares no name");
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

    /** A group that repeats something itself repeated, like (a+)+ or (\\d*)*: backtracks exponentially on a near miss. */
    private static final Pattern NESTED_QUANTIFIER = Pattern.compile("\\((?:[^()\\\\]|\\\\.)*[+*]\\)[+*{]");

    private void checkRegex(RegexLiteral regex) {
        try {
            Pattern.compile(regex.regex());
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

    // ---- plugin uses ----------------------------------------------------------------------------

    private List<OperatorBinding> checkOperators() {
        List<OperatorBinding> bindings = new ArrayList<>();
        for (Declaration declaration : operators) {
            Optional<PluginBinding> binding = switch (declaration) {
                case Declaration.Operator operator -> pluginUses.operator(operator);
                case Declaration.Script script -> pluginUses.script(script, PluginKind.OPERATOR);
                case Declaration.Intent intent -> checkIntent(intent);
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
        checkSeverity(rule.severity());
        checkCondition(rule.condition(), "rule '" + rule.id().name() + "'");
    }

    private void checkCheckpoint(Declaration.Checkpoint checkpoint) {
        checkSeverity(checkpoint.severity());
        String owner = "checkpoint '" + checkpoint.id().name() + "'";
        checkpoint.applies().ifPresent(applies -> checkCondition(applies, owner));
        checkCondition(checkpoint.condition(), owner);
    }

    private void checkStage(Declaration.Stage stage) {
        checkSeverity(stage.severity());
        String owner = "stage '" + stage.id().name() + "'";
        checkCondition(stage.condition(), owner);
        stageRole(stage.condition()).ifPresent(role -> stageRoles.put(stage.id().name(), role));
        if (!pointsAtTurns(stage.condition(), new HashSet<>())) {
            diagnostics.report(DiagnosticCode.NOT_A_TURN_CONDITION, stage.condition().span(),
                    owner + " is recognised on the turns its condition points at, and this condition can hold without "
                            + "pointing at any turn",
                    "use a 'says', 'mentions', 'turn matches', sentiment or per-turn timing condition (or a signal of one), "
                            + "without 'not' and 'none'");
        }
    }

    /**
     * Whether the condition, whenever it holds, has evidence on some turn: a stage is placed in the
     * dialogue by those turns. Unknown signals and cycles count as pointing, being reported already.
     */
    private boolean pointsAtTurns(Condition condition, Set<String> seenSignals) {
        return switch (condition) {
            case Condition.Says says -> !(says.match() instanceof Match.Terms terms
                    && terms.quantifier() instanceof Match.Quantifier.None);
            case Condition.Matches matches -> true;
            case Condition.Sentiment sentiment -> true;
            case Condition.Timing timing -> switch (timing.measure()) {
                case RESPONSE_TIME, INTERRUPTION, SPEECH_RATE, SILENCE -> true;
                case RESPONDS_WITHIN, TURN_COUNT, DURATION -> false;
            };
            case Condition.SignalRef ref -> !(signals.get(ref.name().name()) instanceof Declaration.Signal signal)
                    || !seenSignals.add(ref.name().name()) || pointsAtTurns(signal.condition(), seenSignals);
            case Condition.And and -> and.operands().stream().anyMatch(operand -> pointsAtTurns(operand, seenSignals));
            case Condition.Or or -> or.operands().stream().allMatch(operand -> pointsAtTurns(operand, seenSignals));
            case Condition.Anchored anchored -> true;
            case Condition.Nth nth -> pointsAtTurns(nth.target(), seenSignals);
            case Condition.Counted counted -> counted.atLeast() && counted.times().value() > 0
                    && pointsAtTurns(counted.target(), seenSignals);
            case Condition.Not not -> false;
            case Condition.Field field -> false;
        };
    }

    /**
     * The role whose turns a stage is recognised on: the role of the turn its condition points at
     * (the target's for a window), or of every positive part of an 'and', every alternative of an
     * 'or', when they agree; empty when they do not.
     */
    private Optional<String> stageRole(Condition condition) {
        return switch (condition) {
            case Condition.And and -> commonRole(and.operands().stream()
                    .filter(operand -> pointsAtTurns(operand, new HashSet<>())).toList());
            case Condition.Or or -> commonRole(or.operands());
            case Condition.Counted counted -> stageRole(counted.target());
            case Condition.SignalRef ref when signals.get(ref.name().name()) instanceof Declaration.Signal signal
                    && !signalsInCycles.contains(ref.name().name()) -> stageRole(signal.condition());
            default -> turnRole(condition, new HashSet<>()).flatMap(role -> role);
        };
    }

    private Optional<String> commonRole(List<Condition> operands) {
        List<Optional<String>> roles = operands.stream().map(this::stageRole).distinct().toList();
        return roles.size() == 1 ? roles.getFirst() : Optional.empty();
    }

    /** Whether the SOP is fit to compile: its stages known, each once, at least two, none in another SOP. */
    private boolean checkSop(Declaration.Sop sop) {
        String owner = "sop '" + sop.id().name() + "'";
        sop.applies().ifPresent(applies -> checkCondition(applies, owner));
        boolean fit = true;
        Set<String> seen = new HashSet<>();
        List<String> declaredStages = stages.stream().map(stage -> stage.id().name()).toList();
        for (Identifier stage : sop.stages()) {
            Declaration declared = rules.get(stage.name());
            if (declared == null || declared.kind() != DeclarationKind.STAGE) {
                String typo = NameSuggestions.didYouMean(stage.name(), declaredStages);
                diagnostics.report(DiagnosticCode.UNKNOWN_STAGE, stage.span(), "unknown stage '" + stage.name() + "' in " + owner,
                        typo != null ? typo : declared != null
                                ? kindOf(declared) + " '" + stage.name() + "' is not a stage; declare one with 'stage " + stage.name() + " …'"
                                : "declare it with 'stage " + stage.name() + " \"…\": CONDITION'");
                fit = false;
                continue;
            }
            if (!seen.add(stage.name())) {
                diagnostics.report(DiagnosticCode.STAGE_REPEATED_IN_SOP, stage.span(),
                        "stage '" + stage.name() + "' comes twice in " + owner,
                        "an SOP lists each stage once; a stage said again is reported as repeated, never expected");
                fit = false;
                continue;
            }
            Declaration.Sop other = sopOfStage.get(stage.name());
            if (other != null && other != sop) {
                diagnostics.report(DiagnosticCode.STAGE_IN_TWO_SOPS, stage.span(),
                        "stage '" + stage.name() + "' is already in sop '" + other.id().name() + "' on "
                                + diagnostics.lineOf(other.span()),
                        "a stage is reported under its own name, so it belongs to one SOP; declare another stage "
                                + "with the same condition for this one");
                fit = false;
            }
        }
        if (sop.stages().size() < 2) {
            diagnostics.report(DiagnosticCode.SOP_TOO_SHORT, sop.id().span(),
                    owner + " has " + sop.stages().size() + " stage; an order needs at least 2",
                    "list its stages in order, like 'sop " + sop.id().name() + ": " + sop.stages().getFirst().name()
                            + " -> next_stage', or make it a checkpoint");
            fit = false;
        }
        if (fit) {
            sop.stages().forEach(stage -> sopOfStage.putIfAbsent(stage.name(), sop));
        }
        return fit;
    }

    private void checkSeverity(Optional<Identifier> declared) {
        declared.ifPresent(severity -> {
            if (!SEVERITIES.contains(severity.name())) {
                String typo = NameSuggestions.didYouMean(severity.name(), SEVERITIES);
                diagnostics.report(DiagnosticCode.UNKNOWN_SEVERITY, severity.span(),
                        "unknown severity '" + severity.name() + "'",
                        typo != null ? typo : "use one of " + String.join(", ", SEVERITIES));
            }
        });
    }

    /** @param owner what the condition belongs to, for messages: "rule 'x'" */
    private void checkCondition(Condition condition, String owner) {
        switch (condition) {
            case Condition.And and -> and.operands().forEach(operand -> checkCondition(operand, owner));
            case Condition.Or or -> or.operands().forEach(operand -> checkCondition(operand, owner));
            case Condition.Not not -> checkCondition(not.operand(), owner);
            case Condition.Says says -> checkSays(says, owner);
            case Condition.Matches matches -> checkMatches(matches);
            case Condition.Sentiment sentiment -> {
                checkRole(sentiment.role());
                sentiment.above().ifPresent(this::checkThreshold);
                Map<String, Object> config = new LinkedHashMap<>();
                config.put(LABEL, sentiment.label().name());
                sentiment.above().ifPresent(above -> config.put(THRESHOLD, above.value()));
                pluginUses.model(SENTIMENT_PLUGIN, config, sentiment.label().span())
                        .ifPresent(binding -> anonymousOperators.put(sentiment, binding));
            }
            case Condition.SignalRef ref -> checkSignalRef(ref);
            case Condition.Timing timing -> checkTiming(timing);
            case Condition.Field field -> checkField(field);
            case Condition.Anchored anchored -> checkAnchored(anchored, owner);
            case Condition.Nth nth -> {
                checkCondition(nth.target(), owner);
                if (nth.nth().value() < 1) {
                    diagnostics.report(DiagnosticCode.COUNT_OUT_OF_RANGE, nth.nth().span(),
                            "there is no " + nth.nth().value() + "th time", "count occurrences from 1st");
                } else if (!unresolved(nth.target()) && !isCountable(nth.target())) {
                    diagnostics.report(DiagnosticCode.NOT_A_TURN_CONDITION, nth.target().span(),
                            "'for the " + sourceText(nth.nth().span()) + " time' counts the turns one simple condition holds on, and this one is not",
                            "use a single 'says any', 'says regex', 'mentions entity', 'turn matches', sentiment or timing condition");
                }
            }
            case Condition.Counted counted -> {
                checkCondition(counted.target(), owner);
                if (!unresolved(counted.target()) && !isCountable(counted.target())) {
                    diagnostics.report(DiagnosticCode.NOT_A_TURN_CONDITION, counted.target().span(),
                            "'at " + (counted.atLeast() ? "least" : "most") + " " + counted.times().value()
                                    + " times' counts the turns one simple condition holds on, and this one is not",
                            "count a single 'says any', 'says regex', 'mentions entity', 'turn matches', sentiment or "
                                    + "timing condition; combine counts with and/or");
                } else if (counted.atLeast() && counted.times().value() == 0) {
                    diagnostics.report(DiagnosticCode.ALWAYS_TRUE, counted.times().span(),
                            "'at least 0 times' always holds", "count from 1, or drop the condition");
                }
            }
        }
    }

    private void checkAnchored(Condition.Anchored anchored, String owner) {
        checkCondition(anchored.target(), owner);
        checkCondition(anchored.anchor(), owner);
        for (Condition side : List.of(anchored.target(), anchored.anchor())) {
            if (!unresolved(side) && turnRole(side, new HashSet<>()).isEmpty()) {
                diagnostics.report(DiagnosticCode.NOT_A_TURN_CONDITION, side.span(),
                        (side == anchored.target() ? "the condition before the window" : "the condition the window is anchored at")
                                + " does not point at a turn, so it cannot be placed in the dialogue",
                        "use a 'says', 'mentions', 'turn matches', sentiment or per-turn timing condition (or a signal of one) here");
            }
        }
        switch (anchored.window()) {
            case Condition.Window.NextTurns next -> {
                if (next.count().value() < 1) {
                    diagnostics.report(DiagnosticCode.EMPTY_POSITION, next.count().span(),
                            "'within next " + next.count().value() + "' covers no turns", "use a count of at least 1");
                }
                next.role().ifPresent(role -> {
                    if (checkRole(role)) {
                        turnRole(anchored.target(), new HashSet<>()).flatMap(r -> r).ifPresent(targetRole -> {
                            if (!targetRole.equals(role.name())) {
                                diagnostics.report(DiagnosticCode.POSITION_ROLE_MISMATCH, role.span(),
                                        "the window counts " + role.name() + " turns, but the condition is about " + targetRole,
                                        "write 'within next " + next.count().value() + " " + targetRole
                                                + " turns', or 'within next " + next.count().value() + " turns' to count every turn");
                            }
                        });
                    }
                });
            }
            case Condition.Window.Seconds seconds -> {
                if (seconds.seconds().value() <= 0) {
                    diagnostics.report(DiagnosticCode.EMPTY_POSITION, seconds.seconds().span(),
                            "a window of " + format(seconds.seconds()) + "s covers no time", "use a positive time, like 60s");
                }
            }
            case Condition.Window.Before before -> {
            }
            case Condition.Window.After after -> {
            }
        }
    }

    /**
     * The role of the turn a condition points at (empty inside when any role), or empty when it
     * points at no single turn (dialogue-wide conditions, combinations).
     */
    private Optional<Optional<String>> turnRole(Condition condition, Set<String> seenSignals) {
        return switch (condition) {
            case Condition.Says says -> says.match() instanceof Match.Terms terms
                    && terms.quantifier() instanceof Match.Quantifier.None
                    ? Optional.empty() : Optional.of(Optional.of(says.role().name()));
            case Condition.Matches matches -> Optional.of(matches.role().map(Identifier::name));
            case Condition.Sentiment sentiment -> Optional.of(Optional.of(sentiment.role().name()));
            case Condition.Timing timing -> switch (timing.measure()) {
                case RESPONSE_TIME, INTERRUPTION, SPEECH_RATE -> Optional.of(timing.role().map(Identifier::name));
                case SILENCE -> Optional.of(Optional.empty());
                case RESPONDS_WITHIN, TURN_COUNT, DURATION -> Optional.empty();
            };
            case Condition.SignalRef ref -> signals.get(ref.name().name()) instanceof Declaration.Signal signal
                    && seenSignals.add(ref.name().name())
                    ? turnRole(signal.condition(), seenSignals) : Optional.empty();
            case Condition.Anchored anchored -> turnRole(anchored.target(), seenSignals);
            case Condition.Nth nth -> turnRole(nth.target(), seenSignals);
            default -> Optional.empty();
        };
    }

    private String sourceText(Span span) {
        return diagnostics.source().text().substring(span.start(), span.end());
    }

    /** A signal that is unknown or in a cycle: already reported, so nothing more is said about its shape. */
    private boolean unresolved(Condition condition) {
        return condition instanceof Condition.SignalRef ref && (!(signals.get(ref.name().name()) instanceof Declaration.Signal)
                || signalsInCycles.contains(ref.name().name()));
    }

    /** Whether a condition is one pattern over one turn, whose turns an accumulate can count. */
    private boolean isCountable(Condition condition) {
        return switch (condition) {
            case Condition.Says says -> switch (says.match()) {
                case Match.Terms terms -> terms.quantifier() instanceof Match.Quantifier.Any;
                case Match.Regex regex -> regex.except().isEmpty();
                case Match.Intent intent -> true;
                case Match.Similar similar -> true;
                case Match.Near near -> false;
            };
            case Condition.Matches matches -> true;
            case Condition.Sentiment sentiment -> true;
            case Condition.Timing timing -> turnRole(timing, new HashSet<>()).isPresent();
            case Condition.SignalRef ref -> signals.get(ref.name().name()) instanceof Declaration.Signal signal
                    && !signalsInCycles.contains(ref.name().name()) && isCountable(signal.condition());
            default -> false;
        };
    }

    private void checkTiming(Condition.Timing timing) {
        timing.role().ifPresent(this::checkRole);
        if (timing.amount().value() < 0) {
            diagnostics.report(DiagnosticCode.INVALID_DURATION, timing.amount().span(), "a negative amount never holds",
                    "use 0 or more");
        }
    }

    private static final List<String> OUTCOME_FIELDS = List.of("converted", "satisfaction");

    private void checkField(Condition.Field field) {
        String name = field.name().name();
        boolean numeric = field.number().isPresent();
        if (!field.outcome()) {
            if (numeric) {
                diagnostics.report(DiagnosticCode.INVALID_FIELD_VALUE, field.span(),
                        "attribute '" + name + "' is compared as text, not as a number",
                        "write 'attribute " + name + " is \"…\"' or 'attribute " + name + " in [\"…\", …]'");
            }
            return;
        }
        if (!OUTCOME_FIELDS.contains(name)) {
            String typo = NameSuggestions.didYouMean(name, OUTCOME_FIELDS);
            diagnostics.report(DiagnosticCode.UNKNOWN_FIELD, field.name().span(), "unknown outcome field '" + name + "'",
                    typo != null ? typo : "outcome fields are " + String.join(" and ", OUTCOME_FIELDS));
            return;
        }
        if (name.equals("converted")) {
            boolean booleans = !numeric && field.values().stream().allMatch(v -> v.value().equals("true") || v.value().equals("false"));
            if (!booleans) {
                diagnostics.report(DiagnosticCode.INVALID_FIELD_VALUE, field.span(),
                        "outcome 'converted' is true or false", "write 'outcome converted is true' or 'outcome converted is false'");
            }
        } else {
            field.values().stream().filter(v -> !v.value().matches("\\d+")).findFirst().ifPresent(v ->
                    diagnostics.report(DiagnosticCode.INVALID_FIELD_VALUE, v.span(),
                            "outcome 'satisfaction' is a whole number (1 to 5), not " + v.value(),
                            "write 'outcome satisfaction at most 2'"));
        }
    }

    private void checkSignalRef(Condition.SignalRef ref) {
        String name = ref.name().name();
        if (signals.containsKey(name)) {
            usedSignals.add(name);
            return;
        }
        Declaration other = termSources.containsKey(name) ? termSources.get(name) : rules.get(name);
        String suggestion = NameSuggestions.didYouMean(name, signals.keySet());
        if (suggestion == null && other != null) {
            suggestion = other.kind() == DeclarationKind.LEXICON ? "match a lexicon with 'ROLE says any " + name + "'"
                    : other.kind() == DeclarationKind.PATTERN ? "match a pattern with 'ROLE says regex " + name + "'"
                    : other.kind() == DeclarationKind.ENTITY ? "match an entity with 'ROLE mentions entity " + name + "'"
                    : isOperator(other) ? "match an operator with 'ROLE turn matches " + name + "'"
                    : "a rule cannot use another rule; declare the shared condition as 'signal " + name + " = …'";
        }
        if (suggestion == null && (Dialogue.BUILT_IN_ROLES.contains(name) || parties.containsKey(name))) {
            suggestion = "a condition about " + name + " goes on like '" + name + " says …'";
        }
        diagnostics.report(DiagnosticCode.UNKNOWN_SIGNAL, ref.name().span(), "unknown signal '" + name + "'", suggestion);
    }

    private final Set<String> signalsInCycles = new HashSet<>();

    /** A signal that uses itself, directly or through others, would never finish compiling. */
    private void checkSignalCycles() {
        for (Map.Entry<String, Declaration> entry : signals.entrySet()) {
            if (entry.getValue() instanceof Declaration.Signal signal) {
                findCycle(signal, new ArrayList<>(List.of(entry.getKey())));
            }
        }
    }

    private void findCycle(Declaration.Signal signal, List<String> path) {
        for (Condition.SignalRef ref : signalRefs(signal.condition())) {
            String name = ref.name().name();
            if (name.equals(path.getFirst())) {
                if (signalsInCycles.add(path.getFirst())) {
                    diagnostics.report(DiagnosticCode.SIGNAL_CYCLE, ref.name().span(),
                            "signal '" + path.getFirst() + "' uses itself: " + String.join(" → ", path) + " → " + name,
                            "a signal may use other signals, but not itself through them");
                }
            } else if (!path.contains(name) && signals.get(name) instanceof Declaration.Signal next) {
                path.add(name);
                findCycle(next, path);
                path.removeLast();
            }
        }
    }

    private static List<Condition.SignalRef> signalRefs(Condition condition) {
        return switch (condition) {
            case Condition.SignalRef ref -> List.of(ref);
            case Condition.And and -> and.operands().stream().flatMap(c -> signalRefs(c).stream()).toList();
            case Condition.Or or -> or.operands().stream().flatMap(c -> signalRefs(c).stream()).toList();
            case Condition.Not not -> signalRefs(not.operand());
            case Condition.Anchored anchored -> {
                List<Condition.SignalRef> refs = new ArrayList<>(signalRefs(anchored.target()));
                refs.addAll(signalRefs(anchored.anchor()));
                yield refs;
            }
            case Condition.Counted counted -> signalRefs(counted.target());
            case Condition.Nth nth -> signalRefs(nth.target());
            default -> List.of();
        };
    }

    private void checkThreshold(NumberLiteral threshold) {
        if (threshold.value() <= 0 || threshold.value() > 1) {
            diagnostics.report(DiagnosticCode.THRESHOLD_OUT_OF_RANGE, threshold.span(),
                    "the threshold " + format(threshold) + " is outside (0, 1]: model scores run from 0 to 1",
                    "use a value like 0.8");
        }
    }

    static final String INTENT_PLUGIN = "intent";
    static final String SIMILARITY_PLUGIN = "similarity";
    static final String SENTIMENT_PLUGIN = "sentiment";
    static final String EXAMPLES = "examples";
    static final String THRESHOLD = "threshold";
    static final String LABEL = "label";

    private Optional<PluginBinding> checkIntent(Declaration.Intent intent) {
        checkTerms(intent.examples(), "intent '" + intent.name().name() + "'");
        intent.threshold().ifPresent(this::checkThreshold);
        return pluginUses.model(INTENT_PLUGIN, examplesConfig(intent.examples(), intent.threshold()), intent.name().span());
    }

    private static Map<String, Object> examplesConfig(StringList examples, Optional<NumberLiteral> threshold) {
        Map<String, Object> config = new LinkedHashMap<>();
        config.put(EXAMPLES, LexiconTerms.distinct(examples.items()));
        threshold.ifPresent(t -> config.put(THRESHOLD, t.value()));
        return config;
    }

    private void checkEntity(Declaration.Entity entity) {
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
        checkPositionCount(position);
        position.role().ifPresent(role -> diagnostics.report(DiagnosticCode.POSITION_ROLE_MISMATCH, role.span(),
                "the position counts " + role.name() + " turns, but the condition is about any turn",
                "write 'within " + position.word() + " " + position.count().value() + " turns', or '" + role.name()
                        + " turn matches …' to look at " + role.name() + " turns only"));
    }

    private void checkSays(Condition.Says says, String owner) {
        boolean roleKnown = checkRole(says.role());
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
                Declaration declaration = termSources.get(name.name());
                if (declaration != null) {
                    usedTermSources.add(name.name());
                }
                if (declaration == null || declaration.kind() != DeclarationKind.INTENT) {
                    diagnostics.report(DiagnosticCode.UNKNOWN_INTENT, name.span(), declaration != null
                                    ? "'" + name.name() + "' is " + article(kindOf(declaration)) + ", not an intent"
                                    : "unknown intent '" + name.name() + "'",
                            declaration == null ? NameSuggestions.didYouMean(name.name(), namesOf(DeclarationKind.INTENT))
                                    : "declare it with 'intent " + name.name() + " examples [\"…\"]'");
                }
            }
            case Match.Similar similar -> {
                checkTerms(similar.examples(), "the examples in " + owner);
                similar.above().ifPresent(this::checkThreshold);
                pluginUses.model(SIMILARITY_PLUGIN, examplesConfig(similar.examples(), similar.above()), similar.span())
                        .ifPresent(binding -> anonymousMatches.put(similar, binding));
            }
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

    private void checkTermsMatch(Match.Terms match, String owner) {
        Optional<Integer> distinctTerms = switch (match.terms()) {
            case Match.TermSource.LexiconRef ref -> resolveLexicon(ref.name())
                    .map(lexicon -> LexiconTerms.distinct(lexicon.terms().items()).size());
            case Match.TermSource.Inline inline -> {
                checkTerms(inline.terms(), "the list in " + owner);
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

    private void checkRegexSource(Match.RegexSource source) {
        switch (source) {
            case Match.RegexSource.Inline inline -> checkRegex(inline.regex());
            case Match.RegexSource.EntityRef ref -> {
                Identifier name = ref.name();
                Declaration declaration = termSources.get(name.name());
                if (declaration != null) {
                    usedTermSources.add(name.name());
                }
                if (declaration == null || declaration.kind() != DeclarationKind.ENTITY) {
                    String suggestion = declaration != null ? "match " + article(kindOf(declaration)) + " with '"
                            + (declaration.kind() == DeclarationKind.LEXICON ? "ROLE says any " : isOperator(declaration)
                            ? "ROLE turn matches " : "ROLE says regex ") + name.name() + "'"
                            : BuiltInEntities.regex(name.name()) != null
                            ? "'" + name.name() + "' is built in: declare it with 'entity " + name.name() + "'"
                            : NameSuggestions.didYouMean(name.name(), namesOf(DeclarationKind.ENTITY));
                    diagnostics.report(DiagnosticCode.UNKNOWN_ENTITY, name.span(), declaration != null
                            ? "'" + name.name() + "' is " + article(kindOf(declaration)) + ", not an entity"
                            : "unknown entity '" + name.name() + "'", suggestion);
                }
            }
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
        checkPositionCount(position);
        position.role().ifPresent(role -> {
            boolean known = checkRole(role);
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
            if (item.effect() instanceof ScoreItem.Effect.Veto(Optional<NumberLiteral> to, Span span)) {
                to.ifPresent(score -> checkScoreRange(score, "the score veto forces"));
            }
        }
        card.floor().ifPresent(floor -> checkScoreRange(floor, "the floor"));
        checkSections(card);
        checkGrades(card.grades());
    }

    /** Section names are unique; weights are on every section or on none, and positive. */
    private void checkSections(Declaration.Scorecard card) {
        Map<String, Declaration.Section> byName = new HashMap<>();
        List<Declaration.Section> weighted = card.sections().stream().filter(s -> s.weight().isPresent()).toList();
        for (Declaration.Section section : card.sections()) {
            Declaration.Section first = byName.putIfAbsent(section.name().name(), section);
            if (first != null) {
                diagnostics.report(DiagnosticCode.DUPLICATE_DECLARATION, section.name().span(),
                        "duplicate section '" + section.name().name() + "': it is already declared on " + diagnostics.lineOf(first.span()),
                        "merge the two sections, or rename one");
            }
            section.cap().ifPresent(cap -> checkScoreRange(cap, "the cap of section '" + section.name().name() + "'"));
            section.weight().filter(weight -> weight.value() <= 0).ifPresent(weight ->
                    diagnostics.report(DiagnosticCode.SECTION_WEIGHTS, weight.span(),
                            "section '" + section.name().name() + "' has weight " + format(weight) + "; weights are positive",
                            "give it a positive weight, or remove the section"));
            if (!weighted.isEmpty() && section.weight().isEmpty()) {
                diagnostics.report(DiagnosticCode.SECTION_WEIGHTS, section.name().span(),
                        "section '" + section.name().name() + "' has no weight, but section '" + weighted.getFirst().name().name()
                                + "' has one: a scorecard weights all its sections or none",
                        "add 'weight N' to it, or remove the weights");
            }
        }
    }

    /** @param where what refers to the rule, for the message: "scorecard 'presale'" */
    private void checkRuleReference(Identifier rule, String where) {
        Declaration declared = rules.get(rule.name());
        if (declared == null) {
            diagnostics.report(DiagnosticCode.UNKNOWN_RULE, rule.span(), "unknown rule '" + rule.name() + "' in " + where,
                    NameSuggestions.didYouMean(rule.name(), rules.keySet()));
        } else if (declared instanceof Declaration.Sop sop) {
            // An SOP never hits: its stages do.
            diagnostics.report(DiagnosticCode.UNKNOWN_RULE, rule.span(), "'" + rule.name() + "' is a sop, not a rule, in " + where,
                    "name its stages instead: " + String.join(", ", sop.stages().stream().map(Identifier::name).toList()));
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
        signals.forEach((name, declaration) -> {
            if (declaration instanceof Declaration.Signal signal && !usedSignals.contains(name)) {
                diagnostics.report(DiagnosticCode.UNUSED_DECLARATION, signal.name().span(), "signal '" + name + "' is never used",
                        "use it in a rule or a checkpoint by its name, or remove it");
            }
        });
    }

    private void warnStagesInNoSop() {
        for (Declaration.Stage stage : stages) {
            if (!sopOfStage.containsKey(stage.id().name())) {
                diagnostics.report(DiagnosticCode.UNUSED_DECLARATION, stage.id().span(),
                        "stage '" + stage.id().name() + "' is in no sop, so it is never checked",
                        "add it to a sop, like 'sop flow: " + stage.id().name() + " -> …', or remove it");
            }
        }
    }

    /** Report-only rules are meant to stay out of the score: they say so with severity info. */
    private void warnUnscoredRules(Declaration.Scorecard card) {
        Set<String> scored = new HashSet<>();
        card.items().forEach(item -> scored.add(item.rule().name()));
        List<Declaration> scorable = new ArrayList<>(wellFormedRules);
        scorable.addAll(checkpoints);
        stages.stream().filter(stage -> sopOfStage.containsKey(stage.id().name())).forEach(scorable::add);
        scorable.sort(java.util.Comparator.comparingInt(d -> d.span().start()));
        for (Declaration declaration : scorable) {
            Identifier id = nameOf(declaration);
            Optional<Identifier> severity = switch (declaration) {
                case Declaration.Rule rule -> rule.severity();
                case Declaration.Checkpoint checkpoint -> checkpoint.severity();
                case Declaration.Stage stage -> stage.severity();
                default -> throw new IllegalStateException("not scorable: " + declaration.kind());
            };
            boolean reportOnly = severity.map(s -> s.name().equals(REPORT_ONLY_SEVERITY)).orElse(false);
            String kind = declaration.kind().keyword();
            if (!scored.contains(id.name()) && !reportOnly) {
                diagnostics.report(DiagnosticCode.UNSCORED_RULE, id.span(),
                        kind + " '" + id.name() + "' is not in scorecard '" + card.name().name()
                                + "', so its " + (declaration instanceof Declaration.Rule ? "hits never change" : "failures never change")
                                + " the score",
                        "add a line like '" + id.name() + " -5' to the scorecard, or give the " + kind
                                + " severity info to make it report-only");
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
            case Expectation.Checkpoint checkpoint -> {
                // The stages of SOPs are reported like checkpoints, so tests may expect them as such.
                List<String> declared = new ArrayList<>(checkpoints.stream().map(c -> c.id().name()).toList());
                declared.addAll(sopOfStage.keySet());
                if (!declared.contains(checkpoint.checkpoint().name())) {
                    diagnostics.report(DiagnosticCode.UNKNOWN_CHECKPOINT, checkpoint.checkpoint().span(),
                            "unknown checkpoint '" + checkpoint.checkpoint().name() + "' in " + test,
                            declared.isEmpty() ? "declare it with 'checkpoint " + checkpoint.checkpoint().name() + " …'"
                                    : NameSuggestions.didYouMean(checkpoint.checkpoint().name(), declared));
                }
                yield new RuleTest.Expectation.Checkpoint(checkpoint.checkpoint().name(),
                        CheckpointResult.Status.valueOf(checkpoint.status().name()), origin);
            }
            case Expectation.Stage stage -> {
                List<String> checked = new ArrayList<>(sopOfStage.keySet());
                if (!checked.contains(stage.stage().name())) {
                    Declaration known = rules.get(stage.stage().name());
                    String typo = NameSuggestions.didYouMean(stage.stage().name(),
                            stages.stream().map(declared -> declared.id().name()).toList());
                    diagnostics.report(DiagnosticCode.UNKNOWN_STAGE, stage.stage().span(),
                            "unknown stage '" + stage.stage().name() + "' in " + test
                                    + (known != null && known.kind() == DeclarationKind.STAGE ? ": it is in no sop" : ""),
                            typo != null ? typo : "expect the stages of a sop");
                }
                yield switch (stage.status()) {
                    case PASSED -> new RuleTest.Expectation.Stage(stage.stage().name(), null, origin);
                    case MISSING -> new RuleTest.Expectation.Stage(stage.stage().name(), CheckpointResult.Reason.MISSING, origin);
                    case OUT_OF_ORDER ->
                            new RuleTest.Expectation.Stage(stage.stage().name(), CheckpointResult.Reason.OUT_OF_ORDER, origin);
                    case NOT_APPLICABLE -> new RuleTest.Expectation.Checkpoint(stage.stage().name(),
                            CheckpointResult.Status.NOT_APPLICABLE, origin);
                };
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
