package io.parley.plugins.chatexport;

import io.parley.engine.spi.plugin.ConfigOption;
import io.parley.engine.spi.plugin.ConfigOption.ConfigType;
import io.parley.engine.spi.plugin.DialogueSourcePlugin;
import io.parley.engine.spi.plugin.PluginConfig;
import io.parley.engine.spi.plugin.PluginInfo;
import io.parley.engine.spi.plugin.PluginKind;

import java.util.List;

/** The {@code chat-export} dialogue source: message-per-row exports of customer-service platforms. */
public final class ChatExportPlugin implements DialogueSourcePlugin {
    static final String ID = "chat-export";

    private static final String DESCRIPTION = """
            Imports message-per-row chat exports of e-commerce customer-service platforms (CSV with a header row, \
            a JSON array of message objects, or NDJSON with one message object per line) as one Parley dialogue per \
            session: id = the session id, channel im, startedAt = the first message time, agent and customer = the \
            first non-empty agent and customer values, turns in row order (role, text, at as ISO-8601 with offset, \
            and on agent turns speaker = the agent value), attributes from the attributes.<name> columns (the first \
            non-empty value, e.g. shop). Dialogues come in the order their sessions first appear. The export is \
            streamed and only unfinished sessions are held: a session is complete once sessionGap rows pass without \
            a message of it, and is emitted once every session that appeared before it is complete too. For an \
            export sorted by session that holds about sessionGap rows; for one sorted by time, the sessions open \
            within that window; a message arriving for a session already emitted is reported, not merged. A row \
            without session or text, with an unknown sender, an unreadable time, the wrong number of columns or \
            broken quoting is reported as a bad record and skipped (row = the line it starts on for CSV and NDJSON, \
            the position in the array for JSON); the other rows are kept. Blank lines are skipped, line ends may be \
            LF, CRLF or CR, text is kept as written (full-width punctuation included), and header names and sender \
            values match ignoring case, spaces and full-/half-width forms. Spreadsheet-style ids (="0012345") are \
            unwrapped. Progress is reported in bytes read.""";

    private static final PluginInfo INFO = new PluginInfo(ID, "0.1.0", PluginKind.DIALOGUE_SOURCE, DESCRIPTION, List.of(
            ConfigOption.optional("format", ConfigType.STRING, "auto",
                    "csv, json, ndjson, or auto: by the file extension (.csv/.tsv, .json, .ndjson/.jsonl), else by "
                            + "the first character ([ json, { ndjson, else csv)."),
            ConfigOption.optional("columns", ConfigType.MAP, "{}",
                    "Parley field → the source column, or a list of candidate columns (the first one present wins). "
                            + "Fields: session, role and text (required), time, agent, customer, attributes.<name>. "
                            + "An entry replaces its field's built-in candidates, and a CSV header must then have it. "
                            + "Built in: " + ExportSettings.describe(ExportSettings.BUILT_IN_COLUMNS) + "."),
            ConfigOption.optional("roles", ConfigType.MAP, "{}",
                    "Sender value → Parley role (customer, agent, bot, system, or a free role such as host, which is "
                            + "declared as a party), added to the built-in ones: "
                            + ExportSettings.describe(ExportSettings.BUILT_IN_SENDERS) + "."),
            ConfigOption.optional("timezone", ConfigType.STRING, "+08:00",
                    "The offset or zone (e.g. +08:00, Asia/Shanghai) of times written without one."),
            ConfigOption.optional("timeFormats", ConfigType.STRING_LIST,
                    String.join(",", ExportSettings.DEFAULT_TIME_FORMATS),
                    "Tried in order: java.time patterns ([…] optional), iso (ISO-8601, T or space, offset optional), "
                            + "epoch (Unix seconds, or milliseconds from 12 digits on). Full-width digits are folded."),
            ConfigOption.optional("encoding", ConfigType.STRING, "auto",
                    "auto (UTF-8 with or without BOM, UTF-16 with a BOM, else GB18030 when the bytes are not valid "
                            + "UTF-8), or an encoding name such as GB18030 or UTF-8."),
            ConfigOption.optional("delimiter", ConfigType.STRING, "auto",
                    "CSV field separator: auto (tab or comma, whichever the header row has more of), tab, or one "
                            + "punctuation character."),
            ConfigOption.optional("sessionGap", ConfigType.INTEGER, "50000",
                    "Rows after a session's last message at which it counts as complete (exports sorted by time "
                            + "interleave sessions); bounds the memory held, see the description.")));

    @Override
    public PluginInfo info() {
        return INFO;
    }

    /** @throws io.parley.engine.spi.plugin.PluginException naming the option when the configuration cannot work */
    @Override
    public DialogueSource open(PluginConfig config) {
        return new ChatExportSource(ExportSettings.from(config));
    }
}
