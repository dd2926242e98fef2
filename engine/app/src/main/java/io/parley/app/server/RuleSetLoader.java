package io.parley.app.server;

import io.micrometer.core.instrument.MeterRegistry;
import io.parley.app.CliException;
import io.parley.engine.api.Diagnostic;
import io.parley.engine.api.RuleSetRef;
import io.parley.engine.api.ruleset.RuleSetDefinition;
import io.parley.engine.impl.evaluate.RuleSetEvaluator;
import io.parley.engine.impl.lifecycle.RuleSetChecker;
import io.parley.engine.spi.storage.RuleSetStore.StoredRuleSet;
import io.parley.engine.spi.storage.TenantStorage;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Finds rule-set source (a file, the published version in storage, the bundled example), compiles
 * it and prepares it with the installed plugins. Problems of either step come back as diagnostics
 * with the source line and a caret.
 *
 * <p>{@link #checkFile} prints every diagnostic: it is for {@code check} and {@code test}, where a
 * rule file is being written. {@link #compile} is for commands that use a rule set ({@code run},
 * {@code serve}, {@code demo}, …): it prints the errors, which stop the command, and of the
 * warnings only how many there are, so that the same warnings are not repeated by every command.
 */
public final class RuleSetLoader {
    private final RuleSetChecker checker;
    private final PrintStream diagnostics;
    /** What {@link #compile} said about warnings, so that a command compiling one source twice says it once. */
    private final Set<String> printedWarningCounts = new HashSet<>();

    /** @param meters where the evaluators it makes count evaluations and plugin failures */
    public RuleSetLoader(PrintStream diagnostics, MeterRegistry meters) {
        this.checker = RuleSetChecker.installed(meters);
        this.diagnostics = diagnostics;
    }

    /** A compiled rule set and the source it came from. */
    public record Loaded(String origin, String fileName, String source, RuleSetDefinition definition, RuleSetEvaluator evaluator) {
        public RuleSetRef ref() {
            return definition.ref();
        }
    }

    /**
     * The outcome of compiling and preparing: every diagnostic, and when there is no error the
     * definition and its evaluator (the caller closes it).
     */
    public record Checked(List<Diagnostic> diagnostics, RuleSetDefinition definition, RuleSetEvaluator evaluator) {
        public boolean hasErrors() {
            return evaluator == null;
        }

        String render() {
            StringBuilder out = new StringBuilder();
            diagnostics.forEach(d -> out.append(d.render()));
            return out.toString();
        }

        String renderErrors() {
            StringBuilder out = new StringBuilder();
            diagnostics.stream().filter(d -> d.severity() == Diagnostic.Severity.ERROR).forEach(d -> out.append(d.render()));
            return out.toString();
        }

        long warnings() {
            return diagnostics.stream().filter(d -> d.severity() == Diagnostic.Severity.WARNING).count();
        }
    }

    /** Reads and checks a rule file, printing its diagnostics; empty when it cannot be read (the reason printed). */
    public Optional<Checked> checkFile(Path file) {
        String source;
        try {
            source = Files.readString(file);
        } catch (IOException e) {
            diagnostics.println(file + ": cannot read: " + e.getMessage());
            return Optional.empty();
        }
        Checked checked = check(file.toString(), source);
        diagnostics.print(checked.render());
        return Optional.of(checked);
    }

    Checked check(String fileName, String source) {
        RuleSetChecker.Checked checked = checker.check(fileName, source);
        return new Checked(checked.diagnostics(), checked.definition(), checked.evaluator());
    }

    public Loaded compile(String origin, String fileName, String source) {
        Checked checked = check(fileName, source);
        diagnostics.print(checked.renderErrors());
        long warnings = checked.warnings();
        String warningCount = fileName + ": " + warnings + (warnings == 1 ? " warning (parley check " + fileName + " shows it)"
                : " warnings (parley check " + fileName + " shows them)");
        if (warnings > 0 && printedWarningCounts.add(warningCount)) {
            diagnostics.println(warningCount);
        }
        if (checked.hasErrors()) {
            throw new CliException("rule set " + fileName + " has errors (see above)");
        }
        return new Loaded(origin, fileName, source, checked.definition(), checked.evaluator());
    }

    public Loaded compileFile(Path file) {
        try {
            return compile(file.toString(), file.toString(), Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new CliException("rule file not found: " + file, 2);
        } catch (IOException e) {
            throw new CliException("cannot read rule file " + file + ": " + e.getMessage(), 2);
        }
    }

    public Loaded example() {
        ExampleTemplate example = ExampleTemplate.ecommerce();
        return compile(example.location(), example.ruleFileName(), example.ruleSource());
    }

    /**
     * The rule set {@code serve} evaluates with: the given file; else the most recently stored
     * published rule set; else the bundled example. A file or the example is stored and published.
     */
    public Loaded forServing(Path rulesFile, TenantStorage storage) {
        if (rulesFile != null) {
            return publish(compileFile(rulesFile), storage);
        }
        return storage.rulesets().allPublished().stream()
                .max(Comparator.comparing(StoredRuleSet::storedAt))
                .map(stored -> registerModels(compile("published in storage", stored.fileName(), stored.source()), storage))
                .orElseGet(() -> publish(example(), storage));
    }

    /** Stores the version and makes it the published one. */
    public Loaded publish(Loaded loaded, TenantStorage storage) {
        store(loaded, storage);
        storage.rulesets().publish(loaded.ref());
        return loaded;
    }

    /**
     * {@link #publish}es the version and says so for the user, naming the version it replaced:
     * {@code published mini@2 (was mini@1)}.
     */
    public String publishAndDescribe(Loaded loaded, TenantStorage storage) {
        Optional<RuleSetRef> previous = storage.rulesets().published(loaded.ref().id()).map(StoredRuleSet::ref);
        publish(loaded, storage);
        return "published " + loaded.ref()
                + previous.filter(ref -> !ref.equals(loaded.ref())).map(ref -> " (was " + ref + ")").orElse("");
    }

    /**
     * Stores the version, after registering the models it uses; versions (of rule sets and of
     * models) are immutable, so the same version with other source or other model files is refused.
     */
    public void store(Loaded loaded, TenantStorage storage) {
        registerModels(loaded, storage);
        try {
            storage.rulesets().save(loaded.ref(), loaded.fileName(), loaded.source());
        } catch (IllegalStateException e) {
            throw new CliException("rule set " + loaded.ref().id() + " version " + loaded.ref().version()
                    + " is already stored with different source, and versions are immutable: bump 'version' in the"
                    + " template header of " + loaded.fileName() + " (or use another --data-dir)");
        }
    }

    /** Records the models the rule set uses in the model registry (docs/models.md#model-registry). */
    Loaded registerModels(Loaded loaded, TenantStorage storage) {
        try {
            loaded.evaluator().models().forEach(storage.models()::register);
            return loaded;
        } catch (IllegalStateException e) {
            throw new CliException(loaded.fileName() + ": " + e.getMessage());
        }
    }
}
