package io.parley.engine.impl.evaluate;

import io.parley.engine.api.RuleSetRef;

import java.util.List;
import java.util.stream.Collectors;

/**
 * A rule set could not be made runnable: its DRL does not compile, or a plugin it uses is unknown,
 * misconfigured or refused its configuration (a script that does not parse).
 */
public class RuleSetCompilationException extends RuntimeException {
    private static final long serialVersionUID = 1L;


    /**
     * One problem. When {@code file} is null, {@code line} and {@code column} are 1-based positions
     * in the rule set's DRL (0 when Drools does not say, or when the problem is in data without a
     * position, such as a hand-built definition's pattern). Otherwise they are the position in
     * {@code file} — the rule file that declared the plugin use, or the script file a use reads
     * its source from — of the problem itself when the plugin said where it is, else of the
     * declaration; 0 when unknown.
     */
    public record Problem(String file, int line, int column, String text) {

        /** A problem in the generated DRL. */
        public Problem(int line, int column, String text) {
            this(null, line, column, text);
        }

        @Override
        public String toString() {
            if (file == null) {
                return line == 0 ? text : "DRL line " + line + (column == 0 ? "" : ":" + column) + ": " + text;
            }
            return file + (line == 0 ? "" : ":" + line + (column == 0 ? "" : ":" + column)) + ": " + text;
        }
    }

    @SuppressWarnings("serial") // exceptions never leave the process, so are never serialised
    private final RuleSetRef ruleset;
    @SuppressWarnings("serial") // exceptions never leave the process, so are never serialised
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
