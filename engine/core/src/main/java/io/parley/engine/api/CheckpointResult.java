package io.parley.engine.api;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/**
 * How a dialogue did on one checkpoint. {@code evidence} is what made it pass (the step done) or,
 * for a failed checkpoint, what made it apply; empty when not applicable.
 */
public record CheckpointResult(String checkpoint, String title, Status status, List<Evidence> evidence) {
    public CheckpointResult {
        evidence = evidence == null ? List.of() : List.copyOf(evidence);
    }

    public enum Status {
        @JsonProperty("passed") PASSED,
        @JsonProperty("failed") FAILED,
        @JsonProperty("not_applicable") NOT_APPLICABLE
    }
}
