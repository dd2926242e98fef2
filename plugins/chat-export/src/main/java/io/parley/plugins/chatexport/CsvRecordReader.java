package io.parley.plugins.chatexport;

import io.parley.plugins.chatexport.LineReader.Line;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * CSV records (RFC 4180 quoting) that survive broken rows. A quoted field may span lines; a quote
 * inside an unquoted field is kept as text, as spreadsheet tools write it. Blank lines, and lines
 * of nothing but delimiters, are skipped.
 *
 * <p>A record with broken quoting (text after a closing quote, or a quote still open after
 * {@value #MAX_LINES_PER_RECORD} lines or at the end of the file) is reported as {@link Broken} at
 * the line it started on, and reading resumes on the line after that one: the lines an open quote
 * swallowed are read again, so one stray quote costs one row, not the rest of the file. Libraries
 * such as commons-csv stop at the first such error, hence this reader.
 */
final class CsvRecordReader {
    static final int MAX_LINES_PER_RECORD = 200;

    sealed interface Row permits Fields, Broken {
        /** The line the record starts on. */
        long line();
    }

    record Fields(long line, List<String> values) implements Row {
    }

    /** @param field 0-based index of the field where reading failed, or -1 for the whole row */
    record Broken(long line, int field, String problem) implements Row {
    }

    private final LineReader lines;
    /** Lines to read again after a broken record. */
    private final Deque<Line> replay = new ArrayDeque<>();
    private char delimiter;

    /** @param delimiter the field separator, or 0 to take tab or comma, whichever the first line has more of */
    CsvRecordReader(LineReader lines, char delimiter) {
        this.lines = lines;
        this.delimiter = delimiter;
    }

    /** The next record, or null at the end of the input. */
    Row next() throws IOException {
        Line first = nextLine();
        while (first != null && isBlank(first.text())) {
            first = nextLine();
        }
        if (first == null) {
            return null;
        }
        if (delimiter == 0) {
            delimiter = count(first.text(), '\t') > count(first.text(), ',') ? '\t' : ',';
        }
        if (first.overlong()) {
            return new Broken(first.number(), -1, "the row is longer than " + LineReader.MAX_LINE_CHARS + " characters");
        }
        return parse(first);
    }

    private Row parse(Line first) throws IOException {
        List<Line> continued = new ArrayList<>();
        List<String> values = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        String text = first.text();
        int i = 0;
        while (true) {
            // At the start of a field.
            if (i < text.length() && text.charAt(i) == '"') {
                i++;
                while (true) {
                    if (i == text.length()) {
                        if (continued.size() == MAX_LINES_PER_RECORD - 1) {
                            return broken(first, continued, values.size(), "its opening quote is not closed within "
                                    + MAX_LINES_PER_RECORD + " lines");
                        }
                        Line next = nextLine();
                        if (next == null) {
                            return broken(first, continued, values.size(), "its opening quote is never closed");
                        }
                        continued.add(next);
                        if (next.overlong()) {
                            return broken(first, continued, -1, "the row is longer than "
                                    + LineReader.MAX_LINE_CHARS + " characters");
                        }
                        field.append('\n');
                        text = next.text();
                        i = 0;
                    } else if (text.charAt(i) != '"') {
                        field.append(text.charAt(i++));
                    } else if (i + 1 < text.length() && text.charAt(i + 1) == '"') {
                        field.append('"');
                        i += 2;
                    } else {
                        i++;
                        break;
                    }
                }
                while (i < text.length() && text.charAt(i) != delimiter && Character.isWhitespace(text.charAt(i))) {
                    i++;
                }
                if (i < text.length() && text.charAt(i) != delimiter) {
                    // Across lines, the quote that seems to close is more likely the next row's opening one.
                    return broken(first, continued, values.size(), continued.isEmpty() ? "text after its closing quote"
                            : "its opening quote is not closed properly (the field runs on to line "
                            + continued.getLast().number() + ")");
                }
            } else {
                while (i < text.length() && text.charAt(i) != delimiter) {
                    field.append(text.charAt(i++));
                }
            }
            values.add(field.toString());
            field.setLength(0);
            if (i == text.length()) {
                return new Fields(first.number(), values);
            }
            i++; // the delimiter
        }
    }

    private Broken broken(Line first, List<Line> continued, int field, String problem) {
        // Read the swallowed lines again, in order, ahead of any already waiting.
        for (int k = continued.size() - 1; k >= 0; k--) {
            replay.addFirst(continued.get(k));
        }
        return new Broken(first.number(), field, problem);
    }

    private Line nextLine() throws IOException {
        return replay.isEmpty() ? lines.next() : replay.pollFirst();
    }

    private boolean isBlank(String line) {
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c != ',' && c != '\t' && c != delimiter && !Character.isWhitespace(c)) {
                return false;
            }
        }
        return true;
    }

    private static int count(String text, char c) {
        return (int) text.chars().filter(x -> x == c).count();
    }
}
