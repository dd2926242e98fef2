package io.parley.engine.api.dialogue;

import io.parley.engine.api.Dialogue;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dialogue reader on arbitrary text and on mutations of valid dialogues: it returns a dialogue
 * whose id is acceptable, or throws {@link InvalidDialogueException} with at least one error;
 * nothing else. The committed corpus (fuzz/dialogues.txt) holds the cases of issue 14.
 */
class DialogueReaderFuzzTest {
    private static final String VALID = "{\"id\": \"jd-1\", \"channel\": \"im\", \"startedAt\": \"2026-11-11T10:00:00+08:00\","
            + " \"agent\": {\"id\": \"a-17\", \"group\": \"pre\"}, \"parties\": [\"host\"], \"turns\": [{\"role\": \"customer\","
            + " \"text\": \"在吗\", \"at\": \"2026-11-11T10:00:03+08:00\"}, {\"role\": \"host\", \"text\": \"亲\", \"speaker\": \"h\"}],"
            + " \"outcome\": {\"converted\": true, \"satisfaction\": 5}, \"attributes\": {\"shop\": \"s\", \"n\": [1, {\"k\": null}]}}";

    private final DialogueReader reader = new DialogueReader();

    private void readsOrRefuses(String json) {
        try {
            Dialogue dialogue = reader.read(json);
            assertThat(DialogueReader.normalisedId(dialogue.id())).as("id of %s", json).isEqualTo(dialogue.id());
            assertThat(dialogue.turns()).isNotEmpty();
        } catch (InvalidDialogueException e) {
            assertThat(e.errors()).isNotEmpty();
        }
    }

    @Property(tries = 300)
    void arbitraryTextIsReadOrRefused(@ForAll String text) {
        readsOrRefuses(text);
    }

    @Property(tries = 400)
    void mutatedDialoguesAreReadOrRefused(@ForAll("mutatedDialogues") String json) {
        readsOrRefuses(json);
    }

    @Example
    void theCorpusIsReadOrRefused() throws IOException {
        for (String line : corpus()) {
            readsOrRefuses(line);
        }
    }

    static List<String> corpus() throws IOException {
        try (InputStream in = DialogueReaderFuzzTest.class.getResourceAsStream("/fuzz/dialogues.txt")) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).lines().toList();
        }
    }

    /** A valid dialogue with a few characters replaced, inserted or deleted, or a piece of JSON spliced in. */
    @Provide
    Arbitrary<String> mutatedDialogues() {
        Arbitrary<String> pieces = Arbitraries.of("null", "\"\\ud800\"", "\"\\u0000\"", "{}", "[]", "\"..\"", "1e999", "-0",
                "\"\"", "{\"a\":null}", "\"\\udc00x\"", "true", "[[[[", "}}", ",", ":", "\"", "\\");
        Arbitrary<Integer> positions = Arbitraries.integers().between(0, VALID.length());
        Arbitrary<String> edit = Arbitraries.oneOf(
                positions.flatMap(at -> pieces.map(piece -> VALID.substring(0, at) + piece + VALID.substring(at))),
                positions.flatMap(at -> Arbitraries.integers().between(0, 10).map(n ->
                        VALID.substring(0, at) + VALID.substring(Math.min(VALID.length(), at + n)))),
                positions.flatMap(at -> Arbitraries.chars().map(c -> VALID.substring(0, at) + c
                        + VALID.substring(Math.min(VALID.length(), at + 1)))));
        return edit;
    }
}
