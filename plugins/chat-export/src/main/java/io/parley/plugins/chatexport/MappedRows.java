package io.parley.plugins.chatexport;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * Passes each record through the user's row mapper on its way to field matching: an object goes
 * on, null skips the row, an exception or any other value makes it a bad record.
 */
final class MappedRows implements JsonRecords {
    private final UnaryOperator<JsonNode> rowMapper;
    private final JsonRecords next;
    private final Records records;

    /** @param records told of skipped rows */
    MappedRows(UnaryOperator<JsonNode> rowMapper, JsonRecords next, Records records) {
        this.rowMapper = rowMapper;
        this.next = next;
        this.records = records;
    }

    @Override
    public void record(long row, JsonNode record) {
        JsonNode mapped;
        try {
            mapped = rowMapper.apply(record);
        } catch (RuntimeException e) {
            next.bad(row, "the row mapper failed: " + e.getMessage());
            return;
        }
        if (mapped == null || mapped.isNull() || mapped.isMissingNode()) {
            records.skipped(row);
        } else if (mapped.isObject()) {
            next.record(row, mapped);
        } else {
            next.bad(row, "the row mapper returned " + mapped.getNodeType().name().toLowerCase(Locale.ROOT)
                    + " " + abbreviate(mapped.toString()) + ", expected an object of message fields or null to skip the row");
        }
    }

    @Override
    public void bad(long row, String reason) {
        next.bad(row, reason);
    }

    private static String abbreviate(String json) {
        return json.length() <= 60 ? json : json.substring(0, 57) + "...";
    }
}
