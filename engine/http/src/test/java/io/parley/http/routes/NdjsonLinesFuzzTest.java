package io.parley.http.routes;

import io.parley.engine.api.dialogue.DialogueReader;
import io.parley.engine.api.dialogue.InvalidDialogueException;
import io.parley.http.routes.NdjsonLines.Line;
import io.vertx.core.buffer.Buffer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The NDJSON line reader on arbitrary bytes cut into arbitrary chunks: it never throws, numbers
 * lines in order, honours its limit, and finds the same lines however the body is chunked; each
 * line it yields is read or refused by the dialogue reader, nothing else.
 */
class NdjsonLinesFuzzTest {
    private static final int LIMIT = 64;
    private final DialogueReader reader = new DialogueReader();

    private static List<Line> split(byte[] body, int chunk) {
        NdjsonLines lines = new NdjsonLines(LIMIT);
        List<Line> found = new ArrayList<>();
        for (int at = 0; at < body.length; at += chunk) {
            found.addAll(lines.feed(Buffer.buffer(java.util.Arrays.copyOfRange(body, at, Math.min(body.length, at + chunk)))));
        }
        found.addAll(lines.finish());
        return found;
    }

    @Property(tries = 300)
    void anyBodyInAnyChunksGivesTheSameNumberedLines(@ForAll("bodies") byte[] body, @ForAll @IntRange(min = 1, max = 50) int chunk) {
        List<Line> whole = split(body, Math.max(1, body.length));
        List<Line> chunked = split(body, chunk);

        assertThat(chunked).isEqualTo(whole);
        int previous = 0;
        for (Line line : chunked) {
            assertThat(line.number()).isGreaterThan(previous);
            previous = line.number();
            if (!line.tooLong()) {
                assertThat(line.text()).isNotBlank().doesNotContain("\n");
                assertThat(line.text().getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(LIMIT * 3);
                try {
                    reader.read(line.text());
                } catch (InvalidDialogueException e) {
                    assertThat(e.errors()).isNotEmpty();
                }
            }
        }
    }

    /** Random bytes, and text made of NDJSON-ish pieces: newlines, CRs, a BOM, braces, NULs, surrogate escapes. */
    @Provide
    Arbitrary<byte[]> bodies() {
        Arbitrary<byte[]> random = Arbitraries.bytes().array(byte[].class).ofMaxSize(400);
        Arbitrary<byte[]> pieces = Arbitraries.of("\n", "\r\n", "\uFEFF", "{", "}", "\"id\":\"..\"", "\u0000", "\\ud800", " ",
                        "{\"id\":\"x\",\"turns\":[{\"role\":\"agent\",\"text\":\"x\"}],\"attributes\":{\"a\":null}}", "é", "😀", "x".repeat(70))
                .list().ofMaxSize(40).map(list -> String.join("", list).getBytes(StandardCharsets.UTF_8));
        return Arbitraries.oneOf(random, pieces);
    }
}
