package io.parley.engine.api;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;

/**
 * A conversation as accepted by the API (docs/dialogue-format.md). Instances are built from JSON
 * by the engine's validator, which guarantees the invariants listed there (non-blank id, at least
 * one turn, known roles, ordered turn times).
 *
 * @param parties free roles allowed in {@link Turn#role()} besides the built-in ones (e.g. a
 *                live-stream {@code host} and {@code viewer}); may be empty
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Dialogue(
        String id,
        String channel,
        OffsetDateTime startedAt,
        Participant agent,
        Participant customer,
        List<String> parties,
        List<Turn> turns,
        Outcome outcome,
        Map<String, Object> attributes) {

    public Dialogue {
        parties = parties == null ? List.of() : List.copyOf(parties);
        turns = turns == null ? List.of() : List.copyOf(turns);
        attributes = attributes == null ? Map.of() : withoutNulls(attributes);
    }

    /** An attribute whose value is JSON null is not given, like any optional field set to null (docs/dialogue-format.md). */
    private static Map<String, Object> withoutNulls(Map<String, Object> attributes) {
        if (attributes.values().stream().noneMatch(java.util.Objects::isNull)) {
            return Map.copyOf(attributes);
        }
        Map<String, Object> given = new java.util.HashMap<>();
        attributes.forEach((key, value) -> {
            if (value != null) {
                given.put(key, value);
            }
        });
        return Map.copyOf(given);
    }

    /** The roles every dialogue may use without declaring them in {@code parties}. */
    public static final List<String> BUILT_IN_ROLES = List.of("customer", "agent", "bot", "system");
}
