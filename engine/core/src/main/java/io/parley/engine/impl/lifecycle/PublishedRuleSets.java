package io.parley.engine.impl.lifecycle;

import io.parley.engine.api.Dialogue;
import io.parley.engine.api.DialogueEvaluator;
import io.parley.engine.api.EvaluationResult;
import io.parley.engine.api.RuleSetRef;
import io.parley.engine.impl.evaluate.RuleSetEvaluator;
import io.parley.engine.spi.plugin.DialogueMapperPlugin.DialogueMapper;
import io.parley.engine.spi.storage.RuleSetStore;
import io.parley.engine.spi.storage.RuleSetStore.StoredRuleSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The compiled rule sets in force, one published version per rule-set id, and the default id
 * (the rule set the server was started with) that dialogues naming no rule set are evaluated by.
 *
 * <p>Publishing is atomic for evaluation: the new version is compiled completely first (a version
 * that does not compile is refused and nothing changes), then marked published in storage, then
 * swapped in with one reference write. Every evaluation takes the version in force when it starts
 * and finishes with it; the replaced version is closed only once its last evaluation has finished.
 * So there is no moment when no version, or a half-compiled one, serves. Publishes of one id are
 * serialised.
 */
public final class PublishedRuleSets implements RuleSetsInForce, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(PublishedRuleSets.class);

    private final RuleSetStore store;
    private final RuleSetChecker checker;
    private final Map<String, LeasedEvaluator> serving = new ConcurrentHashMap<>();
    private final Map<String, Object> publishing = new ConcurrentHashMap<>();
    private volatile String defaultId;

    public PublishedRuleSets(RuleSetStore store, RuleSetChecker checker) {
        this.store = store;
        this.checker = checker;
    }

    /** What a publish did. {@code previous} is the version published before (in storage), or null. */
    public record Published(RuleSetRef ref, RuleSetRef previous) {
    }

    /**
     * Serves an already compiled version (stored and published by the caller) and makes its id the
     * default. The evaluator is closed with this registry or when a later publish replaces it.
     */
    public void serveDefault(RuleSetEvaluator evaluator) {
        swapIn(evaluator);
        defaultId = evaluator.ruleset().id();
    }

    /**
     * Compiles and serves the published version of every rule set in storage that is not served
     * yet (after a restart: everything that was published before). A version that no longer
     * compiles (e.g. a plugin was removed) is logged and skipped; the others still serve.
     *
     * @return the versions it started serving, in id order
     */
    public List<RuleSetRef> serveStoredPublished() {
        return store.allPublished().stream()
                .filter(stored -> !serving.containsKey(stored.ref().id()))
                .flatMap(stored -> {
                    try {
                        return Stream.of(publish(stored.ref()).ref());
                    } catch (RuleSetRejectedException e) {
                        log.error("published rule set {} does not compile any more and is not served: {}", stored.ref(),
                                e.diagnostics().stream().map(d -> d.render().strip()).toList());
                        return Stream.empty();
                    }
                }).toList();
    }

    /**
     * Makes a stored version the one in force for its id: compiles it, marks it published in
     * storage, swaps it in. Publishing the version already in force changes nothing.
     *
     * @throws RuleSetNotFoundException when the version is not stored
     * @throws RuleSetRejectedException when it does not compile; nothing changed
     */
    public Published publish(RuleSetRef ref) {
        synchronized (publishing.computeIfAbsent(ref.id(), id -> new Object())) {
            StoredRuleSet stored = store.find(ref).orElseThrow(() -> new RuleSetNotFoundException(
                    "rule set " + ref.id() + " has no stored version " + ref.version()));
            LeasedEvaluator current = serving.get(ref.id());
            if (current != null && current.evaluator().ruleset().equals(ref) && stored.published()) {
                return new Published(ref, ref);
            }
            RuleSetChecker.Checked checked = checker.check(stored.fileName(), stored.source());
            if (checked.hasErrors()) {
                throw new RuleSetRejectedException("rule set " + ref + " does not compile; it was not published",
                        checked.diagnostics());
            }
            if (!checked.definition().ref().equals(ref)) {
                checked.evaluator().close();
                throw new IllegalStateException("stored version " + ref + " declares itself " + checked.definition().ref());
            }
            RuleSetRef previous = store.published(ref.id()).map(StoredRuleSet::ref).orElse(null);
            try {
                store.publish(ref);
            } catch (RuntimeException e) {
                checked.evaluator().close();
                throw e;
            }
            swapIn(checked.evaluator());
            log.info("rule set {} published{}", ref, previous == null ? "" : ", replacing " + previous);
            return new Published(ref, previous);
        }
    }

    private LeasedEvaluator swapIn(RuleSetEvaluator evaluator) {
        LeasedEvaluator previous = serving.put(evaluator.ruleset().id(), new LeasedEvaluator(evaluator));
        if (previous != null) {
            previous.retire();
        }
        return previous;
    }

    /** The id dialogues naming no rule set are evaluated by; null before {@link #serveDefault}. */
    public String defaultId() {
        return defaultId;
    }

    /** The version in force for each served id, in id order. */
    public List<RuleSetRef> serving() {
        return serving.values().stream().map(leased -> leased.evaluator().ruleset())
                .sorted(Comparator.comparing(RuleSetRef::id)).toList();
    }

    /** The version in force for {@code id}. */
    public Optional<RuleSetRef> inForce(String id) {
        return Optional.ofNullable(serving.get(id)).map(leased -> leased.evaluator().ruleset());
    }

    /**
     * An evaluator that always evaluates with the version of {@code id} in force when each
     * evaluation starts (it follows publishes).
     *
     * @throws RuleSetNotFoundException when no version of {@code id} is published
     */
    @Override
    public DialogueEvaluator evaluator(String id) {
        if (!serving.containsKey(id)) {
            throw new RuleSetNotFoundException("no published rule set '" + id + "'"
                    + (serving.isEmpty() ? "" : "; published: " + String.join(", ", serving.keySet().stream().sorted().toList())));
        }
        return new InForce(id);
    }

    /**
     * {@link #evaluator} of the default id; without one (a tenant whose server was not started with
     * a rule set), of the only rule set published.
     *
     * @throws RuleSetNotFoundException when there is no default and not exactly one rule set is published
     */
    @Override
    public DialogueEvaluator defaultEvaluator() {
        return evaluator(effectiveDefaultId());
    }

    private String effectiveDefaultId() {
        if (defaultId != null) {
            return defaultId;
        }
        List<String> ids = serving.keySet().stream().sorted().toList();
        if (ids.size() == 1) {
            return ids.getFirst();
        }
        throw new RuleSetNotFoundException(ids.isEmpty()
                ? "no rule set is published yet: publish one (POST /api/v1/rulesets, then .../publish)"
                : "name the rule set that evaluates this dialogue with ?ruleset=: published: " + String.join(", ", ids));
    }

    /** The raw-record mapper of the default rule set's version in force, if it declares one. */
    @Override
    public Optional<DialogueMapper> defaultMapper() {
        InForce inForce = new InForce(effectiveDefaultId());
        return inForce.with(RuleSetEvaluator::mapper).map(declared -> raw -> inForce.with(evaluator -> evaluator.mapper()
                .orElseThrow(() -> new IllegalStateException("rule set " + evaluator.ruleset()
                        + " no longer declares a dialogue mapper"))
                .map(raw)));
    }

    /** Closes every version in force, each once its running evaluations are done. */
    @Override
    public void close() {
        serving.values().forEach(LeasedEvaluator::retire);
    }

    /** The evaluator of one id that follows publishes. */
    private final class InForce implements DialogueEvaluator {
        private final String id;

        InForce(String id) {
            this.id = id;
        }

        @Override
        public RuleSetRef ruleset() {
            return current().evaluator().ruleset();
        }

        @Override
        public EvaluationResult evaluate(Dialogue dialogue) {
            return with(evaluator -> evaluator.evaluate(dialogue));
        }

        /** Runs {@code work} with the version in force, held open until it is done. */
        <T> T with(Function<RuleSetEvaluator, T> work) {
            while (true) {
                LeasedEvaluator leased = current();
                if (leased.acquire()) {
                    try {
                        return work.apply(leased.evaluator());
                    } finally {
                        leased.release();
                    }
                }
                if (serving.get(id) == leased) {
                    throw new IllegalStateException("rule set '" + id + "' is closed: the engine is shutting down");
                }
                // Replaced and closed between reading and leasing it: the map holds its successor now.
            }
        }

        /** Equal when following the same id of the same registry: re-sent dialogues coalesce on it (DialogueIngestor). */
        @Override
        public boolean equals(Object other) {
            return other instanceof InForce that && that.registry() == registry() && that.id.equals(id);
        }

        @Override
        public int hashCode() {
            return id.hashCode();
        }

        private PublishedRuleSets registry() {
            return PublishedRuleSets.this;
        }

        private LeasedEvaluator current() {
            LeasedEvaluator leased = serving.get(id);
            if (leased == null) {
                throw new IllegalStateException("rule set '" + id + "' is not served");
            }
            return leased;
        }
    }
}
