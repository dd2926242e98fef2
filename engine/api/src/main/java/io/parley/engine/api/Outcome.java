package io.parley.engine.api;

import com.fasterxml.jackson.annotation.JsonInclude;

/** What the dialogue led to, when known: a purchase, a satisfaction rating (1–5). */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Outcome(Boolean converted, Integer satisfaction) {
}
