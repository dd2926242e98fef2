package io.parley.engine.spi.plugin;

import io.parley.engine.api.Dialogue;
import io.parley.engine.api.Hit;
import io.parley.engine.api.Score;

import java.util.List;
import java.util.Map;

/** A custom scorecard formula (e.g. {@code script score = js"""…"""}). */
public interface ScoringFunctionPlugin extends Plugin {

    /** Once per rule-set version; {@link PluginException} when the configuration cannot work. */
    ScoringFunction prepare(Map<String, Object> config, String origin);

    /** Thread-safe. */
    interface ScoringFunction extends AutoCloseable {
        /**
         * The score value for a dialogue (the engine clamps it to [0, 100] and grades it).
         *
         * @param standard the scorecard's own verdict (base, deductions, veto), which a formula may refine
         */
        double score(Dialogue dialogue, List<Hit> hits, Score standard);

        @Override
        default void close() {
        }
    }
}
