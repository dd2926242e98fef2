package io.parley.dsl.checker;

import io.parley.dsl.ast.Declaration;
import io.parley.dsl.ast.DeclarationKind;
import io.parley.dsl.ast.Expectation;
import io.parley.dsl.ast.IntLiteral;
import io.parley.dsl.ast.StringLiteral;
import io.parley.dsl.ast.TestTurn;
import io.parley.dsl.diagnostics.DiagnosticCode;
import io.parley.dsl.diagnostics.Diagnostics;
import io.parley.dsl.source.Span;
import io.parley.engine.api.CheckpointResult;
import io.parley.engine.api.Dialogue;
import io.parley.engine.api.NameSuggestions;
import io.parley.engine.api.Turn;
import io.parley.engine.api.ruleset.RuleTest;

import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Test blocks: their turns and expectations refer to what the file declares, and each becomes the
 * {@link RuleTest} a runner takes.
 */
final class TestChecker {
    private final Diagnostics diagnostics;
    private final SymbolTable symbols;
    private final ScorecardChecker scorecards;
    private final SopChecker sops;

    TestChecker(Diagnostics diagnostics, SymbolTable symbols, ScorecardChecker scorecards, SopChecker sops) {
        this.diagnostics = diagnostics;
        this.symbols = symbols;
        this.scorecards = scorecards;
        this.sops = sops;
    }

    /** Checks a test and builds it as a runner takes it; in a file with errors the result goes unused. */
    RuleTest checkTest(Declaration.Test test, Optional<Declaration.Scorecard> card) {
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
        Dialogue dialogue = new Dialogue(name, null, null, null, null, List.copyOf(symbols.parties().keySet()), turns, null, null);
        return new RuleTest(name, diagnostics.locationOf(test.span()), dialogue, expectations);
    }

    private Turn checkTestTurn(TestTurn turn) {
        symbols.checkRole(turn.role());
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
                scorecards.checkRuleReference(hit.rule(), test);
                hit.turn().ifPresent(turn -> checkTurnNumber(turn, turns));
                yield new RuleTest.Expectation.Hit(hit.rule().name(), hit.hit(),
                        hit.turn().map(turn -> turn.value() - 1).orElse(null), origin);
            }
            case Expectation.Score score -> {
                requireScorecard(score.span(), "score");
                scorecards.checkScoreRange(score.value(), "the expected score");
                yield new RuleTest.Expectation.Score(score.value().value(), origin);
            }
            case Expectation.Grade grade -> {
                requireScorecard(grade.span(), "grade");
                card.ifPresent(scorecard -> scorecards.checkGradeReference(grade.grade(), scorecard));
                yield new RuleTest.Expectation.Grade(grade.grade().name(), origin);
            }
            case Expectation.Checkpoint checkpoint -> {
                // The stages of SOPs are reported like checkpoints, so tests may expect them as such.
                List<String> declared = new ArrayList<>(symbols.checkpoints().stream().map(c -> c.id().name()).toList());
                declared.addAll(sops.stagesInSops());
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
                List<String> checked = new ArrayList<>(sops.stagesInSops());
                if (!checked.contains(stage.stage().name())) {
                    Declaration known = symbols.rules().get(stage.stage().name());
                    String typo = NameSuggestions.didYouMean(stage.stage().name(),
                            symbols.stages().stream().map(declared -> declared.id().name()).toList());
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
        if (symbols.scorecard() == null) {
            diagnostics.report(DiagnosticCode.EXPECTATION_WITHOUT_SCORECARD, expectation,
                    "expecting a " + what + " needs a scorecard", "add a scorecard, or expect hits instead");
        }
    }
}
