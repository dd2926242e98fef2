package io.parley.http.routes;

import io.vertx.core.buffer.Buffer;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits an NDJSON body arriving in chunks into numbered lines. A line longer than the limit is not
 * buffered: its bytes are dropped as they arrive and it is reported as too long when it ends, so
 * one huge line costs no memory and does not stop the lines after it. Blank lines are counted but
 * not reported; {@code \r\n} endings and a leading byte-order mark are accepted. Not thread-safe.
 */
final class NdjsonLines {
    /** A non-blank line; {@code text} is null when the line was longer than the limit. */
    record Line(int number, String text) {
        boolean tooLong() {
            return text == null;
        }
    }

    private final int maxLineBytes;
    private Buffer partial = Buffer.buffer();
    private boolean tooLong;
    private int lineNumber;

    NdjsonLines(int maxLineBytes) {
        this.maxLineBytes = maxLineBytes;
    }

    /** The lines this chunk completes. */
    List<Line> feed(Buffer chunk) {
        List<Line> lines = new ArrayList<>();
        int start = 0;
        for (int i = 0; i < chunk.length(); i++) {
            if (chunk.getByte(i) == '\n') {
                append(chunk.slice(start, i));
                complete(lines);
                start = i + 1;
            }
        }
        append(chunk.slice(start, chunk.length()));
        return lines;
    }

    /** The last line, when the body does not end with a newline. */
    List<Line> finish() {
        List<Line> lines = new ArrayList<>();
        if (partial.length() > 0 || tooLong) {
            complete(lines);
        }
        return lines;
    }

    private void append(Buffer bytes) {
        if (tooLong) {
            return;
        }
        if (partial.length() + bytes.length() > maxLineBytes) {
            tooLong = true;
            partial = Buffer.buffer();
        } else {
            partial.appendBuffer(bytes);
        }
    }

    private void complete(List<Line> lines) {
        lineNumber++;
        if (tooLong) {
            lines.add(new Line(lineNumber, null));
        } else {
            String text = partial.toString(StandardCharsets.UTF_8);
            if (lineNumber == 1 && text.startsWith("\uFEFF")) {
                text = text.substring(1);
            }
            if (!text.isBlank()) {
                lines.add(new Line(lineNumber, text.endsWith("\r") ? text.substring(0, text.length() - 1) : text));
            }
        }
        partial = Buffer.buffer();
        tooLong = false;
    }
}
