package io.parley.engine.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * How a dialogue did on one checkpoint, or on one stage of an SOP. {@code evidence} is what made it
 * pass (the step done; the turns the stage was recognised on) or, for a failed checkpoint, what made
 * it apply; for a stage out of order, the turns it was recognised on; empty when not applicable or
 * missing.
 *
 * @param reason why a stage failed; null for checkpoints and for stages that passed
 */
public record CheckpointResult(String checkpoint, String title, Status status, List<Evidence> evidence,
                               @JsonInclude(JsonInclude.Include.NON_NULL) Reason reason) {
    public CheckpointResult {
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
    }

    /** The result of a checkpoint. */
    public CheckpointResult(String checkpoint, String title, Status status, List<Evidence> evidence) {
        this(checkpoint, title, status, evidence, null);
    }

    public enum Status {
        @JsonProperty("passed") PASSED,
        @JsonProperty("failed") FAILED,
        @JsonProperty("not_applicable") NOT_APPLICABLE
    }

    /** Why a stage of an SOP failed. */
    public enum Reason {
        /** No turn shows the stage. */
        @JsonProperty("missing") MISSING,
        /** The stage first shows after a stage that should come later. */
        @JsonProperty("out_of_order") OUT_OF_ORDER
    }
}
