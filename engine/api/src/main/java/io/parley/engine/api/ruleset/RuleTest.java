package io.parley.engine.api.ruleset;

import io.parley.engine.api.Dialogue;

import java.util.List;

/**
 * A test written in a rule file: a sample dialogue and what the rule set must make of it. A runner
 * evaluates the dialogue with the rule set and checks every expectation.
 *
 * @param origin       {@code file:line:column} of the test, where reports about it point
 * @param dialogue     the sample dialogue; its id is the test's name
 * @param expectations in source order; there is at least one
 */
public record RuleTest(String name, String origin, Dialogue dialogue, List<Expectation> expectations) {
    public RuleTest {
        expectations = List.copyOf(expectations);
    }

    /** One {@code expect …} line; {@code origin} is its {@code file:line:column}. */
    public sealed interface Expectation {
        String origin();

        /**
         * {@code expect hit RULE}, {@code expect no hit RULE}, optionally {@code on turn N}.
         *
         * @param hit  true for {@code hit}, false for {@code no hit}
         * @param turn the 0-based turn the hit's evidence must (or must not) point at, or null for anywhere
         */
        record Hit(String rule, boolean hit, Integer turn, String origin) implements Expectation {
        }

        /** {@code expect score N}: the scorecard's value. */
        record Score(double value, String origin) implements Expectation {
        }

        /** {@code expect grade G}: the scorecard's grade. */
        record Grade(String grade, String origin) implements Expectation {
        }

        /** {@code expect checkpoint NAME passed | failed | not applicable}. */
        record Checkpoint(String checkpoint, io.parley.engine.api.CheckpointResult.Status status, String origin)
                implements Expectation {
        }

        /**
         * {@code expect stage NAME passed | missing | out of order}.
         *
         * @param reason why the stage failed, or null for {@code passed}
         */
        record Stage(String stage, io.parley.engine.api.CheckpointResult.Reason reason, String origin)
                implements Expectation {
            /** Whether a result of this stage is what the test expects. */
            public boolean matches(io.parley.engine.api.CheckpointResult result) {
                return result.checkpoint().equals(stage) && (reason == null
                        ? result.status() == io.parley.engine.api.CheckpointResult.Status.PASSED
                        : result.status() == io.parley.engine.api.CheckpointResult.Status.FAILED && result.reason() == reason);
            }
        }
    }
}
