package io.parley.plugins.chatexport;

/** One source record (a CSV row, a JSON object) seen through the column mapping. */
interface Cells {

    /** A value and the column it came from, named as the source names it. */
    record Cell(String column, String value) {
    }

    /**
     * The record's cell for a Parley field; null when the record has no column for it. The value
     * is null when the column is present but empty (JSON null).
     *
     * @throws BadRecordException when the value cannot be read as text (a JSON object or array)
     */
    Cell get(String field) throws BadRecordException;

    /** How a message names a column of this source: {@code column 发送方}, {@code field 'role'}. */
    String describe(String column);
}
