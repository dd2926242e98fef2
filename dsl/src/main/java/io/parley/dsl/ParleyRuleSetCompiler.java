package io.parley.dsl;

import io.parley.dsl.checker.CheckedRuleSet;
import io.parley.dsl.checker.Checker;
import io.parley.dsl.compiler.DrlBlockCheck;
import io.parley.dsl.compiler.RuleSetDefinitionCompiler;
import io.parley.dsl.diagnostics.DiagnosticCode;
import io.parley.dsl.diagnostics.Diagnostics;
import io.parley.dsl.diagnostics.Limits;
import io.parley.engine.api.Diagnostic;
import io.parley.engine.api.ruleset.RuleSetDefinition;
import io.parley.engine.spi.RuleSetCompiler;

import java.util.List;

/**
 * The Parley language behind the engine's {@link RuleSetCompiler} SPI (registered for
 * {@link java.util.ServiceLoader}): parse, check, and when nothing is wrong, compile to a
 * {@link RuleSetDefinition}; files it imports or extends are read first ({@link Includes}). Every stage reports into one {@link Diagnostics}, so a compilation
 * lists every problem of the file in source order. Stateless and thread-safe.
 */
public final class ParleyRuleSetCompiler implements RuleSetCompiler {
    private final boolean signalRules;

    /** Rules that only ask which signals a dialogue has are decided without Drools. */
    public ParleyRuleSetCompiler() {
        this(true);
    }

    private ParleyRuleSetCompiler(boolean signalRules) {
        this.signalRules = signalRules;
    }

    /**
     * Writes every rule as DRL: the reference meaning that signal rules must keep, for tests that
     * compare both paths and for reading the DRL of a whole rule set.
     */
    public static ParleyRuleSetCompiler drlOnly() {
        return new ParleyRuleSetCompiler(false);
    }

    @Override
    public Compilation compile(String fileName, String source) {
        if (source.length() > Limits.MAX_SOURCE_CHARS) {
            return new Compilation(null, List.of(new Diagnostic(DiagnosticCode.LIMIT_EXCEEDED.code(), Diagnostic.Severity.ERROR,
                    fileName, 1, 1, 1, "the rule file has " + source.length() + " characters; at most " + Limits.MAX_SOURCE_CHARS
                    + " are allowed", null, "split it with 'import' (docs/dsl.md), or move long lexicons into files of their own")));
        }
        Includes.Composed composed = Includes.compose(fileName, source);
        Diagnostics diagnostics = composed.diagnostics();
        CheckedRuleSet checked = Checker.check(composed.syntax(), diagnostics);
        RuleSetDefinition definition = diagnostics.hasErrors() ? null : RuleSetDefinitionCompiler.compile(checked, fileName, signalRules);
        // Hand-written DRL is checked once it sits in its package, so its errors point into the file.
        if (definition != null && !DrlBlockCheck.check(definition.drl(), checked.drools(), diagnostics)) {
            definition = null;
        }
        return new Compilation(definition, diagnostics.toList());
    }
}
