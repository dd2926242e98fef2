package io.parley.ml.tools.sentiment;

import io.parley.plugins.sentiment.Sentiment;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads a review-sentiment CSV (ChineseNlpCorpus: {@code label,review} or {@code cat,label,review},
 * label 1 positive, 0 negative; fields may be quoted with doubled quotes inside). Each review is
 * its own "dialogue" for splitting, keyed by its text, so duplicates stay on one side.
 */
public final class ReviewCsv {

    private ReviewCsv() {
    }

    public static List<LabelledTurn> read(Path file) throws IOException {
        String name = file.getFileName().toString();
        List<List<String>> rows;
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            rows = parse(reader);
        }
        if (rows.isEmpty()) {
            throw new IOException(name + ": empty file");
        }
        List<String> header = rows.getFirst().stream().map(h -> h.replace("\uFEFF", "").strip()).toList();
        int labelColumn = header.indexOf("label");
        int reviewColumn = header.indexOf("review");
        if (labelColumn < 0 || reviewColumn < 0) {
            throw new IOException(name + ": the header must name the columns 'label' and 'review', was " + header);
        }
        List<LabelledTurn> reviews = new ArrayList<>();
        for (int r = 1; r < rows.size(); r++) {
            List<String> row = rows.get(r);
            if (row.size() <= Math.max(labelColumn, reviewColumn)) {
                continue;
            }
            String text = row.get(reviewColumn).replace("\uFEFF", "").strip();
            String label = row.get(labelColumn).strip();
            if (text.isEmpty() || !(label.equals("0") || label.equals("1"))) {
                continue;
            }
            reviews.add(LabelledTurn.alone("review", "review/" + text, text,
                    label.equals("1") ? Sentiment.POSITIVE : Sentiment.NEGATIVE));
        }
        return reviews;
    }

    /** RFC 4180: commas separate fields, quoted fields may hold commas, newlines and doubled quotes. */
    static List<List<String>> parse(Reader reader) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        List<String> row = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean any = false;
        int c;
        while ((c = reader.read()) != -1) {
            any = true;
            if (quoted) {
                if (c == '"') {
                    reader.mark(1);
                    int next = reader.read();
                    if (next == '"') {
                        field.append('"');
                    } else {
                        quoted = false;
                        if (next == -1) {
                            break;
                        }
                        reader.reset();
                    }
                } else {
                    field.append((char) c);
                }
            } else if (c == '"' && field.isEmpty()) {
                quoted = true;
            } else if (c == ',') {
                row.add(field.toString());
                field.setLength(0);
            } else if (c == '\n' || c == '\r') {
                if (c == '\r') {
                    reader.mark(1);
                    if (reader.read() != '\n') {
                        reader.reset();
                    }
                }
                row.add(field.toString());
                field.setLength(0);
                if (!(row.size() == 1 && row.getFirst().isEmpty())) {
                    rows.add(row);
                }
                row = new ArrayList<>();
            } else {
                field.append((char) c);
            }
        }
        if (any && (!field.isEmpty() || !row.isEmpty())) {
            row.add(field.toString());
            rows.add(row);
        }
        return rows;
    }
}
