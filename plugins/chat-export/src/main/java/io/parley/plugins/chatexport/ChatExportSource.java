package io.parley.plugins.chatexport;

import com.fasterxml.jackson.databind.JsonNode;
import io.parley.engine.spi.plugin.DialogueSourcePlugin.DialogueSource;
import io.parley.engine.spi.plugin.DialogueSourcePlugin.Listener;
import io.parley.plugins.chatexport.EncodingDetector.Decoded;
import io.parley.plugins.chatexport.ExportSettings.Format;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.util.Locale;
import java.util.function.UnaryOperator;

/** Reads one export per {@link #read} call; holds no state between calls, so reads may run in parallel. */
final class ChatExportSource implements DialogueSource {
    private static final int SNIFF_CHARS = 4096;

    private final ExportSettings settings;

    ChatExportSource(ExportSettings settings) {
        this.settings = settings;
    }

    @Override
    public void read(InputStream in, String sourceName, Listener listener) throws IOException {
        read(in, sourceName, null, listener);
    }

    /** With a row mapper, CSV rows become objects too, and each record's mapped object is what is matched to fields. */
    @Override
    public void read(InputStream in, String sourceName, UnaryOperator<JsonNode> rowMapper, Listener listener) throws IOException {
        CountingInputStream counted = new CountingInputStream(in);
        Decoded decoded = EncodingDetector.decode(counted, settings.encoding());
        BufferedReader text = new BufferedReader(decoded.reader());
        Import messages = new Import(listener, counted);
        JsonExport json = new JsonExport(settings, rowMapper != null);
        JsonRecords objects = rowMapper == null ? json.matching(messages)
                : new MappedRows(rowMapper, json.matching(messages), messages);
        try {
            switch (settings.format() == Format.AUTO ? detect(sourceName, text) : settings.format()) {
                case CSV -> {
                    if (rowMapper == null) {
                        new CsvExport(settings).read(new LineReader(text), messages);
                    } else {
                        new CsvExport(settings).readObjects(new LineReader(text), objects);
                    }
                }
                case JSON -> json.readArray(text, objects);
                case NDJSON -> json.readLines(new LineReader(text), objects);
            }
        } catch (CharacterCodingException e) {
            throw new IOException(sourceName + " is not valid " + decoded.charset() + " text (near byte " + counted.count()
                    + "); set 'encoding' to the export's encoding, e.g. GB18030 or UTF-8", e);
        }
        messages.finish();
    }

    /** By the file extension, else by the first character: {@code [} JSON, <code>{</code> NDJSON, else CSV. */
    private static Format detect(String sourceName, BufferedReader text) throws IOException {
        String name = sourceName.toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv") || name.endsWith(".tsv")) {
            return Format.CSV;
        }
        if (name.endsWith(".ndjson") || name.endsWith(".jsonl")) {
            return Format.NDJSON;
        }
        if (name.endsWith(".json")) {
            return Format.JSON;
        }
        text.mark(SNIFF_CHARS);
        int c = text.read();
        for (int read = 1; c != -1 && Character.isWhitespace(c) && read < SNIFF_CHARS; read++) {
            c = text.read();
        }
        text.reset();
        return c == '[' ? Format.JSON : c == '{' ? Format.NDJSON : Format.CSV;
    }

    /** One read: records become messages, messages become dialogues; bad records and progress go to the listener. */
    private final class Import implements Records {
        private final Listener listener;
        private final CountingInputStream bytes;
        private final MessageMapper mapper = new MessageMapper(settings);
        private final SessionGrouper sessions;
        private long reportedBytes = -1;

        Import(Listener listener, CountingInputStream bytes) {
            this.listener = listener;
            this.bytes = bytes;
            this.sessions = new SessionGrouper(settings.sessionGap(), listener);
        }

        @Override
        public void message(long row, Cells cells) {
            try {
                sessions.add(mapper.map(row, cells));
            } catch (BadRecordException e) {
                listener.badRecord(row, e.getMessage());
            }
            progress();
        }

        @Override
        public void bad(long row, String reason) {
            listener.badRecord(row, reason);
            progress();
        }

        @Override
        public void skipped(long row) {
            listener.skipped(row);
            progress();
        }

        void finish() {
            sessions.finish();
            progress();
        }

        /** Bytes move in the decoder's chunks: reported when they do, not on every row. */
        private void progress() {
            long read = bytes.count();
            if (read != reportedBytes) {
                reportedBytes = read;
                listener.progress(read);
            }
        }
    }
}
