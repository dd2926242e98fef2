package io.parley.engine.api.ruleset;

import java.util.List;

/**
 * An SOP ({@code sop presale "售前流程": greeting -> needs -> offer}): stages in the order a dialogue
 * must go through them. {@link io.parley.engine.api.SopSequence} reads the order from the turns each
 * stage was recognised on (see {@link StageDefinition}). Each stage is then reported like a
 * checkpoint: passed, or failed because it is missing or out of order, and a failed stage is a hit
 * under its id, so scorecards and tests treat it like a rule that hit.
 *
 * @param stages      in expected order
 * @param conditional whether it has an {@code applies when} condition (see {@link #appliesRule()})
 */
public record SopDefinition(String id, String title, List<StageDefinition> stages, boolean conditional) {
    public SopDefinition {
        stages = List.copyOf(stages);
    }

    /** The DRL rule that fires when a conditional SOP applies; without it, every stage is not applicable. */
    public String appliesRule() {
        return id + CheckpointDefinition.APPLIES_SUFFIX;
    }
}
