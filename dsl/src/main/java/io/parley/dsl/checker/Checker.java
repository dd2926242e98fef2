package io.parley.dsl.checker;

import io.parley.dsl.ast.Condition;
import io.parley.dsl.ast.Declaration;
import io.parley.dsl.ast.DeclarationKind;
import io.parley.dsl.ast.Identifier;
import io.parley.dsl.ast.RuleSetFile;
import io.parley.dsl.diagnostics.DiagnosticCode;
import io.parley.dsl.diagnostics.Diagnostics;
import io.parley.dsl.source.Span;
import io.parley.engine.api.NameSuggestions;
import io.parley.engine.api.ruleset.OperatorBinding;
import io.parley.engine.api.ruleset.PluginBinding;
import io.parley.engine.api.ruleset.RuleTest;
import io.parley.engine.spi.plugin.PluginKind;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.parley.dsl.checker.SymbolTable.keywordOf;
import static io.parley.dsl.checker.SymbolTable.nameOf;

/**
 * Resolves names and checks meaning: every reference resolves to a declaration of the right kind,
 * counts and positions make sense, regexes compile, the scorecard adds up. It reports every problem
 * it finds and never stops early. Declarations the parser gave up on still declare their names, so
 * a syntax error in one rule does not turn into "unknown rule" in the scorecard. Plugin uses are
 * checked against the plugins on the classpath. Tests are checked and built as a runner takes them.
 *
 * <p>This class runs the checks in order and assembles the result; the names live in a
 * {@link SymbolTable}, and each part of the language has its own checker: {@link VocabularyChecker},
 * {@link ConditionChecker} (with {@link MatchChecker}), {@link SopChecker}, {@link ScorecardChecker}
 * and {@link TestChecker}.
 */
public final class Checker {
    /** Severities a rule may declare, mildest first; {@code minor} when none is declared. */
    public static final List<String> SEVERITIES = List.of("info", "minor", "major", "critical");
    public static final String DEFAULT_SEVERITY = "minor";
    /** Rules of this severity report hits but are not expected in the scorecard. */
    public static final String REPORT_ONLY_SEVERITY = "info";

    private final Diagnostics diagnostics;
    private final PluginUses pluginUses;
    private final SymbolTable symbols;
    private final VocabularyChecker vocabulary;
    private final MatchChecker matchChecker;
    private final ConditionChecker conditions;
    private final SopChecker sops;
    private final ScorecardChecker scorecards;
    private final TestChecker tests;

    private Checker(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
        this.pluginUses = new PluginUses(diagnostics, PluginCatalog.installed());
        this.symbols = new SymbolTable(diagnostics);
        this.vocabulary = new VocabularyChecker(diagnostics, pluginUses);
        this.matchChecker = new MatchChecker(diagnostics, symbols, vocabulary, pluginUses);
        this.conditions = new ConditionChecker(diagnostics, symbols, vocabulary, matchChecker, pluginUses);
        this.sops = new SopChecker(diagnostics, symbols, conditions);
        this.scorecards = new ScorecardChecker(diagnostics, symbols, sops);
        this.tests = new TestChecker(diagnostics, symbols, scorecards, sops);
    }

    public static CheckedRuleSet check(RuleSetFile file, Diagnostics diagnostics) {
        return new Checker(diagnostics).run(file);
    }

    private CheckedRuleSet run(RuleSetFile file) {
        Optional<Declaration.Template> template = checkTemplate(file.declarations());
        file.declarations().forEach(symbols::declare);
        symbols.lexicons().forEach(lexicon -> vocabulary.checkTerms(lexicon.terms(), "lexicon '" + lexicon.name().name() + "'"));
        symbols.patterns().forEach(pattern -> vocabulary.checkRegex(pattern.regex()));
        symbols.entities().forEach(vocabulary::checkEntity);
        List<OperatorBinding> operatorBindings = checkOperators();
        conditions.checkSignals();
        symbols.wellFormedRules().forEach(this::checkRule);
        symbols.checkpoints().forEach(this::checkCheckpoint);
        symbols.stages().forEach(this::checkStage);
        List<Declaration.Sop> checkedSops = symbols.wellFormedSops().stream().filter(sops::checkSop).toList();
        Optional<Declaration.Scorecard> checkedScorecard = symbols.scorecard() instanceof Declaration.Scorecard s
                ? Optional.of(s) : Optional.empty();
        checkedScorecard.ifPresent(scorecards::checkScorecard);
        List<RuleTest> ruleTests = symbols.tests().stream().map(test -> tests.checkTest(test, checkedScorecard)).toList();
        Optional<PluginBinding> formulaBinding = checkFormula();
        Optional<PluginBinding> mapperBinding = Optional.ofNullable(symbols.mapper())
                .flatMap(map -> pluginUses.script(map, PluginKind.DIALOGUE_MAPPER));
        // These are about the finished design; in a file with errors they mostly echo a misspelt reference.
        if (!diagnostics.hasErrors()) {
            symbols.warnUnusedTermSources();
            sops.warnStagesInNoSop();
            checkedScorecard.ifPresent(scorecards::warnUnscoredRules);
        }
        Map<String, Condition> signalConditions = new LinkedHashMap<>();
        symbols.signals().forEach((name, signal) -> {
            if (signal instanceof Declaration.Signal declared) {
                signalConditions.put(name, declared.condition());
            }
        });
        return new CheckedRuleSet(template, symbols.lexicons(), symbols.patterns(), operatorBindings,
                symbols.wellFormedRules(), checkedScorecard, formulaBinding, mapperBinding, ruleTests, symbols.entities(),
                signalConditions, symbols.checkpoints(), conditions.anonymousOperators(), matchChecker.anonymousMatches(),
                symbols.droolsBlocks(), symbols.stages(), checkedSops, sops.stageRoles());
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

    // ---- plugin uses ----------------------------------------------------------------------------

    private List<OperatorBinding> checkOperators() {
        List<OperatorBinding> bindings = new ArrayList<>();
        for (Declaration declaration : symbols.operators()) {
            Optional<PluginBinding> binding = switch (declaration) {
                case Declaration.Operator operator -> pluginUses.operator(operator);
                case Declaration.Script script -> pluginUses.script(script, PluginKind.OPERATOR);
                case Declaration.Intent intent -> vocabulary.checkIntent(intent);
                default -> throw new IllegalStateException("not an operator: " + declaration.kind());
            };
            binding.ifPresent(b -> bindings.add(new OperatorBinding(nameOf(declaration).name(), b)));
        }
        return bindings;
    }

    private Optional<PluginBinding> checkFormula() {
        if (symbols.formula() == null) {
            return Optional.empty();
        }
        if (symbols.scorecard() == null) {
            diagnostics.report(DiagnosticCode.FORMULA_WITHOUT_SCORECARD, keywordOf(symbols.formula()),
                    "a score formula needs a scorecard: it computes the scorecard's value",
                    "declare a scorecard, like 'scorecard service base 100: …', or remove the formula");
            return Optional.empty();
        }
        return pluginUses.script(symbols.formula(), PluginKind.SCORING_FUNCTION);
    }

    // ---- rules ----------------------------------------------------------------------------------

    private void checkRule(Declaration.Rule rule) {
        checkSeverity(rule.severity());
        conditions.checkCondition(rule.condition(), "rule '" + rule.id().name() + "'");
    }

    private void checkCheckpoint(Declaration.Checkpoint checkpoint) {
        checkSeverity(checkpoint.severity());
        String owner = "checkpoint '" + checkpoint.id().name() + "'";
        checkpoint.applies().ifPresent(applies -> conditions.checkCondition(applies, owner));
        conditions.checkCondition(checkpoint.condition(), owner);
    }

    private void checkStage(Declaration.Stage stage) {
        checkSeverity(stage.severity());
        sops.checkStage(stage);
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
}
