package io.parley.dsl.checker;

import io.parley.dsl.ast.Condition;
import io.parley.dsl.ast.Declaration;
import io.parley.dsl.ast.DeclarationKind;
import io.parley.dsl.ast.Identifier;
import io.parley.dsl.diagnostics.DiagnosticCode;
import io.parley.dsl.diagnostics.Diagnostics;
import io.parley.engine.api.NameSuggestions;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.parley.dsl.checker.SymbolTable.kindOf;

/**
 * Stages and the SOPs that put them in order: a stage is recognised on the turns its condition
 * points at, and belongs to one SOP.
 */
final class SopChecker {
    private final Diagnostics diagnostics;
    private final SymbolTable symbols;
    private final ConditionChecker conditions;
    /** The role whose turns recognise each stage, for stages about one role. */
    private final Map<String, String> stageRoles = new LinkedHashMap<>();
    /** The SOP each stage is in, once the SOPs are checked. */
    private final Map<String, Declaration.Sop> sopOfStage = new LinkedHashMap<>();

    SopChecker(Diagnostics diagnostics, SymbolTable symbols, ConditionChecker conditions) {
        this.diagnostics = diagnostics;
        this.symbols = symbols;
        this.conditions = conditions;
    }

    void checkStage(Declaration.Stage stage) {
        String owner = "stage '" + stage.id().name() + "'";
        conditions.checkCondition(stage.condition(), owner);
        stageRole(stage.condition()).ifPresent(role -> stageRoles.put(stage.id().name(), role));
        if (!conditions.pointsAtTurns(stage.condition(), new HashSet<>())) {
            diagnostics.report(DiagnosticCode.NOT_A_TURN_CONDITION, stage.condition().span(),
                    owner + " is recognised on the turns its condition points at, and this condition can hold without "
                            + "pointing at any turn",
                    "use a 'says', 'mentions', 'turn matches', sentiment or per-turn timing condition (or a signal of one), "
                            + "without 'not' and 'none'");
        }
    }

    /**
     * The role whose turns a stage is recognised on: the role of the turn its condition points at
     * (the target's for a window), or of every positive part of an 'and', every alternative of an
     * 'or', when they agree; empty when they do not.
     */
    private Optional<String> stageRole(Condition condition) {
        return switch (condition) {
            case Condition.And and -> commonRole(and.operands().stream()
                    .filter(operand -> conditions.pointsAtTurns(operand, new HashSet<>())).toList());
            case Condition.Or or -> commonRole(or.operands());
            case Condition.Counted counted -> stageRole(counted.target());
            case Condition.SignalRef ref when symbols.signals().get(ref.name().name()) instanceof Declaration.Signal signal
                    && !conditions.inSignalCycle(ref.name().name()) -> stageRole(signal.condition());
            default -> conditions.turnRole(condition, new HashSet<>()).flatMap(role -> role);
        };
    }

    private Optional<String> commonRole(List<Condition> operands) {
        List<Optional<String>> roles = operands.stream().map(this::stageRole).distinct().toList();
        return roles.size() == 1 ? roles.getFirst() : Optional.empty();
    }

    /** Whether the SOP is fit to compile: its stages known, each once, at least two, none in another SOP. */
    boolean checkSop(Declaration.Sop sop) {
        String owner = "sop '" + sop.id().name() + "'";
        sop.applies().ifPresent(applies -> conditions.checkCondition(applies, owner));
        boolean fit = true;
        Set<String> seen = new HashSet<>();
        List<String> declaredStages = symbols.stages().stream().map(stage -> stage.id().name()).toList();
        for (Identifier stage : sop.stages()) {
            Declaration declared = symbols.rules().get(stage.name());
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

    void warnStagesInNoSop() {
        for (Declaration.Stage stage : symbols.stages()) {
            if (!sopOfStage.containsKey(stage.id().name())) {
                diagnostics.report(DiagnosticCode.UNUSED_DECLARATION, stage.id().span(),
                        "stage '" + stage.id().name() + "' is in no sop, so it is never checked",
                        "add it to a sop, like 'sop flow: " + stage.id().name() + " -> …', or remove it");
            }
        }
    }

    /** The stages of the SOPs fit to compile, in the order they were first listed. */
    Set<String> stagesInSops() {
        return sopOfStage.keySet();
    }

    Map<String, String> stageRoles() {
        return stageRoles;
    }
}
