package io.parley.plugins.chatexport;

import io.parley.plugins.chatexport.Cells.Cell;

import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static io.parley.plugins.chatexport.ExportSettings.AGENT;
import static io.parley.plugins.chatexport.ExportSettings.ATTRIBUTE_PREFIX;
import static io.parley.plugins.chatexport.ExportSettings.CUSTOMER;
import static io.parley.plugins.chatexport.ExportSettings.ROLE;
import static io.parley.plugins.chatexport.ExportSettings.SESSION;
import static io.parley.plugins.chatexport.ExportSettings.TEXT;
import static io.parley.plugins.chatexport.ExportSettings.TIME;

/** Turns one record into a message, or refuses it with a reason that names the column. */
final class MessageMapper {
    private static final int SENDERS_LISTED = 8;

    /** One chat message. {@code at}, {@code agent}, {@code customer} may be null. */
    record Message(long row, String session, String role, String text, OffsetDateTime at, String agent,
                   String customer, Map<String, String> attributes) {
    }

    private final ExportSettings settings;
    private final List<String> attributeFields;
    private final String knownSenders;

    MessageMapper(ExportSettings settings) {
        this.settings = settings;
        this.attributeFields = settings.columns().keySet().stream().filter(field -> field.startsWith(ATTRIBUTE_PREFIX)).toList();
        List<String> senders = List.copyOf(settings.roles().keySet());
        this.knownSenders = senders.stream().limit(SENDERS_LISTED).collect(Collectors.joining(", "))
                + (senders.size() > SENDERS_LISTED ? ", …" : "");
    }

    Message map(long row, Cells cells) throws BadRecordException {
        String session = plainId(required(cells, SESSION, "session id").value());
        Cell sender = required(cells, ROLE, "sender");
        String role = settings.roles().get(MatchKeys.value(sender.value()));
        if (role == null) {
            throw new BadRecordException(cells.describe(sender.column()) + ": unknown sender '" + sender.value().strip()
                    + "' (known: " + knownSenders + "; map it to a role under 'roles')");
        }
        // Text is kept as written, only its line ends made uniform.
        String text = required(cells, TEXT, "text").value().replace("\r\n", "\n").replace('\r', '\n');
        Map<String, String> attributes = new LinkedHashMap<>();
        for (String field : attributeFields) {
            String value = optional(cells, field);
            if (value != null) {
                attributes.put(field.substring(ATTRIBUTE_PREFIX.length()), value);
            }
        }
        return new Message(row, session, role, text, time(cells), optional(cells, AGENT), optional(cells, CUSTOMER),
                attributes);
    }

    private OffsetDateTime time(Cells cells) throws BadRecordException {
        Cell cell = cells.get(TIME);
        if (cell == null || cell.value() == null || cell.value().isBlank()) {
            return null;
        }
        return settings.times().parse(cell.value()).orElseThrow(() -> new BadRecordException(cells.describe(cell.column())
                + ": cannot read '" + cell.value().strip() + "' as a time (formats: " + settings.times().expected()
                + "; set 'timeFormats')"));
    }

    private Cell required(Cells cells, String field, String what) throws BadRecordException {
        Cell cell = cells.get(field);
        if (cell == null) {
            // Only a JSON record can lack a field: a CSV header without it is refused as a whole.
            throw new BadRecordException("missing " + what + " (none of the fields "
                    + String.join(", ", settings.columns().get(field)) + ")");
        }
        if (cell.value() == null || cell.value().isBlank()) {
            throw new BadRecordException(cells.describe(cell.column()) + ": missing " + what);
        }
        return cell;
    }

    private static String optional(Cells cells, String field) throws BadRecordException {
        Cell cell = cells.get(field);
        return cell == null || cell.value() == null || cell.value().isBlank() ? null : plainId(cell.value());
    }

    /**
     * Spreadsheets write long numbers as {@code ="0012345"} or {@code '0012345} so they stay text
     * (no lost leading zeros, no 1.23E+17): the id is what is inside.
     */
    static String plainId(String raw) {
        String id = raw.strip();
        if (id.length() >= 3 && id.startsWith("=\"") && id.endsWith("\"")) {
            return id.substring(2, id.length() - 1).strip();
        }
        return id.startsWith("'") ? id.substring(1).strip() : id;
    }
}
