package io.parley.engine.api.json;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/**
 * The one Jackson configuration Parley reads and writes its JSON with (dialogues, results, API
 * bodies, stored documents). Dates are ISO-8601 strings; an {@code OffsetDateTime} keeps the offset
 * it was written with (a turn at {@code +08:00} stays at {@code +08:00}); an {@code Instant} is
 * written in UTC ({@code 2026-11-11T02:05:00Z}).
 */
public final class ParleyJson {

    private static final ObjectMapper MAPPER = JsonMapper.builder()
            .addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .disable(DeserializationFeature.ADJUST_DATES_TO_CONTEXT_TIME_ZONE)
            // Map keys (dialogue attributes) in a stable order: equal content gives equal bytes,
            // which the storage's content hash relies on.
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS)
            .build();

    private ParleyJson() {
    }

    /** Thread-safe; do not reconfigure it (use {@code mapper().writer(...)} / {@code reader(...)} for variants). */
    public static ObjectMapper mapper() {
        return MAPPER;
    }
}
