package io.parley.plugins.chatexport;

import io.parley.engine.spi.plugin.PluginException;
import io.parley.plugins.chatexport.CsvRecordReader.Broken;
import io.parley.plugins.chatexport.CsvRecordReader.Fields;

import java.io.IOException;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/** A CSV export: a header row, then one message per row; rows are numbered by the line they start on. */
final class CsvExport {
    private final ExportSettings settings;

    CsvExport(ExportSettings settings) {
        this.settings = settings;
    }

    /** @throws PluginException when the header lacks a column the configuration needs */
    void read(LineReader lines, Records records) throws IOException {
        CsvRecordReader csv = new CsvRecordReader(lines, settings.delimiter());
        CsvRecordReader.Row first = csv.next();
        if (first == null) {
            return;
        }
        if (first instanceof Broken broken) {
            throw new PluginException("the header row (line " + broken.line() + ") is unreadable: " + broken.problem());
        }
        List<String> header = ((Fields) first).values().stream().map(String::strip).toList();
        Map<String, Integer> columns = resolve(header);
        for (CsvRecordReader.Row row = csv.next(); row != null; row = csv.next()) {
            switch (row) {
                case Broken broken -> records.bad(broken.line(), describe(broken, header));
                case Fields fields when fields.values().size() != header.size() ->
                        records.bad(fields.line(), "expected " + header.size() + " columns as in the header, found "
                                + fields.values().size());
                case Fields fields -> records.message(fields.line(), cells(header, columns, fields.values()));
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
