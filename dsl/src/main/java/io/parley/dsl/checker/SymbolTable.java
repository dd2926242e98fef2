package io.parley.dsl.checker;

import io.parley.dsl.ast.Declaration;
import io.parley.dsl.ast.DeclarationKind;
import io.parley.dsl.ast.Identifier;
import io.parley.dsl.diagnostics.DiagnosticCode;
import io.parley.dsl.diagnostics.Diagnostics;
import io.parley.dsl.source.Span;
import io.parley.engine.api.Dialogue;
import io.parley.engine.api.NameSuggestions;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Every name a file declares, in its namespace, and the well-formed declarations of each kind in
 * the order they were written. Declaring reports duplicates; looking a lexicon, pattern, operator,
 * entity, intent or signal up through {@link #useTermSource} or {@link #useSignal} counts it as used,
 * for the warnings about declarations nothing uses.
 */
final class SymbolTable {
    private final Diagnostics diagnostics;
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
    private final List<Declaration.Drools> droolsBlocks = new ArrayList<>();
    private final List<Declaration.Test> tests = new ArrayList<>();
    private Declaration scorecard;
    private Declaration.Script formula;
    private Declaration.Script mapper;

    SymbolTable(Diagnostics diagnostics) {
        this.diagnostics = diagnostics;
    }

    // ---- declaring ------------------------------------------------------------------------------

    void declare(Declaration declaration) {
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
    static String kindOf(Declaration declaration) {
        if (declaration.kind() == DeclarationKind.DROOLS) {
            return "DRL rule";
        }
        return declaration.kind() == DeclarationKind.SCRIPT ? DeclarationKind.OPERATOR.keyword() : declaration.kind().keyword();
    }

    static boolean isOperator(Declaration declaration) {
        return declaration.kind() == DeclarationKind.OPERATOR || declaration.kind() == DeclarationKind.SCRIPT
                || declaration.kind() == DeclarationKind.INTENT;
    }

    static Identifier nameOf(Declaration declaration) {
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

    /** Where a declaration's keyword is, for messages about the declaration as a whole. */
    static Span keywordOf(Declaration declaration) {
        Span span = declaration.span();
        return new Span(span.start(), span.start() + declaration.kind().keyword().length());
    }

    // ---- looking up -----------------------------------------------------------------------------

    /** The declaration of a lexicon, pattern, operator, entity or intent, or null; a declared one counts as used. */
    Declaration useTermSource(Identifier name) {
        Declaration declaration = termSources.get(name.name());
        if (declaration != null) {
            usedTermSources.add(name.name());
        }
        return declaration;
    }

    /** Whether a signal of this name is declared; a declared one counts as used. */
    boolean useSignal(String name) {
        if (signals.containsKey(name)) {
            usedSignals.add(name);
            return true;
        }
        return false;
    }

    /** Whether a role is built in or a declared party; an unknown one is reported. */
    boolean checkRole(Identifier role) {
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

    List<String> operatorNames() {
        return termSources.entrySet().stream().filter(e -> isOperator(e.getValue())).map(Map.Entry::getKey).toList();
    }

    List<String> namesOf(DeclarationKind kind) {
        return termSources.entrySet().stream().filter(e -> e.getValue().kind() == kind).map(Map.Entry::getKey).toList();
    }

    // ---- what was declared ----------------------------------------------------------------------

    Map<String, Declaration> termSources() {
        return termSources;
    }

    Map<String, Declaration> rules() {
        return rules;
    }

    Map<String, Declaration> parties() {
        return parties;
    }

    Map<String, Declaration> signals() {
        return signals;
    }

    List<Declaration.Lexicon> lexicons() {
        return lexicons;
    }

    List<Declaration.Pattern> patterns() {
        return patterns;
    }

    /** Operators, script operators and intents: the declarations that bind a plugin by name. */
    List<Declaration> operators() {
        return operators;
    }

    List<Declaration.Entity> entities() {
        return entities;
    }

    List<Declaration.Rule> wellFormedRules() {
        return wellFormedRules;
    }

    List<Declaration.Checkpoint> checkpoints() {
        return checkpoints;
    }

    List<Declaration.Stage> stages() {
        return stages;
    }

    List<Declaration.Sop> wellFormedSops() {
        return wellFormedSops;
    }

    List<Declaration.Drools> droolsBlocks() {
        return droolsBlocks;
    }

    List<Declaration.Test> tests() {
        return tests;
    }

    /** The first scorecard, well-formed or not; null when there is none. */
    Declaration scorecard() {
        return scorecard;
    }

    /** The score formula, or null. */
    Declaration.Script formula() {
        return formula;
    }

    /** The dialogue mapper, or null. */
    Declaration.Script mapper() {
        return mapper;
    }

    // ---- warnings about the whole file ----------------------------------------------------------

    void warnUnusedTermSources() {
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
}
