package io.parley.ml.tools.sentiment;

import java.util.ArrayList;
import java.util.List;

/** Parses a Python list-of-strings literal as {@code repr()} writes it: {@code ['a', "b'c", 'd\\n']}. */
final class PythonStringList {

    private PythonStringList() {
    }

    static List<String> parse(String literal) {
        String text = literal.strip();
        if (!text.startsWith("[") || !text.endsWith("]")) {
            throw new IllegalArgumentException("not a Python list: " + abbreviate(text));
        }
        List<String> items = new ArrayList<>();
        int i = 1;
        int end = text.length() - 1;
        while (true) {
            while (i < end && (text.charAt(i) == ' ' || text.charAt(i) == ',')) {
                i++;
            }
            if (i >= end) {
                return items;
            }
            char quote = text.charAt(i);
            if (quote != '\'' && quote != '"') {
                throw new IllegalArgumentException("expected a quoted string at " + i + ": " + abbreviate(text.substring(i)));
            }
            StringBuilder item = new StringBuilder();
            i++;
            while (i < end && text.charAt(i) != quote) {
                char c = text.charAt(i);
                if (c == '\\' && i + 1 < end) {
                    char next = text.charAt(i + 1);
                    switch (next) {
                        case 'n' -> item.append('\n');
                        case 't' -> item.append('\t');
                        case 'r' -> item.append('\r');
                        case 'x' -> {
                            item.append((char) Integer.parseInt(text.substring(i + 2, i + 4), 16));
                            i += 2;
                        }
                        case 'u' -> {
                            item.append((char) Integer.parseInt(text.substring(i + 2, i + 6), 16));
                            i += 4;
                        }
                        default -> item.append(next);
                    }
                    i += 2;
                } else {
                    item.append(c);
                    i++;
                }
            }
            if (i >= end) {
                throw new IllegalArgumentException("unterminated string: " + abbreviate(text));
            }
            items.add(item.toString());
            i++;
        }
    }

    private static String abbreviate(String text) {
        return text.length() > 60 ? text.substring(0, 60) + "…" : text;
    }
}
