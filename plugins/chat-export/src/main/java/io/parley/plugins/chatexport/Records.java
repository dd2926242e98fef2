package io.parley.plugins.chatexport;

/** Where a format's reader puts what it reads, record by record. */
interface Records {
    /** @param row the record's line (CSV, NDJSON) or position in the array (JSON), from 1 */
    void message(long row, Cells cells);

    void bad(long row, String reason);

    /** A row the row mapper skipped. */
    void skipped(long row);
}
