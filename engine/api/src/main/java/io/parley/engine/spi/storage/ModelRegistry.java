package io.parley.engine.spi.storage;

import io.parley.engine.api.model.RegisteredModel;

import java.util.List;
import java.util.Optional;

/**
 * The models rule sets have used, one entry per (id, version): what produced each ML signal.
 * Models register themselves when a rule set that uses them is prepared.
 */
public interface ModelRegistry {

    /**
     * Records a model version and returns it as stored (with {@code registeredAt}). Registering a
     * version again with the same files (names, sizes, SHA-256) is a no-op returning the first
     * registration; with other files it throws {@link IllegalStateException} naming the difference:
     * versions are immutable.
     */
    RegisteredModel register(RegisteredModel model);

    Optional<RegisteredModel> find(String id, String version);

    /** Every registered version of model {@code id}, oldest registration first. */
    List<RegisteredModel> versions(String id);

    /** Every registered model version, by id, then oldest registration first. */
    List<RegisteredModel> all();
}
