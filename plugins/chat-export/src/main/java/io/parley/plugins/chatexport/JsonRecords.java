package io.parley.plugins.chatexport;

import com.fasterxml.jackson.databind.JsonNode;

/** Where a reader puts records as JSON values, before their keys are matched to Parley fields. */
interface JsonRecords {
    /** @param row the record's line (CSV, NDJSON) or position in the array (JSON), from 1 */
    void record(long row, JsonNode record);

    void bad(long row, String reason);
}
