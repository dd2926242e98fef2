package io.parley.engine.api.dialogue;

import io.parley.engine.api.Dialogue;
import io.parley.engine.api.Outcome;
import io.parley.engine.api.Participant;
import io.parley.engine.api.Turn;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

class DialogueReaderTest {
    private final DialogueReader reader = new DialogueReader();

    @Test
    void readsEveryFieldKeepingOffsetsAndText() {
        Dialogue dialogue = reader.read("""
                {"id": "jd-20261111-000123", "channel": "im", "startedAt": "2026-11-11T10:00:00+08:00",
                 "agent": {"id": "a-17", "group": "pre-sale"}, "customer": {"id": "c-9001"},
                 "parties": ["host"],
                 "turns": [
                   {"role": "customer", "text": "这个热水器能装在卫生间吗", "at": "2026-11-11T10:00:03+08:00"},
                   {"role": "host", "speaker": "h-1", "text": "可以的哦", "at": "2026-11-11T02:00:41.5Z",
                    "end": "2026-11-11T02:00:44Z"}],
                 "outcome": {"converted": false, "satisfaction": 2},
                 "attributes": {"shop": "wanhe-flagship", "price": 1299.5, "tags": ["vip"]}}
                """);

        assertThat(dialogue.id()).isEqualTo("jd-20261111-000123");
        assertThat(dialogue.channel()).isEqualTo("im");
        assertThat(dialogue.startedAt()).isEqualTo(OffsetDateTime.of(2026, 11, 11, 10, 0, 0, 0, ZoneOffset.ofHours(8)));
        assertThat(dialogue.agent()).isEqualTo(new Participant("a-17", "pre-sale"));
        assertThat(dialogue.customer()).isEqualTo(new Participant("c-9001", null));
        assertThat(dialogue.parties()).containsExactly("host");
        assertThat(dialogue.turns()).containsExactly(
                new Turn("customer", "这个热水器能装在卫生间吗",
                        OffsetDateTime.parse("2026-11-11T10:00:03+08:00"), null, null),
                new Turn("host", "可以的哦", OffsetDateTime.parse("2026-11-11T02:00:41.5Z"),
                        OffsetDateTime.parse("2026-11-11T02:00:44Z"), "h-1"));
        assertThat(dialogue.turns().get(0).at().getOffset()).isEqualTo(ZoneOffset.ofHours(8));
        assertThat(dialogue.outcome()).isEqualTo(new Outcome(false, 2));
        assertThat(dialogue.attributes()).containsEntry("shop", "wanhe-flagship").containsEntry("price", 1299.5)
                .containsEntry("tags", List.of("vip"));
    }

    @Test
    void nullMeansNotGiven() {
        Dialogue dialogue = reader.read("""
                {"id": "n-1", "channel": null, "outcome": null, "attributes": null,
                 "turns": [{"role": "agent", "text": "您好", "at": null}]}""");

        assertThat(dialogue.channel()).isNull();
        assertThat(dialogue.outcome()).isNull();
        assertThat(dialogue.attributes()).isEqualTo(Map.of());
        assertThat(dialogue.turns().get(0).at()).isNull();
    }

    @Test
    void reportsEveryProblemAtOnceWithTheDialogueId() {
        InvalidDialogueException e = refused("""
                {"id": "jd-1", "turn": [], "turns": [{"role": "agnet", "text": 3}], "outcome": {"satisfaction": 9}}""");

        assertThat(e.dialogueId()).contains("jd-1");
        assertThat(e.errors()).extracting(FieldError::pointer)
                .containsExactly("/turn", "/turns/0/role", "/turns/0/text", "/outcome/satisfaction");
        assertThat(e.getMessage()).startsWith("invalid dialogue 'jd-1':\n  /turn: unknown field 'turn'");
    }

    @Test
    void rendersAnErrorAsPointerAndMessage() {
        assertThat(new FieldError("/turns/3/role", "unknown role 'x'")).hasToString("/turns/3/role: unknown role 'x'");
        assertThat(new FieldError("", "malformed JSON")).hasToString("malformed JSON");
    }

    @Nested
    class Document {
        @Test
        void malformedJsonSaysWhere() {
            assertThat(onlyError("{\"id\": \"a\",\n  \"turns\": [}")).isEqualTo(new FieldError("", "malformed JSON at "
                    + "line 2, column 13: Unexpected close marker '}': expected ']' (for Array starting at line: 2, column: 12)"));
        }

        @Test
        void trailingContentIsMalformed() {
            assertThat(onlyError("{\"id\": \"a\", \"turns\": [{\"role\": \"agent\", \"text\": \"x\"}]} {}"))
                    .isEqualTo(new FieldError("", "unexpected content after the dialogue at line 1, column 56: "
                            + "send one dialogue per request, or many as NDJSON"));
        }

        @Test
        void repeatedKeyIsMalformedRatherThanSilentlyDropped() {
            assertThat(onlyError("{\"id\": \"a\", \"id\": \"b\", \"turns\": []}"))
                    .isEqualTo(new FieldError("", "malformed JSON at line 1, column 17: Duplicate field 'id'"));
        }

        @Test
        void emptyInput() {
            assertThat(onlyError("  ")).isEqualTo(new FieldError("", "empty input: expected a dialogue (a JSON object)"));
        }

        @Test
        void topLevelMustBeAnObject() {
            assertThat(onlyError("[{\"id\": \"a\"}]"))
                    .isEqualTo(new FieldError("", "expected a dialogue (a JSON object), got an array"));
        }

        @Test
        void unknownFieldSuggestsTheKnownOne() {
            InvalidDialogueException e = refused("{\"id\": \"a\", \"turn\": [{\"role\": \"agent\", \"text\": \"x\"}]}");

            assertThat(e.errors()).containsExactly(
                    new FieldError("/turn", "unknown field 'turn' — did you mean 'turns'?"),
                    new FieldError("/turns", "is required (a non-empty array of turns)"));
            assertThat(e.errors().get(0)).hasToString("/turn: unknown field 'turn' — did you mean 'turns'?");
        }

        @Test
        void unknownFieldSuggestsAcrossCaseAndSeparators() {
            assertThat(onlyError(valid("\"started_at\": \"2026-11-11T10:00:00+08:00\"")))
                    .isEqualTo(new FieldError("/started_at", "unknown field 'started_at' — did you mean 'startedAt'?"));
        }

        @Test
        void unknownFieldFarFromAnyListsTheKnownOnes() {
            assertThat(onlyError(valid("\"tenant\": \"t-1\""))).isEqualTo(new FieldError("/tenant",
                    "unknown field 'tenant' (known fields: id, channel, startedAt, agent, customer, parties, turns, outcome, attributes)"));
        }

        @Test
        void pointerEscapesSlashAndTilde() {
            assertThat(onlyError(valid("\"a/b~c\": 1")).pointer()).isEqualTo("/a~1b~0c");
        }
    }

    @Nested
    class Id {
        @Test
        void required() {
            assertThat(onlyError("{\"turns\": [{\"role\": \"agent\", \"text\": \"x\"}]}"))
                    .isEqualTo(new FieldError("/id", "is required (a non-blank string of at most 200 characters)"));
        }

        @Test
        void mustBeAString() {
            assertThat(onlyError("{\"id\": 42, \"turns\": [{\"role\": \"agent\", \"text\": \"x\"}]}")).isEqualTo(
                    new FieldError("/id", "expected a non-blank string of at most 200 characters, got number 42"));
        }

        @Test
        void mustNotBeBlank() {
            assertThat(onlyError("{\"id\": \" \", \"turns\": [{\"role\": \"agent\", \"text\": \"x\"}]}"))
                    .isEqualTo(new FieldError("/id", "must not be blank"));
        }

        @Test
        void atMost200Characters() {
            String json = "{\"id\": \"" + "会".repeat(201) + "\", \"turns\": [{\"role\": \"agent\", \"text\": \"x\"}]}";
            assertThat(onlyError(json))
                    .isEqualTo(new FieldError("/id", "is 201 characters long; at most 200 are allowed"));
            assertThat(reader.read(json.replace("会".repeat(201), "会".repeat(200))).id()).hasSize(200);
        }
    }

    @Nested
    class IdAlphabet {
        private String idError(String idJson) {
            FieldError error = onlyError("{\"id\": " + idJson + ", \"turns\": [{\"role\": \"agent\", \"text\": \"x\"}]}");
            assertThat(error.pointer()).isEqualTo("/id");
            return error.message();
        }

        @Test
        void loneSurrogatesAreRefusedSoTwoIdsCannotCollapse() {
            assertThat(idError("\"a\\ud800\"")).startsWith("contains a lone UTF-16 surrogate U+D800 at index 1");
            assertThat(idError("\"a\\udfff\"")).startsWith("contains a lone UTF-16 surrogate U+DFFF at index 1");
            assertThat(idError("\"\\ud800a\"")).startsWith("contains a lone UTF-16 surrogate U+D800 at index 0");
            assertThat(reader.read("{\"id\": \"\\ud83d\\ude00\", \"turns\": [{\"role\": \"agent\", \"text\": \"x\"}]}").id())
                    .isEqualTo("😀");
        }

        @Test
        void dotSegmentsAreRefused() {
            assertThat(idError("\".\"")).startsWith("must not be '.': it is a path segment");
            assertThat(idError("\"..\"")).startsWith("must not be '..': it is a path segment");
            assertThat(reader.read("{\"id\": \"...\", \"turns\": [{\"role\": \"agent\", \"text\": \"x\"}]}").id())
                    .isEqualTo("...");
        }

        @Test
        void controlCharactersAreRefused() {
            assertThat(idError("\"a\\u0000\"")).startsWith("contains U+0000 at character 1; ids are printable Unicode");
            assertThat(idError("\"a\\nb\"")).startsWith("contains U+000A at character 1");
            assertThat(idError("\"\\u007f\"")).startsWith("contains U+007F at character 0");
            assertThat(idError("\"a\\u2028\"")).startsWith("contains U+2028 at character 1");
            assertThat(idError("\"a\\uffff\"")).startsWith("contains U+FFFF at character 1");
        }

        @Test
        void idsAreNfcNormalisedSoOneIdHasOneSpelling() {
            Dialogue decomposed = reader.read("{\"id\": \"cafe\\u0301\", \"turns\": [{\"role\": \"agent\", \"text\": \"x\"}]}");
            assertThat(decomposed.id()).isEqualTo("caf\u00e9");
            assertThat(DialogueReader.normalisedId("cafe\u0301")).isEqualTo("caf\u00e9");
            assertThat(DialogueReader.normalisedId("..")).isNull();
        }
    }

    @Nested
    class Turns {
        @Test
        void required() {
            assertThat(onlyError("{\"id\": \"a\"}"))
                    .isEqualTo(new FieldError("/turns", "is required (a non-empty array of turns)"));
        }

        @Test
        void mustBeAnArray() {
            assertThat(onlyError("{\"id\": \"a\", \"turns\": {\"role\": \"agent\", \"text\": \"x\"}}"))
                    .isEqualTo(new FieldError("/turns", "expected a non-empty array of turns, got an object"));
        }

        @Test
        void mustNotBeEmpty() {
            assertThat(onlyError("{\"id\": \"a\", \"turns\": []}"))
                    .isEqualTo(new FieldError("/turns", "must contain at least one turn"));
        }

        @Test
        void eachTurnIsAnObject() {
            assertThat(onlyError(turns("{\"role\": \"agent\", \"text\": \"x\"}, \"hello\""))).isEqualTo(new FieldError(
                    "/turns/1", "expected a turn (an object with role and text), got string \"hello\""));
        }

        @Test
        void unknownTurnFieldSuggests() {
            assertThat(onlyError(turns("{\"role\": \"agent\", \"text\": \"x\", \"tex\": \"y\"}")))
                    .isEqualTo(new FieldError("/turns/0/tex", "unknown field 'tex' — did you mean 'text'?"));
        }

        @Test
        void textIsRequiredAndAString() {
            assertThat(refused(turns("{\"role\": \"agent\"}, {\"role\": \"agent\", \"text\": [\"x\"]}")).errors())
                    .containsExactly(new FieldError("/turns/0/text", "is required (a string)"),
                            new FieldError("/turns/1/text", "expected a string, got an array"));
        }

        @Test
        void speakerIsAString() {
            assertThat(onlyError(turns("{\"role\": \"agent\", \"text\": \"x\", \"speaker\": 7}")))
                    .isEqualTo(new FieldError("/turns/0/speaker", "expected a string, got number 7"));
        }
    }

    @Nested
    class Roles {
        @Test
        void unknownRoleSuggestsTheClosest() {
            String json = turns("""
                    {"role": "customer", "text": "a"}, {"role": "agent", "text": "b"},
                    {"role": "agent", "text": "c"}, {"role": "agnet", "text": "d"}""");

            assertThat(onlyError(json)).hasToString("/turns/3/role: unknown role 'agnet' (expected customer, agent, "
                    + "bot, system or a declared party role) — did you mean 'agent'?");
        }

        @Test
        void unknownRoleWithoutCloseMatchHasNoSuggestion() {
            assertThat(onlyError(turns("{\"role\": \"moderator\", \"text\": \"x\"}"))).isEqualTo(new FieldError(
                    "/turns/0/role",
                    "unknown role 'moderator' (expected customer, agent, bot, system or a declared party role)"));
        }

        @Test
        void declaredPartiesAreRolesAndAreListedAndSuggested() {
            String json = """
                    {"id": "live-1", "parties": ["host", "viewer"],
                     "turns": [{"role": "host", "text": "a"}, {"role": "viewer", "text": "b"}, {"role": "veiwer", "text": "c"}]}""";

            assertThat(onlyError(json)).isEqualTo(new FieldError("/turns/2/role", "unknown role 'veiwer' (expected "
                    + "customer, agent, bot, system or a declared party role: host, viewer) — did you mean 'viewer'?"));
        }

        @Test
        void rolesAreCaseSensitive() {
            assertThat(onlyError(turns("{\"role\": \"Agent\", \"text\": \"x\"}")).message())
                    .startsWith("unknown role 'Agent'").endsWith("— did you mean 'agent'?");
        }

        @Test
        void roleIsRequiredAndAString() {
            assertThat(refused(turns("{\"text\": \"x\"}, {\"role\": 1, \"text\": \"x\"}")).errors()).containsExactly(
                    new FieldError("/turns/0/role", "is required (customer, agent, bot, system or a declared party role)"),
                    new FieldError("/turns/1/role", "expected a role name (a string), got number 1"));
        }

        @Test
        void partiesMustBeNonBlankStrings() {
            assertThat(refused("{\"id\": \"a\", \"parties\": [\"host\", 2, \"\"], \"turns\": [{\"role\": \"host\", \"text\": \"x\"}]}")
                    .errors()).containsExactly(
                    new FieldError("/parties/1", "expected a role name (a string), got number 2"),
                    new FieldError("/parties/2", "must not be blank"));
            assertThat(onlyError("{\"id\": \"a\", \"parties\": \"host\", \"turns\": [{\"role\": \"agent\", \"text\": \"x\"}]}"))
                    .isEqualTo(new FieldError("/parties", "expected an array of role names (strings), got string \"host\""));
        }
    }

    @Nested
    class Times {
        @Test
        void atMustBeADateTimeWithOffset() {
            assertThat(onlyError(turns("{\"role\": \"agent\", \"text\": \"x\", \"at\": \"2026-11-11T10:00:03\"}")))
                    .isEqualTo(new FieldError("/turns/0/at", "'2026-11-11T10:00:03' has no UTC offset; add one, e.g. "
                            + "2026-11-11T10:00:03+08:00 (or Z for UTC)"));
        }

        @Test
        void atMustBeIso8601() {
            assertThat(onlyError(turns("{\"role\": \"agent\", \"text\": \"x\", \"at\": \"11/11/2026 10:00\"}")))
                    .isEqualTo(new FieldError("/turns/0/at", "'11/11/2026 10:00' is not an ISO-8601 date-time with offset, "
                            + "e.g. 2026-11-11T10:00:03+08:00"));
        }

        @Test
        void atMustBeACalendarDate() {
            assertThat(onlyError(turns("{\"role\": \"agent\", \"text\": \"x\", \"at\": \"2026-02-30T10:00:00Z\"}")))
                    .isEqualTo(new FieldError("/turns/0/at",
                            "'2026-02-30T10:00:00Z' is not a valid date-time: Invalid date 'FEBRUARY 30'"));
        }

        @Test
        void endIsADateTimeToo() {
            assertThat(onlyError(turns("{\"role\": \"agent\", \"text\": \"x\", \"end\": 1762826400}")))
                    .isEqualTo(new FieldError("/turns/0/end", "expected an ISO-8601 date-time with offset, "
                            + "e.g. 2026-11-11T10:00:03+08:00, got number 1762826400"));
        }

        @Test
        void startedAtIsADateTime() {
            assertThat(onlyError(valid("\"startedAt\": \"2026-11-11\"")))
                    .isEqualTo(new FieldError("/startedAt", "'2026-11-11' is not an ISO-8601 date-time with offset, "
                            + "e.g. 2026-11-11T10:00:03+08:00"));
        }

        @Test
        void endMustNotPrecedeAt() {
            assertThat(onlyError(turns("""
                    {"role": "agent", "text": "x", "at": "2026-11-11T10:00:10+08:00", "end": "2026-11-11T10:00:05+08:00"}""")))
                    .isEqualTo(new FieldError("/turns/0/end",
                            "2026-11-11T10:00:05+08:00 is before the turn's start (at 2026-11-11T10:00:10+08:00)"));
        }

        @Test
        void turnsMustNotGoBackInTimeNamingBothTurns() {
            String json = turns("""
                    {"role": "customer", "text": "a", "at": "2026-11-11T10:00:03+08:00"},
                    {"role": "agent", "text": "b", "at": "2026-11-11T10:00:41+08:00"},
                    {"role": "agent", "text": "c"},
                    {"role": "customer", "text": "d", "at": "2026-11-11T10:00:05+08:00"}""");

            assertThat(onlyError(json)).isEqualTo(new FieldError("/turns/3/at",
                    "starts at 2026-11-11T10:00:05+08:00, before /turns/1/at (2026-11-11T10:00:41+08:00); "
                            + "turns must be in time order"));
        }

        @Test
        void orderComparesInstantsNotTextAndAllowsOverlap() {
            // 02:00:05Z is 10:00:05+08:00; the second turn starting before the first ends is an interruption.
            Dialogue dialogue = reader.read(turns("""
                    {"role": "customer", "text": "a", "at": "2026-11-11T10:00:00+08:00", "end": "2026-11-11T10:00:09+08:00"},
                    {"role": "agent", "text": "b", "at": "2026-11-11T02:00:05Z"},
                    {"role": "agent", "text": "c", "at": "2026-11-11T10:00:05+08:00"}"""));

            assertThat(dialogue.turns()).hasSize(3);
        }
    }

    @Nested
    class Participants {
        @Test
        void mustBeObjectsWithStringFields() {
            assertThat(refused(valid("\"agent\": \"a-17\", \"customer\": {\"id\": 9001, \"name\": \"张三\"}")).errors())
                    .containsExactly(
                            new FieldError("/agent", "expected an object with id and group, got string \"a-17\""),
                            new FieldError("/customer/name", "unknown field 'name' (known fields: id, group)"),
                            new FieldError("/customer/id", "expected a string, got number 9001"));
        }

        @Test
        void groupIsAString() {
            assertThat(onlyError(valid("\"agent\": {\"id\": \"a\", \"group\": true}")))
                    .isEqualTo(new FieldError("/agent/group", "expected a string, got true"));
        }
    }

    @Nested
    class Outcomes {
        @Test
        void convertedIsABoolean() {
            assertThat(onlyError(valid("\"outcome\": {\"converted\": \"yes\"}")))
                    .isEqualTo(new FieldError("/outcome/converted", "expected true or false, got string \"yes\""));
        }

        @Test
        void satisfactionIsAnIntegerFrom1To5() {
            assertThat(onlyError(valid("\"outcome\": {\"satisfaction\": 0}"))).isEqualTo(
                    new FieldError("/outcome/satisfaction", "0 is out of range (expected an integer from 1 to 5)"));
            assertThat(onlyError(valid("\"outcome\": {\"satisfaction\": 4.5}"))).isEqualTo(
                    new FieldError("/outcome/satisfaction", "expected an integer from 1 to 5, got number 4.5"));
            assertThat(onlyError(valid("\"outcome\": {\"satisfaction\": \"5\"}"))).isEqualTo(
                    new FieldError("/outcome/satisfaction", "expected an integer from 1 to 5, got string \"5\""));
            assertThat(reader.read(valid("\"outcome\": {\"satisfaction\": 5.0}")).outcome().satisfaction()).isEqualTo(5);
        }

        @Test
        void unknownOutcomeFieldSuggests() {
            assertThat(onlyError(valid("\"outcome\": {\"convert\": true}")))
                    .isEqualTo(new FieldError("/outcome/convert", "unknown field 'convert' — did you mean 'converted'?"));
        }

        @Test
        void outcomeIsAnObject() {
            assertThat(onlyError(valid("\"outcome\": true"))).isEqualTo(
                    new FieldError("/outcome", "expected an object with converted and satisfaction, got true"));
        }
    }

    @Nested
    class Poison {
        @Test
        void aNullAttributeIsNotGivenLikeAnyNull() {
            assertThat(reader.read(valid("\"attributes\": {\"a\": null, \"b\": 1}")).attributes())
                    .isEqualTo(Map.of("b", 1));
            assertThat(reader.read(valid("\"attributes\": {\"a\": null}")).attributes()).isEmpty();
        }

        @Test
        void aKeyWithANulOrOtherControlIsRefusedByPointer() {
            assertThat(onlyError(valid("\"attributes\": {\"a\\u0000b\": 1}"))).isEqualTo(new FieldError(
                    "/attributes/a\u0000b", "the key contains the control character U+0000; keys must be printable"));
            assertThat(onlyError(valid("\"attributes\": {\"x\": [{\"\\u001f\": 1}]}")).pointer())
                    .isEqualTo("/attributes/x/0/\u001f");
        }

        @Test
        void loneSurrogatesAnywhereAreRefusedByPointer() {
            assertThat(onlyError(turns("{\"role\": \"agent\", \"text\": \"a\\ud800\"}"))).isEqualTo(new FieldError(
                    "/turns/0/text", "contains a lone UTF-16 surrogate U+D800 at index 1, which UTF-8 cannot store"));
            assertThat(onlyError(valid("\"attributes\": {\"\\udc00\": 1}")).pointer()).isEqualTo("/attributes/\udc00");
            // A pair is one character, and fine.
            assertThat(reader.read(turns("{\"role\": \"agent\", \"text\": \"\\ud83d\\ude00\"}")).turns().getFirst().text())
                    .isEqualTo("😀");
        }
    }

    @Test
    void attributesIsAnObjectAndChannelAString() {
        assertThat(refused(valid("\"attributes\": [\"shop\"], \"channel\": 1")).errors()).containsExactly(
                new FieldError("/channel", "expected a string, got number 1"),
                new FieldError("/attributes", "expected an object, got an array"));
    }

    private FieldError onlyError(String json) {
        List<FieldError> errors = refused(json).errors();
        assertThat(errors).hasSize(1);
        return errors.get(0);
    }

    private InvalidDialogueException refused(String json) {
        InvalidDialogueException e = catchThrowableOfType(InvalidDialogueException.class, () -> reader.read(json));
        assertThat(e).as("refused: %s", json).isNotNull();
        return e;
    }

    /** A valid dialogue with the given top-level members added. */
    private static String valid(String members) {
        return "{\"id\": \"d-1\", \"turns\": [{\"role\": \"agent\", \"text\": \"您好\"}], " + members + "}";
    }

    private static String turns(String turns) {
        return "{\"id\": \"d-1\", \"turns\": [" + turns + "]}";
    }
}
