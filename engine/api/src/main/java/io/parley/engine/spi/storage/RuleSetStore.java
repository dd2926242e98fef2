package io.parley.engine.spi.storage;

import io.parley.engine.api.RuleSetRef;

import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** Rule-set sources with immutable versions. */
public interface RuleSetStore {

    /** One stored version: its source text exactly as written, and whether it is the published one. */
    record StoredRuleSet(RuleSetRef ref, String fileName, String source, boolean published, Instant storedAt) {
    }

    /**
     * Stores a version. Storing the same (id, version) with identical source is a no-op; with
     * different source it throws {@link IllegalStateException}: versions are immutable.
     */
    StoredRuleSet save(RuleSetRef ref, String fileName, String source);

    /** Marks this version as the published one of its id (unpublishing any other version of it). */
    void publish(RuleSetRef ref);

    Optional<StoredRuleSet> find(RuleSetRef ref);

    /** The published version of rule set {@code id}, if any. */
    Optional<StoredRuleSet> published(String id);

    /** Every published rule set, one per id. */
    List<StoredRuleSet> allPublished();

    List<StoredRuleSet> versions(String id);

    /** The id of every stored rule set, published or not, in id order. */
    List<String> ids();
}
