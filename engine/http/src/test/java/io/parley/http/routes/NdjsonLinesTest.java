package io.parley.http.routes;

import io.parley.http.routes.NdjsonLines.Line;
import io.vertx.core.buffer.Buffer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class NdjsonLinesTest {

    @Test
    void numbersEveryLineAndSkipsBlankOnes() {
        NdjsonLines lines = new NdjsonLines(100);

        List<Line> found = lines.feed(Buffer.buffer("{\"a\":1}\n\n  \n{\"b\":2}\r\n{\"c\":3}"));
        found.addAll(lines.finish());

        assertThat(found).containsExactly(new Line(1, "{\"a\":1}"), new Line(4, "{\"b\":2}"), new Line(5, "{\"c\":3}"));
    }

    @Test
    void joinsLinesSplitAcrossChunksEvenInsideACharacter() {
        byte[] bytes = "{\"text\":\"您好\"}\n{\"text\":\"在吗\"}\n".getBytes(StandardCharsets.UTF_8);
        NdjsonLines lines = new NdjsonLines(100);
        List<Line> found = new ArrayList<>();

        for (byte b : bytes) { // one byte per chunk splits every multi-byte character
            found.addAll(lines.feed(Buffer.buffer(new byte[]{b})));
        }
        found.addAll(lines.finish());

        assertThat(found).containsExactly(new Line(1, "{\"text\":\"您好\"}"), new Line(2, "{\"text\":\"在吗\"}"));
    }

    @Test
    void aLineOverTheLimitIsReportedWithoutItsTextAndTheNextLinesFollow() {
        NdjsonLines lines = new NdjsonLines(10);
        List<Line> found = new ArrayList<>();

        found.addAll(lines.feed(Buffer.buffer("{\"ok\":1}\n0123456")));
        found.addAll(lines.feed(Buffer.buffer("789abcdef")));
        found.addAll(lines.feed(Buffer.buffer("ghij\n{\"ok\":2}\n0123456789ABC")));
        found.addAll(lines.finish());

        assertThat(found).containsExactly(new Line(1, "{\"ok\":1}"), new Line(2, null), new Line(3, "{\"ok\":2}"),
                new Line(4, null));
        assertThat(found.get(1).tooLong()).isTrue();
    }

    @Test
    void aLineOfExactlyTheLimitIsKept() {
        NdjsonLines lines = new NdjsonLines(10);

        assertThat(lines.feed(Buffer.buffer("0123456789\n"))).containsExactly(new Line(1, "0123456789"));
    }

    @Test
    void ignoresAByteOrderMarkAtTheStart() {
        NdjsonLines lines = new NdjsonLines(100);

        assertThat(lines.feed(Buffer.buffer("\uFEFF{\"a\":1}\n"))).containsExactly(new Line(1, "{\"a\":1}"));
    }

    @Test
    void anEmptyBodyHasNoLines() {
        NdjsonLines lines = new NdjsonLines(100);

        assertThat(lines.feed(Buffer.buffer())).isEmpty();
        assertThat(lines.finish()).isEmpty();
    }
}
