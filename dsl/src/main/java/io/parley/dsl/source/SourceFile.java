package io.parley.dsl.source;

import java.util.ArrayList;
import java.util.List;

/**
 * The text of one rule-set file and the map from character offsets to 1-based lines and columns.
 * A file that imports or extends others is read as its own text followed by theirs, each starting
 * on a line of its own; {@link #originName} and {@link #originLine} say which file and line an
 * offset came from, so diagnostics point into the file the user wrote.
 */
public final class SourceFile {
    /** Text from {@code start} on came from line 1 of the file {@code name}. */
    public record Segment(int start, String name) {
    }

    private final String name;
    private final String text;
    private final int[] lineStarts;
    private final List<Segment> segments;

    public SourceFile(String name, String text) {
        this(name, text, List.of());
    }

    /** @param segments appended files, in increasing order of start, each starting at a line start */
    public SourceFile(String name, String text, List<Segment> segments) {
        this.name = name;
        this.text = text;
        this.segments = List.copyOf(segments);
        List<Integer> starts = new ArrayList<>();
        starts.add(0);
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                starts.add(i + 1);
            }
        }
        this.lineStarts = starts.stream().mapToInt(Integer::intValue).toArray();
    }

    public String name() {
        return name;
    }

    public String text() {
        return text;
    }

    /** The 1-based line holding {@code offset}; the end of the text belongs to the last line. */
    public int line(int offset) {
        int low = 0;
        int high = lineStarts.length - 1;
        while (low < high) {
            int middle = (low + high + 1) >>> 1;
            if (lineStarts[middle] <= offset) {
                low = middle;
            } else {
                high = middle - 1;
            }
        }
        return low + 1;
    }

    /** The 1-based column of {@code offset} on its line, counted in chars. */
    public int column(int offset) {
        return offset - lineStarts[line(offset) - 1] + 1;
    }

    /** The file the text at {@code offset} came from. */
    public String originName(int offset) {
        Segment segment = segmentOf(offset);
        return segment == null ? name : segment.name();
    }

    /** The 1-based line of {@code offset} in the file it came from. */
    public int originLine(int offset) {
        Segment segment = segmentOf(offset);
        return segment == null ? line(offset) : line(offset) - line(segment.start()) + 1;
    }

    private Segment segmentOf(int offset) {
        Segment found = null;
        for (Segment segment : segments) {
            if (segment.start() <= offset) {
                found = segment;
            }
        }
        return found;
    }

    /** The offset where a 1-based line starts. */
    public int offsetOf(int line) {
        return lineStarts[line - 1];
    }

    /** The text of a 1-based line without its line terminator. */
    public String lineText(int line) {
        return text.substring(lineStarts[line - 1], lineEnd(line));
    }

    /** The length of a 1-based line without its line terminator, without copying it. */
    public int lineLength(int line) {
        return lineEnd(line) - lineStarts[line - 1];
    }

    private int lineEnd(int line) {
        int start = lineStarts[line - 1];
        int end = line < lineStarts.length ? lineStarts[line] - 1 : text.length();
        if (end > start && text.charAt(end - 1) == '\r') {
            end--;
        }
        return end;
    }
}
