package io.parley.ml.tools.intent;

import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** One labelled text of an intent data set: BANKING77's {@code text,category} CSV rows. */
public record LabelledText(String text, String category) {

    /**
     * Reads a CSV with a header row holding {@code text} and {@code category} columns.
     *
     * @throws IOException naming the file and the row when a column is missing or empty
     */
    public static List<LabelledText> readCsv(Path file) throws IOException {
        CsvMapper mapper = new CsvMapper();
        List<LabelledText> rows = new ArrayList<>();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             MappingIterator<Map<String, String>> records = mapper.readerForMapOf(String.class)
                     .with(CsvSchema.emptySchema().withHeader()).readValues(reader)) {
            int row = 1;
            while (records.hasNext()) {
                row++;
                Map<String, String> record = records.next();
                String text = record.get("text");
                String category = record.get("category");
                if (text == null || category == null || text.isBlank() || category.isBlank()) {
                    throw new IOException(file + " row " + row + ": needs non-empty 'text' and 'category' columns, found " + record.keySet());
                }
                rows.add(new LabelledText(text, category.strip()));
            }
        } catch (RuntimeException e) {
            throw new IOException(file + ": not a text,category CSV: " + e.getMessage(), e);
        }
        if (rows.isEmpty()) {
            throw new IOException(file + " has no rows");
        }
        return rows;
    }
}
