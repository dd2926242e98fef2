package io.parley.plugins.js;

import io.parley.engine.spi.plugin.PluginException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.SourceSection;

/**
 * One user script, compiled once and shared by every context that runs it (the shared engine
 * caches its parse). Knows where its text sits in the rule file, so every error it causes points
 * there: script line 1, column c is file line {@code line}, column {@code column + c - 1}; script
 * line n > 1 is file line {@code line + n - 1}, same column.
 *
 * @param name      what the rule set calls it ("long_wait"); named in every error
 * @param signature the function the text must evaluate to, for the error when it does not
 */
record JsScript(String name, String signature, ScriptConfig config, Source source) {

    /** Source names the statement limit counts; the sandbox's own prelude is not one of them. */
    static final String SOURCE_NAME_PREFIX = "script ";
    private static final int MAX_PROBLEM_LENGTH = 240;

    static JsScript of(String name, String signature, ScriptConfig config) {
        Source source = Source.newBuilder("js", config.source(), SOURCE_NAME_PREFIX + name).buildLiteral();
        return new JsScript(name, signature, config, source);
    }

    int fileLine(int scriptLine) {
        return config.line() + scriptLine - 1;
    }

    int fileColumn(int scriptLine, int scriptColumn) {
        return scriptLine == 1 ? config.column() + scriptColumn - 1 : scriptColumn;
    }

    boolean contains(SourceSection section) {
        return section != null && section.isAvailable() && section.getSource().getName().equals(source.getName());
    }

    /**
     * "script 'long_wait' at rules.parley:14:5: TypeError: … (turn 3)"; {@code at} is where in the
     * script it happened (null: the script's start), {@code detail} what it was doing (null: nothing to add).
     */
    PluginException failure(String problem, SourceSection at, String detail, Throwable cause) {
        // GraalJS messages may print whole objects ("... of [constructor: function Array() ...")
        String shown = problem.length() > MAX_PROBLEM_LENGTH ? problem.substring(0, MAX_PROBLEM_LENGTH - 3) + "..." : problem;
        int scriptLine = contains(at) ? at.getStartLine() : 1;
        int scriptColumn = contains(at) ? at.getStartColumn() : 1;
        int line = fileLine(scriptLine);
        int column = fileColumn(scriptLine, scriptColumn);
        String message = "script '" + name + "' at " + config.file() + ":" + line + ":" + column + ": " + shown
                + (detail == null ? "" : " (" + detail + ")");
        return new PluginException(message, cause, line, column);
    }
}
