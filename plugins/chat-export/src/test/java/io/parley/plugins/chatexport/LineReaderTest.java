package io.parley.plugins.chatexport;

import io.parley.plugins.chatexport.LineReader.Line;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class LineReaderTest {

    @Test
    void splitsOnLfCrlfAndLoneCrAndNumbersFromOne() throws IOException {
        assertThat(lines("a\nb\r\nc\rd\n\ne")).extracting(Line::number, Line::text).containsExactly(
                tuple(1L, "a"), tuple(2L, "b"), tuple(3L, "c"), tuple(4L, "d"), tuple(5L, ""), tuple(6L, "e"));
        assertThat(lines("last\n")).extracting(Line::text).containsExactly("last");
        assertThat(lines("")).isEmpty();
    }

    @Test
    void aCrlfSplitAcrossTheReadBufferIsOneLineEnd() throws IOException {
        String first = "x".repeat(8191);

        assertThat(lines(first + "\r\nnext")).extracting(Line::text).containsExactly(first, "next");
    }

    @Test
    void anOverlongLineIsFlaggedAndKeptOnlyInPart() throws IOException {
        List<Line> lines = lines("y".repeat(LineReader.MAX_LINE_CHARS + 10) + "\nshort");

        assertThat(lines.getFirst().overlong()).isTrue();
        assertThat(lines.getFirst().text()).hasSize(LineReader.MAX_LINE_CHARS);
        assertThat(lines.get(1)).isEqualTo(new Line(2, "short", false));
    }

    private static List<Line> lines(String text) throws IOException {
        LineReader reader = new LineReader(new StringReader(text));
        List<Line> lines = new ArrayList<>();
        for (Line line = reader.next(); line != null; line = reader.next()) {
            lines.add(line);
        }
        return lines;
    }
}
