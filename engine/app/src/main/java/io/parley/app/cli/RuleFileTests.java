package io.parley.app.cli;

import io.parley.engine.api.DialogueEvaluator;
import io.parley.engine.api.EvaluationException;
import io.parley.engine.api.EvaluationResult;
import io.parley.engine.api.Evidence;
import io.parley.engine.api.Hit;
import io.parley.engine.api.Score;
import io.parley.engine.api.ruleset.RuleTest.Expectation;
import io.parley.engine.api.ruleset.RuleTest;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Runs the tests written in a rule file ({@code test "…" { … }}) against the rule set compiled from
 * it. Shared by {@code parley test} and the examples' build check, so both judge tests alike.
 */
public final class RuleFileTests {
    private RuleFileTests() {
    }

    /**
     * One failed expectation.
     *
     * @param origin   {@code file:line:column} of the expectation (of the test, when it could not be evaluated)
     * @param expected the expectation as Parley writes it
     * @param found    what the evaluation gave instead
     */
    public record Failure(String origin, String expected, String found) {
    }

    /** A test's verdict: passed when nothing failed. */
    public record Outcome(RuleTest test, List<Failure> failures) {
        public Outcome {
            failures = List.copyOf(failures);
        }

        public boolean passed() {
            return failures.isEmpty();
        }
    }

    public static List<Outcome> run(List<RuleTest> tests, DialogueEvaluator evaluator) {
        return tests.stream().map(test -> run(test, evaluator)).toList();
    }

    public static Outcome run(RuleTest test, DialogueEvaluator evaluator) {
        EvaluationResult result;
        try {
            result = evaluator.evaluate(test.dialogue());
        } catch (EvaluationException e) {
            return new Outcome(test, List.of(new Failure(test.origin(), "the dialogue evaluates", e.getMessage())));
        }
        List<Failure> failures = new ArrayList<>();
        for (Expectation expectation : test.expectations()) {
            if (!holds(expectation, result)) {
                failures.add(new Failure(expectation.origin(), describe(expectation), found(result)));
            }
        }
        return new Outcome(test, failures);
    }

    private static boolean holds(Expectation expectation, EvaluationResult result) {
        return switch (expectation) {
            case Expectation.Hit hit -> hit.hit() == hitMatches(hit, result);
            case Expectation.Score score -> result.score() != null && result.score().value() == score.value();
            case Expectation.Grade grade -> result.score() != null && grade.grade().equals(result.score().grade());
            case Expectation.Checkpoint checkpoint -> result.checkpoints().stream()
                    .anyMatch(c -> c.checkpoint().equals(checkpoint.checkpoint()) && c.status() == checkpoint.status());
            case Expectation.Stage stage -> result.checkpoints().stream().anyMatch(stage::matches);
        };
    }

    /** Whether the rule hit, and when a turn is given, with evidence on that turn. */
    private static boolean hitMatches(Expectation.Hit expected, EvaluationResult result) {
        Optional<Hit> hit = result.hits().stream().filter(h -> h.rule().equals(expected.rule())).findFirst();
        return expected.turn() == null
                ? hit.isPresent()
                : hit.stream().flatMap(h -> h.evidence().stream()).anyMatch(e -> e.turn() == expected.turn());
    }

    static String describe(Expectation expectation) {
        return switch (expectation) {
            case Expectation.Hit hit -> "expect " + (hit.hit() ? "hit " : "no hit ") + hit.rule()
                    + (hit.turn() == null ? "" : " on turn " + (hit.turn() + 1));
            case Expectation.Score score -> "expect score " + number(score.value());
            case Expectation.Grade grade -> "expect grade " + grade.grade();
            case Expectation.Checkpoint checkpoint -> "expect checkpoint " + checkpoint.checkpoint() + " " + words(checkpoint.status());
            case Expectation.Stage stage -> "expect stage " + stage.stage() + " "
                    + (stage.reason() == null ? "passed" : words(stage.reason()));
        };
    }

    private static String words(Enum<?> status) {
        return status.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ');
    }

    /** "hits forbidden_phrase (turn 2), no_greeting; score 80, grade B": turns count from 1, as tests write them. */
    static String found(EvaluationResult result) {
        String hits = result.hits().isEmpty() ? "no hits" : result.hits().stream()
                .map(RuleFileTests::describe)
                .collect(Collectors.joining(", ", "hits ", ""));
        Score score = result.score();
        String scored = score == null ? hits : hits + "; score " + number(score.value())
                + (score.grade() == null ? ", no grade" : ", grade " + score.grade());
        return result.checkpoints().isEmpty() ? scored : scored + result.checkpoints().stream()
                .map(c -> c.checkpoint() + " " + words(c.reason() != null ? c.reason() : c.status()))
                .collect(Collectors.joining(", ", "; checkpoints ", ""));
    }

    private static String describe(Hit hit) {
        List<Integer> turns = hit.evidence().stream().map(Evidence::turn).distinct().sorted().map(turn -> turn + 1).toList();
        return turns.isEmpty() ? hit.rule() : hit.rule() + turns.stream().map(String::valueOf)
                .collect(Collectors.joining(", ", turns.size() == 1 ? " (turn " : " (turns ", ")"));
    }

    private static String number(double value) {
        return value == Math.rint(value) ? String.valueOf((long) value) : String.valueOf(value);
    }
}
