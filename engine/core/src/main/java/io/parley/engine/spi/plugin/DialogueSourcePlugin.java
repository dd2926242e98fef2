package io.parley.engine.spi.plugin;

import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.InputStream;

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
    }

    interface Listener {
        void dialogue(JsonNode dialogue);

        void badRecord(long row, String reason);

        /** Bytes consumed so far, for a progress bar. */
        default void progress(long bytesRead) {
        }
    }
}
