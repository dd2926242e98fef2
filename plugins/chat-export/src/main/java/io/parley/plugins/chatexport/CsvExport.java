package io.parley.plugins.chatexport;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.engine.spi.plugin.PluginException;
import io.parley.plugins.chatexport.CsvRecordReader.Broken;
import io.parley.plugins.chatexport.CsvRecordReader.Fields;

import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.BiConsumer;

/** A CSV export: a header row, then one message per row; rows are numbered by the line they start on. */
final class CsvExport {
    private final ExportSettings settings;

    CsvExport(ExportSettings settings) {
        this.settings = settings;
    }

    /** @throws PluginException when the header lacks a column the configuration needs */
    void read(LineReader lines, Records records) throws IOException {
        CsvRecordReader csv = new CsvRecordReader(lines, settings.delimiter());
        List<String> header = header(csv);
        if (header == null) {
            return;
        }
        Map<String, Integer> columns = resolve(header);
        readRows(csv, header, records::bad, (line, values) -> records.message(line, cells(header, columns, values)));
    }

    /**
     * Each row as a JSON object of header name → cell text, for a row mapper: the header need not
     * name Parley's fields, the mapper's results do. A name the header repeats keeps its first column.
     */
    void readObjects(LineReader lines, JsonRecords records) throws IOException {
        CsvRecordReader csv = new CsvRecordReader(lines, settings.delimiter());
        List<String> header = header(csv);
        if (header == null) {
            return;
        }
        readRows(csv, header, records::bad, (line, values) -> {
            ObjectNode row = JsonNodeFactory.instance.objectNode();
            for (int i = 0; i < header.size(); i++) {
                if (!row.has(header.get(i))) {
                    row.put(header.get(i), values.get(i));
                }
            }
            records.record(line, row);
        });
    }

    /** The stripped header names; null for an empty export. */
    private static List<String> header(CsvRecordReader csv) throws IOException {
        CsvRecordReader.Row first = csv.next();
        if (first == null) {
            return null;
        }
        if (first instanceof Broken broken) {
            throw new PluginException("the header row (line " + broken.line() + ") is unreadable: " + broken.problem());
        }
        return ((Fields) first).values().stream().map(String::strip).toList();
    }

    private static void readRows(CsvRecordReader csv, List<String> header, BiConsumer<Long, String> bad,
                                 BiConsumer<Long, List<String>> row) throws IOException {
        for (CsvRecordReader.Row next = csv.next(); next != null; next = csv.next()) {
            switch (next) {
                case Broken broken -> bad.accept(broken.line(), describe(broken, header));
                case Fields fields when fields.values().size() != header.size() ->
                        bad.accept(fields.line(), "expected " + header.size() + " columns as in the header, found "
                                + fields.values().size());
                case Fields fields -> row.accept(fields.line(), fields.values());
            }
        }
    }

    /** Parley field → index of its column: the first candidate name the header has. */
    private Map<String, Integer> resolve(List<String> header) {
        Map<String, Integer> byName = new HashMap<>();
        for (int i = 0; i < header.size(); i++) {
            byName.putIfAbsent(MatchKeys.column(header.get(i)), i);
        }
        Map<String, Integer> columns = new LinkedHashMap<>();
        settings.columns().forEach((field, names) -> names.stream().map(MatchKeys::column).map(byName::get)
                .filter(Objects::nonNull).findFirst()
                .ifPresentOrElse(index -> columns.put(field, index), () -> {
                    boolean configured = settings.configuredFields().contains(field);
                    if (configured || ExportSettings.REQUIRED_FIELDS.contains(field)) {
                        throw new PluginException("the header has no " + field + " column: expected "
                                + String.join(" or ", names) + (configured ? "" : " (set columns." + field
                                + " to the name your export uses)") + "; the header is " + String.join(", ", header));
                    }
                }));
        return columns;
    }

    private Cells cells(List<String> header, Map<String, Integer> columns, List<String> values) {
        return new Cells() {
            @Override
            public Cell get(String field) {
                Integer index = columns.get(field);
                return index == null ? null : new Cell(header.get(index), values.get(index));
            }

            @Override
            public String describe(String column) {
                return "column " + column;
            }
        };
    }

    private static String describe(Broken broken, List<String> header) {
        if (broken.field() < 0) {
            return broken.problem();
        }
        String column = broken.field() < header.size() ? header.get(broken.field())
                : (broken.field() + 1) + " (beyond the header's " + header.size() + ")";
        return "column " + column + ": " + broken.problem();
    }
}
