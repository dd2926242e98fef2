package io.parley.app;

import io.parley.engine.api.RuleSetRef;
import io.parley.engine.api.ruleset.RuleSetDefinition;
import io.parley.engine.impl.evaluate.RuleSetCompilationException;
import io.parley.engine.impl.evaluate.RuleSetEvaluator;
import io.parley.engine.spi.RuleSetCompiler;
import io.parley.engine.spi.storage.RuleSetStore.StoredRuleSet;
import io.parley.engine.spi.storage.Storage;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.ServiceLoader;

/** Finds rule-set source (a file, the published version in storage, the bundled example) and compiles it. */
final class RuleSetLoader {
    private final RuleSetCompiler compiler;
    private final PrintStream diagnostics;

    RuleSetLoader(PrintStream diagnostics) {
        this.compiler = ServiceLoader.load(RuleSetCompiler.class).findFirst()
                .orElseThrow(() -> new IllegalStateException("no RuleSetCompiler on the classpath (is parley-dsl missing?)"));
        this.diagnostics = diagnostics;
    }

    /** A compiled rule set and the source it came from. */
    record Loaded(String origin, String fileName, String source, RuleSetDefinition definition, RuleSetEvaluator evaluator) {
        RuleSetRef ref() {
            return definition.ref();
        }
    }

    RuleSetCompiler.Compilation check(String fileName, String source) {
        return compiler.compile(fileName, source);
    }

    Loaded compile(String origin, String fileName, String source) {
        RuleSetCompiler.Compilation compilation = compiler.compile(fileName, source);
        diagnostics.print(compilation.render());
        if (compilation.hasErrors()) {
            throw new CliException("rule set " + fileName + " has errors (see above)");
        }
        try {
            return new Loaded(origin, fileName, source, compilation.definition(),
                    RuleSetEvaluator.compile(compilation.definition()));
        } catch (RuleSetCompilationException e) {
            throw new CliException("rule set " + fileName + " compiled to rules Drools rejects: " + e.getMessage());
        }
    }

    Loaded compileFile(Path file) {
        try {
            return compile(file.toString(), file.toString(), Files.readString(file));
        } catch (NoSuchFileException e) {
            throw new CliException("rule file not found: " + file, 2);
        } catch (IOException e) {
            throw new CliException("cannot read rule file " + file + ": " + e.getMessage(), 2);
        }
    }

    Loaded example() {
        ExampleTemplate example = ExampleTemplate.ecommerce();
        return compile(example.location(), example.ruleFileName(), example.ruleSource());
    }

    /**
     * The rule set {@code serve} evaluates with: the given file; else the most recently stored
     * published rule set; else the bundled example. A file or the example is stored and published.
     */
    Loaded forServing(Path rulesFile, Storage storage) {
        if (rulesFile != null) {
            return publish(compileFile(rulesFile), storage);
        }
        return storage.rulesets().allPublished().stream()
                .max(Comparator.comparing(StoredRuleSet::storedAt))
                .map(stored -> compile("published in storage", stored.fileName(), stored.source()))
                .orElseGet(() -> publish(example(), storage));
    }

    /** Stores the version and makes it the published one. */
    Loaded publish(Loaded loaded, Storage storage) {
        store(loaded, storage);
        storage.rulesets().publish(loaded.ref());
        return loaded;
    }

    /** Stores the version; versions are immutable, so the same version with other source is refused. */
    void store(Loaded loaded, Storage storage) {
        try {
            storage.rulesets().save(loaded.ref(), loaded.fileName(), loaded.source());
        } catch (IllegalStateException e) {
            throw new CliException("rule set " + loaded.ref().id() + " version " + loaded.ref().version()
                    + " is already stored with different source, and versions are immutable: bump 'version' in the"
                    + " template header of " + loaded.fileName() + " (or use another --data-dir)");
        }
    }
}
