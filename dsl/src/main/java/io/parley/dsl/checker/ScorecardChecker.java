package io.parley.dsl.checker;

import io.parley.dsl.ast.Declaration;
import io.parley.dsl.ast.GradeBand;
import io.parley.dsl.ast.Identifier;
import io.parley.dsl.ast.NumberLiteral;
import io.parley.dsl.ast.ScoreItem;
import io.parley.dsl.diagnostics.DiagnosticCode;
import io.parley.dsl.diagnostics.Diagnostics;
import io.parley.dsl.source.Span;
import io.parley.engine.api.NameSuggestions;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.parley.dsl.checker.Numbers.format;
import static io.parley.dsl.checker.SymbolTable.nameOf;

/**
 * The scorecard: every line scores a known rule once, scores stay in 0 to 100, sections weigh
 * consistently and grades descend; and which rules, checkpoints and stages it leaves out.
 */
final class ScorecardChecker {
    private final Diagnostics diagnostics;
    private final SymbolTable symbols;
    private final SopChecker sops;

    ScorecardChecker(Diagnostics diagnostics, SymbolTable symbols, SopChecker sops) {
        this.diagnostics = diagnostics;
        this.symbols = symbols;
        this.sops = sops;
    }

    void checkScorecard(Declaration.Scorecard card) {
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
    void checkRuleReference(Identifier rule, String where) {
        Declaration declared = symbols.rules().get(rule.name());
        if (declared == null) {
            diagnostics.report(DiagnosticCode.UNKNOWN_RULE, rule.span(), "unknown rule '" + rule.name() + "' in " + where,
                    NameSuggestions.didYouMean(rule.name(), symbols.rules().keySet()));
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

    void checkScoreRange(NumberLiteral score, String what) {
        if (score.value() < 0 || score.value() > 100) {
            diagnostics.report(DiagnosticCode.SCORE_OUT_OF_RANGE, score.span(),
                    what + " is " + format(score) + ", outside 0 to 100", "scores are clamped to [0, 100]; pick a value in that range");
        }
    }

    /** Report-only rules are meant to stay out of the score: they say so with severity info. */
    void warnUnscoredRules(Declaration.Scorecard card) {
        Set<String> scored = new HashSet<>();
        card.items().forEach(item -> scored.add(item.rule().name()));
        List<Declaration> scorable = new ArrayList<>(symbols.wellFormedRules());
        scorable.addAll(symbols.checkpoints());
        symbols.stages().stream().filter(stage -> sops.stagesInSops().contains(stage.id().name())).forEach(scorable::add);
        scorable.sort(java.util.Comparator.comparingInt(d -> d.span().start()));
        for (Declaration declaration : scorable) {
            Identifier id = nameOf(declaration);
            Optional<Identifier> severity = switch (declaration) {
                case Declaration.Rule rule -> rule.severity();
                case Declaration.Checkpoint checkpoint -> checkpoint.severity();
                case Declaration.Stage stage -> stage.severity();
                default -> throw new IllegalStateException("not scorable: " + declaration.kind());
            };
            boolean reportOnly = severity.map(s -> s.name().equals(Checker.REPORT_ONLY_SEVERITY)).orElse(false);
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

    void checkGradeReference(Identifier grade, Declaration.Scorecard card) {
        List<String> grades = card.grades().stream().map(band -> band.grade().name()).toList();
        if (!grades.contains(grade.name())) {
            String typo = NameSuggestions.didYouMean(grade.name(), grades);
            diagnostics.report(DiagnosticCode.UNKNOWN_GRADE, grade.span(),
                    "unknown grade '" + grade.name() + "' in scorecard '" + card.name().name() + "'",
                    typo != null ? typo : grades.isEmpty() ? "the scorecard defines no grades" : "grades are " + String.join(", ", grades));
        }
    }
}
