package io.parley.engine.api;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.OffsetDateTime;

/**
 * One utterance. {@code at} (start) and {@code end} are optional; call transcripts carry both so
 * silence, interruption and speech rate can be measured.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Turn(String role, String text, OffsetDateTime at, OffsetDateTime end, String speaker) {

    public Turn(String role, String text) {
        this(role, text, null, null, null);
    }
}
