package io.parley.engine.impl.lifecycle;

import io.micrometer.core.instrument.MeterRegistry;
import io.parley.engine.api.Diagnostic;
import io.parley.engine.api.ruleset.RuleSetDefinition;
import io.parley.engine.impl.evaluate.RuleSetCompilationException;
import io.parley.engine.impl.evaluate.RuleSetEvaluator;
import io.parley.engine.impl.plugin.PluginRegistry;
import io.parley.engine.spi.RuleSetCompiler;
import io.parley.engine.spi.storage.ModelRegistry;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Turns rule-set source into a runnable evaluator: the language's compiler (found through
 * {@link ServiceLoader}), then the plugins and Drools. Problems of either step come back as
 * diagnostics with the source line and a caret; nothing here throws for bad source.
 */
public final class RuleSetChecker {
    /** A plugin refused a use when the rule set was prepared; documented in docs/dsl.md. */
    public static final String PLUGIN_REFUSED = "PRL0401";
    /** The model registry refused a model the rule set uses (a changed model under a registered version); docs/dsl.md. */
    public static final String MODEL_REFUSED = "PRL0402";

    private final RuleSetCompiler compiler;
    private final PluginRegistry plugins;
    private final MeterRegistry meters;
    /** Where the models of every prepared rule set are registered; null: nowhere. */
    private final ModelRegistry models;

    /** @param meters where the evaluators it makes count evaluations and plugin failures */
    public RuleSetChecker(RuleSetCompiler compiler, PluginRegistry plugins, MeterRegistry meters) {
        this(compiler, plugins, meters, null);
    }

    private RuleSetChecker(RuleSetCompiler compiler, PluginRegistry plugins, MeterRegistry meters, ModelRegistry models) {
        this.compiler = compiler;
        this.plugins = plugins;
        this.meters = meters;
        this.models = models;
    }

    /**
     * The same checker, registering the models of every rule set it prepares in {@code models}; a
     * model the registry refuses (other files under a registered version) makes the rule set fail
     * with {@value #MODEL_REFUSED}.
     */
    public RuleSetChecker registeringModelsIn(ModelRegistry models) {
        return new RuleSetChecker(compiler, plugins, meters, models);
    }

    /** With the compiler and plugins on the classpath. */
    public static RuleSetChecker installed(MeterRegistry meters) {
        RuleSetCompiler compiler = ServiceLoader.load(RuleSetCompiler.class).findFirst()
                .orElseThrow(() -> new IllegalStateException("no RuleSetCompiler on the classpath (is parley-dsl missing?)"));
        return new RuleSetChecker(compiler, PluginRegistry.installed(), meters);
    }

    /**
     * The outcome of compiling and preparing: every diagnostic, and when there is no error the
     * definition and its evaluator (the caller closes it).
     */
    public record Checked(List<Diagnostic> diagnostics, RuleSetDefinition definition, RuleSetEvaluator evaluator) {
        public Checked {
            diagnostics = List.copyOf(diagnostics);
        }

        public boolean hasErrors() {
            return evaluator == null;
        }

        public String render() {
            StringBuilder out = new StringBuilder();
            diagnostics.forEach(d -> out.append(d.render()));
            return out.toString();
        }
    }

    /** The language's compile alone (no plugins, no Drools): enough to read what a version declares. */
    public RuleSetCompiler.Compilation compile(String fileName, String source) {
        return compiler.compile(fileName, source);
    }

    public Checked check(String fileName, String source) {
        RuleSetCompiler.Compilation compilation = compiler.compile(fileName, source);
        if (compilation.hasErrors()) {
            return new Checked(compilation.diagnostics(), null, null);
        }
        try {
            RuleSetEvaluator evaluator = RuleSetEvaluator.compile(compilation.definition(), plugins, meters);
            Diagnostic refused = registerModels(evaluator, fileName);
            if (refused != null) {
                evaluator.close();
                List<Diagnostic> all = new ArrayList<>(compilation.diagnostics());
                all.add(refused);
                return new Checked(all, compilation.definition(), null);
            }
            return new Checked(compilation.diagnostics(), compilation.definition(), evaluator);
        } catch (RuleSetCompilationException e) {
            List<Diagnostic> all = new ArrayList<>(compilation.diagnostics());
            e.problems().forEach(problem -> all.add(diagnostic(problem, fileName, source)));
            return new Checked(all, compilation.definition(), null);
        }
    }

    /** Null when every model is registered (or there is no registry); else why one was refused. */
    private Diagnostic registerModels(RuleSetEvaluator evaluator, String fileName) {
        if (models == null) {
            return null;
        }
        try {
            evaluator.models().forEach(models::register);
            return null;
        } catch (IllegalStateException e) {
            return new Diagnostic(MODEL_REFUSED, Diagnostic.Severity.ERROR, fileName, 1, 1, 1, e.getMessage(), null, null);
        }
    }

    /**
     * A problem in a rule file (or a script file it names) gets its line and caret; one in the
     * generated DRL (a compiler bug) is reported against the rule file as a whole.
     */
    private static Diagnostic diagnostic(RuleSetCompilationException.Problem problem, String fileName, String source) {
        if (problem.file() == null || problem.line() == 0) {
            String where = problem.file() == null ? "the rule set's generated rules (a Parley bug: please report it)" : problem.file();
            return new Diagnostic(PLUGIN_REFUSED, Diagnostic.Severity.ERROR, fileName, 1, 1, 1,
                    problem.text() + " [" + where + (problem.line() == 0 ? "" : " line " + problem.line()) + "]", null, null);
        }
        String text = problem.file().equals(fileName) ? source : readQuietly(problem.file());
        List<String> lines = text == null ? List.of() : text.lines().toList();
        String line = problem.line() <= lines.size() ? lines.get(problem.line() - 1) : null;
        return new Diagnostic(PLUGIN_REFUSED, Diagnostic.Severity.ERROR, problem.file(), problem.line(),
                Math.max(1, problem.column()), 1, problem.text(), line, null);
    }

    private static String readQuietly(String file) {
        try {
            return Files.readString(Path.of(file));
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
