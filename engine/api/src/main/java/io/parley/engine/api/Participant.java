package io.parley.engine.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** The agent or customer of a dialogue; {@code group} is the agent's team (e.g. "pre-sale"). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Participant(String id, String group) {
}
