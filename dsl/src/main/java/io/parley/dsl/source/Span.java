package io.parley.dsl.source;

/** A range {@code [start, end)} of character offsets in a {@link SourceFile}. */
public record Span(int start, int end) {
    public Span {
        if (start < 0 || end < start) {
            throw new IllegalArgumentException("bad span [" + start + ", " + end + ")");
        }
    }

    public int length() {
        return end - start;
    }

    /** The smallest span covering this one and {@code other}. */
    public Span to(Span other) {
        return new Span(Math.min(start, other.start), Math.max(end, other.end));
    }

    /** The same span in a text that has {@code offset} more characters before it. */
    public Span shift(int offset) {
        return new Span(start + offset, end + offset);
    }
}
