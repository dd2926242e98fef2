package io.parley.engine.spi;

import io.parley.engine.api.Diagnostic;
import io.parley.engine.api.ruleset.RuleSetDefinition;

import java.util.List;

/**
 * Turns rule-set source text into a {@link RuleSetDefinition}. The DSL module provides one through
 * {@link java.util.ServiceLoader}; the engine only knows this interface, so the runtime never
 * depends on the parser.
 */
public interface RuleSetCompiler {

    /** Never throws for bad source: every problem comes back as a diagnostic. */
    Compilation compile(String fileName, String source);

    /** {@code definition} is null when any diagnostic is an error. */
    record Compilation(RuleSetDefinition definition, List<Diagnostic> diagnostics) {
        public Compilation {
            diagnostics = List.copyOf(diagnostics);
        }

        public boolean hasErrors() {
            return diagnostics.stream().anyMatch(d -> d.severity() == Diagnostic.Severity.ERROR);
        }

        public String render() {
            StringBuilder out = new StringBuilder();
            diagnostics.forEach(d -> out.append(d.render()));
            return out.toString();
        }
    }
}
