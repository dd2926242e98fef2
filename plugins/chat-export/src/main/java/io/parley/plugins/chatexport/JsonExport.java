package io.parley.plugins.chatexport;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.parley.engine.spi.plugin.PluginException;
import io.parley.plugins.chatexport.LineReader.Line;

import java.io.IOException;
import java.io.Reader;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * JSON exports: an array of message objects (rows are positions in the array, from 1) or NDJSON,
 * one message object per line (rows are line numbers). Keys are matched to Parley fields like CSV
 * headers; numbers are read as their exact text (ids, epoch times).
 */
final class JsonExport {
    private static final ObjectMapper JSON = JsonMapper.builder()
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .build();
    /** Keys repeat from object to object; their match keys are worth keeping, up to a bound. */
    private static final int KEY_CACHE_SIZE = 1024;

    private final ExportSettings settings;
    private final Map<String, List<String>> candidateKeys = new LinkedHashMap<>();
    private final Map<String, String> matchKeys = new HashMap<>();

    /**
     * @param fieldNamesFirst also match each field by its own name ({@code session}, {@code role},
     *                        {@code agent}, {@code shop} for {@code attributes.shop}), before the
     *                        export's column names: what a row mapper's results use
     */
    JsonExport(ExportSettings settings, boolean fieldNamesFirst) {
        this.settings = settings;
        settings.columns().forEach((field, names) -> candidateKeys.put(field, Stream.concat(
                fieldNamesFirst ? Stream.of(field.startsWith(ExportSettings.ATTRIBUTE_PREFIX)
                        ? field.substring(ExportSettings.ATTRIBUTE_PREFIX.length()) : field) : Stream.empty(),
                names.stream()).map(MatchKeys::column).distinct().toList()));
    }

    void readArray(Reader text, JsonRecords records) throws IOException {
        try (JsonParser parser = JSON.createParser(text)) {
            long position = 1;
            try {
                JsonToken start = parser.nextToken();
                if (start == null) {
                    return;
                }
                if (start != JsonToken.START_ARRAY) {
                    throw new PluginException("expected a JSON array of message objects, found "
                            + start.asString() + " at " + where(parser.currentTokenLocation())
                            + " (one object per line is format ndjson)");
                }
                for (JsonToken token = parser.nextToken(); token != JsonToken.END_ARRAY; token = parser.nextToken()) {
                    if (token == null) {
                        records.bad(position, "the array is never closed: the file ends inside it");
                        return;
                    }
                    JsonNode element = JSON.readTree(parser);
                    records.record(position++, element);
                }
            } catch (JsonProcessingException e) {
                // Past a syntax error there is no telling where the next element starts.
                records.bad(position, "malformed JSON at " + where(e.getLocation()) + ": " + e.getOriginalMessage()
                        + "; the rest of the file is not read");
            }
        }
    }

    void readLines(LineReader lines, JsonRecords records) throws IOException {
        for (Line line = lines.next(); line != null; line = lines.next()) {
            if (line.text().isBlank()) {
                continue;
            }
            if (line.overlong()) {
                records.bad(line.number(), "the line is longer than " + LineReader.MAX_LINE_CHARS + " characters");
                continue;
            }
            try (JsonParser parser = JSON.createParser(line.text())) {
                JsonNode node = JSON.readTree(parser);
                if (parser.nextToken() != null) {
                    records.bad(line.number(), "more than one JSON value on the line (NDJSON has one message per line)");
                } else {
                    records.record(line.number(), node);
                }
            } catch (JsonProcessingException e) {
                JsonLocation at = e.getLocation();
                records.bad(line.number(), "malformed JSON" + (at == null ? "" : " at column " + at.getColumnNr())
                        + ": " + e.getOriginalMessage());
            }
        }
    }

    /** Each record's keys matched to Parley fields like CSV headers, on to {@code records}. */
    JsonRecords matching(Records records) {
        return new JsonRecords() {
            @Override
            public void record(long row, JsonNode record) {
                message(row, record, records);
            }

            @Override
            public void bad(long row, String reason) {
                records.bad(row, reason);
            }
        };
    }

    private void message(long row, JsonNode node, Records records) {
        if (!node.isObject()) {
            records.bad(row, "expected a message object, found " + node.getNodeType().name().toLowerCase(Locale.ROOT));
            return;
        }
        Map<String, String> keys = new HashMap<>();
        node.fieldNames().forEachRemaining(key -> keys.putIfAbsent(matchKey(key), key));
        records.message(row, new Cells() {
            @Override
            public Cell get(String field) throws BadRecordException {
                List<String> candidates = candidateKeys.get(field);
                if (candidates == null) {
                    return null;
                }
                for (String candidate : candidates) {
                    String key = keys.get(candidate);
                    if (key != null) {
                        return new Cell(key, text(key, node.get(key)));
                    }
                }
                return null;
            }

            @Override
            public String describe(String column) {
                return "field '" + column + "'";
            }
        });
    }

    private String matchKey(String key) {
        String cached = matchKeys.get(key);
        if (cached != null) {
            return cached;
        }
        String matchKey = MatchKeys.column(key);
        if (matchKeys.size() < KEY_CACHE_SIZE) {
            matchKeys.put(key, matchKey);
        }
        return matchKey;
    }

    private static String text(String key, JsonNode value) throws BadRecordException {
        if (value.isNull()) {
            return null;
        }
        if (value.isContainerNode()) {
            throw new BadRecordException("field '" + key + "': expected text or a number, found an "
                    + (value.isArray() ? "array" : "object"));
        }
        if (value.isIntegralNumber()) {
            return value.bigIntegerValue().toString();
        }
        return value.isNumber() ? value.decimalValue().toPlainString() : value.asText();
    }

    private static String where(JsonLocation location) {
        return location == null ? "an unknown position" : "line " + location.getLineNr() + ", column " + location.getColumnNr();
    }
}
