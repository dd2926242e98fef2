package io.parley.engine.spi.storage;

import java.util.List;
import java.util.Optional;

/**
 * The state of long-running work of the rule-set lifecycle (backtest jobs, shadow runs), one JSON
 * object per id, kept so that a restart loses none of it: what was running is found again and
 * what finished stays listable.
 */
public interface JobStore {

    /** One stored state: the JSON object as saved, and the rule set it belongs to. */
    record StoredJob(String id, String rulesetId, String json) {
    }

    /** Upserts by id and returns once the write is acknowledged; {@code json} must be a JSON object. */
    void save(String id, String rulesetId, String json);

    Optional<StoredJob> find(String id);

    /** Every stored state of one rule set, in the order first saved. */
    List<StoredJob> forRuleSet(String rulesetId);

    /** Every stored state, in the order first saved. */
    List<StoredJob> all();
}
