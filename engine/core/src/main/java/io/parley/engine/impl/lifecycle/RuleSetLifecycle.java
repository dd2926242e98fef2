package io.parley.engine.impl.lifecycle;

import io.parley.engine.api.Diagnostic;
import io.parley.engine.api.Dialogue;
import io.parley.engine.api.EvaluationResult;
import io.parley.engine.api.RuleSetRef;
import io.parley.engine.api.ruleset.RuleSetDefinition;
import io.parley.engine.spi.RuleSetCompiler;
import io.parley.engine.spi.storage.RuleSetStore;
import io.parley.engine.spi.storage.RuleSetStore.StoredRuleSet;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The rule-set lifecycle over storage: push a version as a draft (validated first, stored only
 * when it compiles), list, read, diff, try a version on a dialogue, publish. The HTTP routes and
 * the {@code parley rules} commands are thin layers over it.
 */
public final class RuleSetLifecycle {
    private final RuleSetStore store;
    private final RuleSetChecker checker;
    private final PublishedRuleSets published;
    private final CompiledVersions compiled;

    public RuleSetLifecycle(RuleSetStore store, RuleSetChecker checker, PublishedRuleSets published, CompiledVersions compiled) {
        this.store = store;
        this.checker = checker;
        this.published = published;
        this.compiled = compiled;
    }

    /**
     * The outcome of a push: every diagnostic; when there is no error the stored version and
     * whether it is new ({@code created} false: the same source was stored before).
     */
    public record Pushed(List<Diagnostic> diagnostics, StoredRuleSet stored, boolean created) {
        public boolean rejected() {
            return stored == null;
        }
    }

    /** A stored version without its source. */
    public record VersionInfo(RuleSetRef ref, String fileName, boolean published, boolean inForce, Instant storedAt) {
    }

    /** One rule set: its versions, the one published in storage and the one in force here (null when none). */
    public record RuleSetInfo(String id, List<Integer> versions, Integer published, Integer inForce, boolean isDefault) {
    }

    /**
     * Validates the source completely (language, plugins, Drools) and stores it as a draft version:
     * the version its template header declares. Nothing is stored when there is an error.
     *
     * @throws IllegalStateException when that version is stored with other source (versions are immutable)
     */
    public Pushed push(String fileName, String source) {
        RuleSetChecker.Checked checked = checker.check(fileName, source);
        if (checked.hasErrors()) {
            return new Pushed(checked.diagnostics(), null, false);
        }
        RuleSetRef ref = checked.definition().ref();
        boolean created = store.find(ref).isEmpty();
        StoredRuleSet stored;
        try {
            stored = store.save(ref, fileName, source);
        } catch (RuntimeException e) {
            checked.evaluator().close();
            throw e;
        }
        compiled.keep(checked.evaluator());
        return new Pushed(checked.diagnostics(), stored, created);
    }

    public List<RuleSetInfo> list() {
        return store.ids().stream().map(id -> {
            List<StoredRuleSet> versions = store.versions(id);
            return new RuleSetInfo(id, versions.stream().map(v -> v.ref().version()).toList(),
                    versions.stream().filter(StoredRuleSet::published).map(v -> v.ref().version())
                            .reduce((a, b) -> b).orElse(null),
                    published.inForce(id).map(RuleSetRef::version).orElse(null),
                    id.equals(published.defaultId()));
        }).toList();
    }

    /** @throws RuleSetNotFoundException when no version of {@code id} is stored */
    public List<VersionInfo> versions(String id) {
        List<StoredRuleSet> versions = store.versions(id);
        if (versions.isEmpty()) {
            throw new RuleSetNotFoundException("no rule set '" + id + "' is stored");
        }
        Optional<RuleSetRef> inForce = published.inForce(id);
        return versions.stream().map(v -> new VersionInfo(v.ref(), v.fileName(), v.published(),
                inForce.map(v.ref()::equals).orElse(false), v.storedAt())).toList();
    }

    /** @throws RuleSetNotFoundException when the version is not stored */
    public StoredRuleSet version(RuleSetRef ref) {
        return store.find(ref).orElseThrow(() -> new RuleSetNotFoundException(
                "rule set " + ref.id() + " has no stored version " + ref.version()));
    }

    /** The newest stored version of {@code id}: what "the draft" means when a request names no version. */
    public RuleSetRef newest(String id) {
        List<StoredRuleSet> versions = store.versions(id);
        if (versions.isEmpty()) {
            throw new RuleSetNotFoundException("no rule set '" + id + "' is stored");
        }
        return versions.getLast().ref();
    }

    /** The version of {@code id} published in storage. */
    public RuleSetRef publishedVersion(String id) {
        return store.published(id).map(StoredRuleSet::ref).orElseThrow(() -> new RuleSetNotFoundException(
                "rule set '" + id + "' has no published version to compare with; publish one first"));
    }

    public PublishedRuleSets.Published publish(RuleSetRef ref) {
        return published.publish(ref);
    }

    /** The semantic diff of two stored versions. */
    public RuleSetDiff diff(RuleSetRef from, RuleSetRef to) {
        return RuleSetDiff.between(definition(from), definition(to));
    }

    private RuleSetDefinition definition(RuleSetRef ref) {
        StoredRuleSet stored = version(ref);
        RuleSetCompiler.Compilation compilation = checker.compile(stored.fileName(), stored.source());
        if (compilation.hasErrors()) {
            throw new RuleSetRejectedException("stored rule set " + ref + " does not compile any more", compilation.diagnostics());
        }
        return compilation.definition();
    }

    /** Evaluates a stored version (draft or not) on one dialogue; nothing is stored. */
    public EvaluationResult tryOn(RuleSetRef ref, Dialogue dialogue) {
        return compiled.with(ref, evaluator -> evaluator.evaluate(dialogue));
    }
}
