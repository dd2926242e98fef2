package io.parley.engine.api.ruleset;

import java.util.List;

/**
 * A required step of a dialogue ({@code checkpoint ask_order "核实订单号" applies when …: …}). Its DRL
 * rule named {@code id} fires when the step was done; with {@code conditional}, the DRL rule named
 * {@code id + "#applies"} fires when the checkpoint applies at all. The evaluator then reports it
 * passed (it applies and the step was done), failed (it applies and the step was not done) or not
 * applicable (its {@code applies when} condition does not hold). A failed checkpoint is also
 * reported as a hit under its id, so scorecards and tests treat it like a rule that hit.
 */
public record CheckpointDefinition(String id, String title, String severity, List<String> tags, boolean conditional) {
    /** Suffix of the DRL rule that fires when a conditional checkpoint applies. */
    public static final String APPLIES_SUFFIX = "#applies";

    public CheckpointDefinition {
        tags = tags == null ? List.of() : List.copyOf(tags);
    }

    /** The DRL rule that fires when the checkpoint applies. */
    public String appliesRule() {
        return id + APPLIES_SUFFIX;
    }
}
