package io.parley.plugins.chatexport;

import java.io.IOException;
import java.io.Reader;

/**
 * Physical lines of text, numbered from 1, ending in {@code \n}, {@code \r\n} or a lone {@code \r}
 * (files pasted together from different tools mix them). A line longer than {@value #MAX_LINE_CHARS}
 * characters is read to its end but kept only in part and flagged, so that a file without line
 * breaks cannot fill the memory.
 */
final class LineReader {
    static final int MAX_LINE_CHARS = 1 << 20;

    /** @param overlong the line was longer than {@value #MAX_LINE_CHARS} characters; {@code text} is its start */
    record Line(long number, String text, boolean overlong) {
    }

    private final Reader in;
    private final char[] buffer = new char[8192];
    private int position;
    private int limit;
    private long number;
    private boolean afterCarriageReturn;

    LineReader(Reader in) {
        this.in = in;
    }

    /** The next line without its terminator, or null at the end of the input. */
    Line next() throws IOException {
        StringBuilder text = new StringBuilder();
        boolean overlong = false;
        boolean any = false;
        while (true) {
            if (position == limit) {
                limit = in.read(buffer, 0, buffer.length);
                position = 0;
                if (limit <= 0) {
                    limit = 0;
                    return any ? new Line(++number, text.toString(), overlong) : null;
                }
            }
            char c = buffer[position++];
            if (afterCarriageReturn) {
                afterCarriageReturn = false;
                if (c == '\n') {
                    continue;
                }
            }
            any = true;
            if (c == '\n' || c == '\r') {
                afterCarriageReturn = c == '\r';
                return new Line(++number, text.toString(), overlong);
            }
            if (text.length() < MAX_LINE_CHARS) {
                text.append(c);
            } else {
                overlong = true;
            }
        }
    }
}
