package io.parley.engine.spi.plugin;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Map;

/** Maps a customer's own record shape to Parley's dialogue JSON at ingest (e.g. {@code script map = js"""…"""}). */
public interface DialogueMapperPlugin extends Plugin {

    DialogueMapper prepare(Map<String, Object> config, String origin);

    /** Thread-safe. */
    interface DialogueMapper extends AutoCloseable {
        /** The dialogue JSON (validated by the engine afterwards); {@link PluginException} when the record cannot be mapped. */
        JsonNode map(JsonNode raw);

        @Override
        default void close() {
        }
    }
}
