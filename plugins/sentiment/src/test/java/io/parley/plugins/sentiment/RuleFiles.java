package io.parley.plugins.sentiment;

import io.parley.engine.impl.evaluate.RuleSetEvaluator;
import io.parley.engine.spi.RuleSetCompiler;

import java.util.ServiceLoader;

import static org.assertj.core.api.Assertions.assertThat;

/** Rule files of these tests, compiled by the DSL (found by ServiceLoader) and prepared by the engine. */
final class RuleFiles {
    private RuleFiles() {
    }

    /** The evaluator of a rule file that must compile without errors (else the test fails with the diagnostics). */
    static RuleSetEvaluator evaluator(String fileName, String source) {
        RuleSetCompiler.Compilation compilation = ServiceLoader.load(RuleSetCompiler.class).findFirst().orElseThrow()
                .compile(fileName, source);
        assertThat(compilation.hasErrors()).as(compilation.render()).isFalse();
        return RuleSetEvaluator.compile(compilation.definition());
    }
}
