package io.parley.engine.api.dialogue;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import io.parley.engine.api.Dialogue;
import io.parley.engine.api.NameSuggestions;
import io.parley.engine.api.json.ParleyJson;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.text.Normalizer;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Turns submitted JSON into a {@link Dialogue}, or refuses it with every problem found, each named
 * by its JSON pointer (docs/dialogue-format.md). Unknown fields are errors, not ignored: a typo
 * such as {@code "turn"} must not silently drop the turns. docs/dialogue.schema.json states the
 * same rules as far as a JSON Schema can; a test keeps the two in step. Stateless and thread-safe.
 */
public final class DialogueReader {
    /** The most code points an id may have (after NFC normalisation). */
    public static final int MAX_ID_LENGTH = 200;
    private static final String ID_EXPECTED = "a non-blank string of at most " + MAX_ID_LENGTH + " characters";
    private static final String ID_ALPHABET = "ids are printable Unicode: no control characters, no lone surrogates,"
            + " not '.' or '..' (docs/dialogue-format.md#ids)";

    /** RFC 3339 date-time: seconds required, offset required. The schema uses the same pattern. */
    private static final Pattern DATE_TIME =
            Pattern.compile("\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,9})?(Z|[+-]\\d{2}:\\d{2})");
    private static final String DATE_TIME_EXPECTED = "an ISO-8601 date-time with offset, e.g. 2026-11-11T10:00:03+08:00";

    private static final List<String> DIALOGUE_FIELDS =
            List.of("id", "channel", "startedAt", "agent", "customer", "parties", "turns", "outcome", "attributes");
    private static final List<String> TURN_FIELDS = List.of("role", "text", "at", "end", "speaker");
    private static final List<String> PARTICIPANT_FIELDS = List.of("id", "group");
    private static final List<String> OUTCOME_FIELDS = List.of("converted", "satisfaction");

    private static final JsonPointer ROOT = JsonPointer.empty();

    // A repeated key would silently keep only one of its values.
    private static final ObjectReader JSON =
            ParleyJson.mapper().reader().with(StreamReadFeature.STRICT_DUPLICATE_DETECTION);

    /** Jackson names its input source in locations; the submitter only needs line and column. */
    private static final Pattern SOURCE_IN_LOCATION = Pattern.compile("\\[Source: [^;]*; (line: \\d+, column: \\d+)]");

    /** @throws InvalidDialogueException listing every problem, malformed JSON included */
    public Dialogue read(String json) {
        JsonNode document;
        try (JsonParser parser = JSON.createParser(json)) {
            document = JSON.readTree(parser);
            if (parser.nextToken() != null) {
                throw new InvalidDialogueException(null, List.of(new FieldError("", "unexpected content after the dialogue"
                        + at(parser.currentTokenLocation()) + ": send one dialogue per request, or many as NDJSON")));
            }
        } catch (JsonProcessingException e) {
            throw new InvalidDialogueException(null, List.of(new FieldError("", "malformed JSON" + at(e.getLocation())
                    + ": " + SOURCE_IN_LOCATION.matcher(e.getOriginalMessage()).replaceAll("$1"))));
        } catch (IOException e) {
            throw new UncheckedIOException("reading a string cannot fail", e);
        }
        return read(document);
    }

    /** @throws InvalidDialogueException listing every problem */
    public Dialogue read(JsonNode document) {
        Check check = new Check();
        check.dialogue(document);
        if (!check.errors.isEmpty()) {
            throw new InvalidDialogueException(check.dialogueId, check.errors);
        }
        Dialogue dialogue;
        try {
            dialogue = ParleyJson.mapper().treeToValue(document, Dialogue.class);
        } catch (JsonProcessingException | RuntimeException e) {
            // Validation should have caught it; if not, it is still this dialogue's problem, not the server's.
            String pointer = e instanceof JsonMappingException mapping ? pointer(mapping.getPath()) : "";
            String reason = e instanceof JsonProcessingException json ? json.getOriginalMessage() : String.valueOf(e.getMessage());
            throw new InvalidDialogueException(check.dialogueId, List.of(new FieldError(pointer, "could not be read: " + reason)));
        }
        if (!dialogue.id().equals(check.dialogueId)) {
            dialogue = new Dialogue(check.dialogueId, dialogue.channel(), dialogue.startedAt(), dialogue.agent(),
                    dialogue.customer(), dialogue.parties(), dialogue.turns(), dialogue.outcome(), dialogue.attributes());
        }
        return dialogue;
    }

    /**
     * The id as stored: NFC-normalised, so that an id typed with composed or decomposed accents is one
     * id. Null when it is not an acceptable id: {@link #idProblem} says why.
     */
    public static String normalisedId(String id) {
        if (id == null) {
            return null;
        }
        String normalised = Normalizer.normalize(id, Normalizer.Form.NFC);
        return idProblem(normalised) == null ? normalised : null;
    }

    /** Why a (normalised) id is refused, or null when it is fine. */
    static String idProblem(String id) {
        if (id.isBlank()) {
            return "must not be blank";
        }
        if (id.equals(".") || id.equals("..")) {
            return "must not be '" + id + "': it is a path segment and could not be read back; " + ID_ALPHABET;
        }
        String unpaired = loneSurrogate(id);
        if (unpaired != null) {
            return unpaired + "; " + ID_ALPHABET;
        }
        for (int i = 0, position = 0; i < id.length(); position++) {
            int c = id.codePointAt(i);
            int type = Character.getType(c);
            if (type == Character.CONTROL || type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
                    || (c & 0xFFFE) == 0xFFFE || (c >= 0xFDD0 && c <= 0xFDEF)) {
                return "contains " + codePoint(c) + " at character " + position + "; " + ID_ALPHABET;
            }
            i += Character.charCount(c);
        }
        if (length(id) > MAX_ID_LENGTH) {
            return "is " + length(id) + " characters long; at most " + MAX_ID_LENGTH + " are allowed";
        }
        return null;
    }

    /** Describes the first lone UTF-16 surrogate of the text (which UTF-8 cannot carry), or null when there is none. */
    private static String loneSurrogate(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                return "contains a lone UTF-16 surrogate " + codePoint(c) + " at index " + i + ", which UTF-8 cannot store";
            }
        }
        return null;
    }

    /** The first control character of the text, or -1. */
    private static int firstControl(String text) {
        for (int i = 0; i < text.length(); i++) {
            if (Character.isISOControl(text.charAt(i))) {
                return text.charAt(i);
            }
        }
        return -1;
    }

    /** A node of the document and the way to it: a member's name, or an element's index. */
    private record Step(Step parent, String name, int index, JsonNode node) {
        JsonPointer pointer() {
            if (parent == null) {
                return ROOT;
            }
            JsonPointer at = parent.pointer();
            return name != null ? at.appendProperty(name) : at.appendIndex(index);
        }
    }

    private static String codePoint(int c) {
        return String.format(Locale.ROOT, "U+%04X", c);
    }

    private static String pointer(List<JsonMappingException.Reference> path) {
        JsonPointer at = ROOT;
        for (JsonMappingException.Reference step : path) {
            at = step.getFieldName() != null ? at.appendProperty(step.getFieldName())
                    : step.getIndex() >= 0 ? at.appendIndex(step.getIndex()) : at;
        }
        return at.toString();
    }

    private static String at(JsonLocation where) {
        return where == null ? "" : " at line " + where.getLineNr() + ", column " + where.getColumnNr();
    }

    /** One validation run: collects every error rather than stopping at the first. */
    private static final class Check {
        final List<FieldError> errors = new ArrayList<>();
        String dialogueId;

        void dialogue(JsonNode document) {
            if (document == null || document.isMissingNode()) {
                error(ROOT, "empty input: expected a dialogue (a JSON object)");
                return;
            }
            if (!document.isObject()) {
                error(ROOT, "expected a dialogue (a JSON object), got " + describe(document));
                return;
            }
            unknownFields(document, ROOT, DIALOGUE_FIELDS);
            id(document);
            string(document, ROOT, "channel");
            dateTime(document, ROOT, "startedAt");
            participant(document, "agent");
            participant(document, "customer");
            turns(document, parties(document));
            outcome(document);
            JsonNode attributes = given(document, "attributes");
            if (attributes != null && !attributes.isObject()) {
                error(ROOT.appendProperty("attributes"), "expected an object, got " + describe(attributes));
            }
            storable(document);
        }

        /**
         * Every string and key must be storable: a lone UTF-16 surrogate (an escaped half of a pair)
         * has no UTF-8 form, and storage cannot hold a key with a NUL. Walked with a stack, not
         * recursion; pointers are built only for errors.
         */
        private void storable(JsonNode document) {
            Deque<Step> todo = new ArrayDeque<>();
            todo.push(new Step(null, null, -1, document));
            while (!todo.isEmpty()) {
                Step step = todo.pop();
                JsonNode node = step.node();
                if (node.isTextual()) {
                    String unpaired = loneSurrogate(node.textValue());
                    // The id's own check has reported it.
                    if (unpaired != null && !(step.parent() == null || step.parent().parent() == null && "id".equals(step.name()))) {
                        error(step.pointer(), unpaired);
                    }
                } else if (node.isArray()) {
                    for (int i = node.size() - 1; i >= 0; i--) {
                        todo.push(new Step(step, null, i, node.get(i)));
                    }
                } else if (node.isObject()) {
                    List<Step> members = new ArrayList<>(node.size());
                    for (var member : node.properties()) {
                        String key = member.getKey();
                        Step memberStep = new Step(step, key, -1, member.getValue());
                        String unpaired = loneSurrogate(key);
                        int control = firstControl(key);
                        if (unpaired != null) {
                            error(memberStep.pointer(), "the key " + unpaired);
                        } else if (control >= 0) {
                            error(memberStep.pointer(), "the key contains the control character " + codePoint(control)
                                    + "; keys must be printable");
                        }
                        members.add(memberStep);
                    }
                    for (int i = members.size() - 1; i >= 0; i--) {
                        todo.push(members.get(i));
                    }
                }
            }
        }

        private void id(JsonNode dialogue) {
            JsonPointer at = ROOT.appendProperty("id");
            JsonNode id = given(dialogue, "id");
            if (id == null) {
                error(at, "is required (" + ID_EXPECTED + ")");
            } else if (!id.isTextual()) {
                error(at, "expected " + ID_EXPECTED + ", got " + describe(id));
            } else {
                String normalised = Normalizer.normalize(id.textValue(), Normalizer.Form.NFC);
                String problem = idProblem(normalised);
                if (problem == null) {
                    dialogueId = normalised;
                } else {
                    error(at, problem);
                }
            }
        }

        private void participant(JsonNode dialogue, String field) {
            JsonPointer at = ROOT.appendProperty(field);
            JsonNode participant = given(dialogue, field);
            if (participant == null) {
                return;
            }
            if (!participant.isObject()) {
                error(at, "expected an object with id and group, got " + describe(participant));
                return;
            }
            unknownFields(participant, at, PARTICIPANT_FIELDS);
            string(participant, at, "id");
            string(participant, at, "group");
        }

        /** The declared free roles that are well formed. */
        private List<String> parties(JsonNode dialogue) {
            JsonPointer at = ROOT.appendProperty("parties");
            JsonNode parties = given(dialogue, "parties");
            if (parties == null) {
                return List.of();
            }
            if (!parties.isArray()) {
                error(at, "expected an array of role names (strings), got " + describe(parties));
                return List.of();
            }
            List<String> names = new ArrayList<>();
            for (int i = 0; i < parties.size(); i++) {
                JsonNode party = parties.get(i);
                if (!party.isTextual()) {
                    error(at.appendIndex(i), "expected a role name (a string), got " + describe(party));
                } else if (party.textValue().isBlank()) {
                    error(at.appendIndex(i), "must not be blank");
                } else {
                    names.add(party.textValue());
                }
            }
            return names;
        }

        private void turns(JsonNode dialogue, List<String> parties) {
            JsonPointer at = ROOT.appendProperty("turns");
            JsonNode turns = given(dialogue, "turns");
            if (turns == null) {
                error(at, "is required (a non-empty array of turns)");
                return;
            }
            if (!turns.isArray()) {
                error(at, "expected a non-empty array of turns, got " + describe(turns));
                return;
            }
            if (turns.isEmpty()) {
                error(at, "must contain at least one turn");
                return;
            }
            List<String> roles = Stream.concat(Dialogue.BUILT_IN_ROLES.stream(), parties.stream()).toList();
            String expectedRole = String.join(", ", Dialogue.BUILT_IN_ROLES) + " or a declared party role"
                    + (parties.isEmpty() ? "" : ": " + String.join(", ", parties));
            int previousIndex = -1;
            OffsetDateTime previousStart = null;
            for (int i = 0; i < turns.size(); i++) {
                JsonPointer turnAt = at.appendIndex(i);
                JsonNode turn = turns.get(i);
                if (!turn.isObject()) {
                    error(turnAt, "expected a turn (an object with role and text), got " + describe(turn));
                    continue;
                }
                unknownFields(turn, turnAt, TURN_FIELDS);
                role(turn, turnAt, roles, expectedRole);
                JsonNode text = given(turn, "text");
                if (text == null) {
                    error(turnAt.appendProperty("text"), "is required (a string)");
                } else if (!text.isTextual()) {
                    error(turnAt.appendProperty("text"), "expected a string, got " + describe(text));
                }
                string(turn, turnAt, "speaker");
                OffsetDateTime start = dateTime(turn, turnAt, "at");
                OffsetDateTime end = dateTime(turn, turnAt, "end");
                if (start != null && end != null && end.isBefore(start)) {
                    error(turnAt.appendProperty("end"), turn.get("end").textValue()
                            + " is before the turn's start (at " + turn.get("at").textValue() + ")");
                }
                if (start != null) {
                    // Instants are compared, so turns written with different offsets still order correctly.
                    if (previousStart != null && start.isBefore(previousStart)) {
                        // Named by pointer, like the error itself: a pointer indexes from 0, a "turn N" would count from 1.
                        error(turnAt.appendProperty("at"), "starts at " + turn.get("at").textValue() + ", before "
                                + at.appendIndex(previousIndex).appendProperty("at") + " ("
                                + turns.get(previousIndex).get("at").textValue() + "); turns must be in time order");
                    }
                    previousIndex = i;
                    previousStart = start;
                }
            }
        }

        private void role(JsonNode turn, JsonPointer turnAt, List<String> roles, String expectedRole) {
            // Pointers are built only for errors: two per turn were a tenth of reading an upload.
            JsonNode role = given(turn, "role");
            if (role == null) {
                error(turnAt.appendProperty("role"), "is required (" + expectedRole + ")");
            } else if (!role.isTextual()) {
                error(turnAt.appendProperty("role"), "expected a role name (a string), got " + describe(role));
            } else if (!roles.contains(role.textValue())) {
                String name = role.textValue();
                error(turnAt.appendProperty("role"), "unknown role '" + name + "' (expected " + expectedRole + ")"
                        + NameSuggestions.closest(name, roles).map(s -> " — did you mean '" + s + "'?").orElse(""));
            }
        }

        private void outcome(JsonNode dialogue) {
            JsonPointer at = ROOT.appendProperty("outcome");
            JsonNode outcome = given(dialogue, "outcome");
            if (outcome == null) {
                return;
            }
            if (!outcome.isObject()) {
                error(at, "expected an object with converted and satisfaction, got " + describe(outcome));
                return;
            }
            unknownFields(outcome, at, OUTCOME_FIELDS);
            JsonNode converted = given(outcome, "converted");
            if (converted != null && !converted.isBoolean()) {
                error(at.appendProperty("converted"), "expected true or false, got " + describe(converted));
            }
            JsonNode satisfaction = given(outcome, "satisfaction");
            if (satisfaction == null) {
                return;
            }
            String expected = "an integer from 1 to 5";
            // 4.0 is an integer to JSON Schema too; what matters is that no fraction is lost.
            if (!satisfaction.isNumber() || !satisfaction.canConvertToExactIntegral()) {
                error(at.appendProperty("satisfaction"), "expected " + expected + ", got " + describe(satisfaction));
            } else if (satisfaction.doubleValue() < 1 || satisfaction.doubleValue() > 5) {
                error(at.appendProperty("satisfaction"),
                        satisfaction.asText() + " is out of range (expected " + expected + ")");
            }
        }

        private void string(JsonNode object, JsonPointer parent, String field) {
            JsonNode value = given(object, field);
            if (value != null && !value.isTextual()) {
                error(parent.appendProperty(field), "expected a string, got " + describe(value));
            }
        }

        /** The parsed value, or null when absent or invalid (invalid is reported). */
        private OffsetDateTime dateTime(JsonNode object, JsonPointer parent, String field) {
            JsonNode value = given(object, field);
            if (value == null) {
                return null;
            }
            if (!value.isTextual()) {
                error(parent.appendProperty(field), "expected " + DATE_TIME_EXPECTED + ", got " + describe(value));
                return null;
            }
            String text = value.textValue();
            if (DATE_TIME.matcher(text).matches()) {
                try {
                    return OffsetDateTime.parse(text);
                } catch (DateTimeException e) {
                    String reason = e.getCause() == null ? e.getMessage() : e.getCause().getMessage();
                    error(parent.appendProperty(field), "'" + text + "' is not a valid date-time: " + reason);
                    return null;
                }
            }
            try {
                LocalDateTime local = LocalDateTime.parse(text);
                error(parent.appendProperty(field), "'" + text + "' has no UTC offset; add one, e.g. "
                        + local.format(DateTimeFormatter.ISO_LOCAL_DATE_TIME) + "+08:00 (or Z for UTC)");
            } catch (DateTimeException e) {
                error(parent.appendProperty(field), "'" + text + "' is not " + DATE_TIME_EXPECTED);
            }
            return null;
        }

        private void unknownFields(JsonNode object, JsonPointer at, List<String> known) {
            for (var field : object.properties()) {
                String name = field.getKey();
                if (!known.contains(name)) {
                    error(at.appendProperty(name), "unknown field '" + name + "'" + NameSuggestions.closest(name, known)
                            .map(s -> " — did you mean '" + s + "'?")
                            .orElse(" (known fields: " + String.join(", ", known) + ")"));
                }
            }
        }

        private void error(JsonPointer at, String message) {
            errors.add(new FieldError(at.toString(), message));
        }
    }

    /** The field's value, or null when it is absent or JSON null: both mean "not given". */
    private static JsonNode given(JsonNode object, String field) {
        JsonNode value = object.get(field);
        return value == null || value.isNull() ? null : value;
    }

    private static int length(String text) {
        return text.codePointCount(0, text.length());
    }

    private static String describe(JsonNode value) {
        return switch (value.getNodeType()) {
            case STRING -> "string \"" + (length(value.textValue()) > 40
                    ? value.textValue().substring(0, value.textValue().offsetByCodePoints(0, 39)) + "…"
                    : value.textValue()) + "\"";
            case NUMBER -> "number " + value.asText();
            case BOOLEAN -> value.asText();
            case NULL -> "null";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            default -> value.getNodeType().name().toLowerCase(Locale.ROOT);
        };
    }
}
