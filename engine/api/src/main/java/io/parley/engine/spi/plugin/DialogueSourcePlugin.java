package io.parley.engine.spi.plugin;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.UnaryOperator;

/** Reads dialogues from an external format, such as a chat platform's message export. */
public interface DialogueSourcePlugin extends Plugin {

    DialogueSource open(PluginConfig config);

    interface DialogueSource {
        /**
         * Streams {@code in} (never loading it whole) and reports to {@code listener}: each
         * dialogue as Parley dialogue JSON (the engine validates and stores it), each bad record
         * with its row or line number (it is skipped, good records are kept), and progress.
         */
        void read(InputStream in, String sourceName, Listener listener) throws IOException;

        /**
         * Like {@link #read(InputStream, String, Listener)}, but each record first passes through
         * {@code rowMapper} (e.g. a JavaScript map script), and the source reads the mapper's
         * result where it would have read the record.
         * <ul>
         *   <li>The mapper gets the record as a JSON object, its columns (CSV header names, JSON
         *       keys) as the export names them, CSV values as strings.</li>
         *   <li>It returns an object of the fields the source reads (for a chat export e.g.
         *       {@code session}, {@code role}, {@code time}, {@code text}, optional extras); or
         *       {@code null} / JSON null to skip the record, reported to
         *       {@link Listener#skipped}.</li>
         *   <li>A mapper that throws a {@link RuntimeException}, or returns anything else than an
         *       object, makes that record a {@link Listener#badRecord bad record} with the reason;
         *       the other records are kept.</li>
         * </ul>
         *
         * @throws UnsupportedOperationException from a source that cannot map its records (the
         *                                       default), so that a mapping is never silently ignored
         */
        default void read(InputStream in, String sourceName, UnaryOperator<JsonNode> rowMapper, Listener listener)
                throws IOException {
            throw new UnsupportedOperationException(getClass().getName()
                    + " cannot pass its records through a row mapper; read without one");
        }
    }

    interface Listener {
        void dialogue(JsonNode dialogue);

        void badRecord(long row, String reason);

        /** A record the row mapper chose to skip (returned null); not an error. */
        default void skipped(long row) {
        }

        /** Bytes consumed so far, for a progress bar. */
        default void progress(long bytesRead) {
        }
    }
}
