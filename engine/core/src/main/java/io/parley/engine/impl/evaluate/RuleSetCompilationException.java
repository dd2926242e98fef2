package io.parley.engine.impl.evaluate;

import io.parley.engine.api.RuleSetRef;

import java.util.List;
import java.util.stream.Collectors;

/** A rule set could not be made runnable: its DRL does not compile, or one of its patterns is invalid. */
public class RuleSetCompilationException extends RuntimeException {

    /**
     * One problem. {@code line} and {@code column} are 1-based positions in the rule set's DRL, 0 when
     * Drools does not say (it reports columns only for some constraint errors) or when the problem is
     * not in the DRL (an invalid pattern).
     */
    public record Problem(int line, int column, String text) {
        @Override
        public String toString() {
            return line == 0 ? text : "DRL line " + line + (column == 0 ? "" : ":" + column) + ": " + text;
        }
    }

    private final RuleSetRef ruleset;
    private final List<Problem> problems;

    public RuleSetCompilationException(RuleSetRef ruleset, List<Problem> problems) {
        super("rule set " + ruleset + " does not compile:\n"
                + problems.stream().map(Problem::toString).collect(Collectors.joining("\n")));
        this.ruleset = ruleset;
        this.problems = List.copyOf(problems);
    }

    public RuleSetRef ruleset() {
        return ruleset;
    }

    public List<Problem> problems() {
        return problems;
    }
}
