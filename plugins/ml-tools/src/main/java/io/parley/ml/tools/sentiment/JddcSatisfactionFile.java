package io.parley.ml.tools.sentiment;

import io.parley.plugins.sentiment.ContextTurn;
import io.parley.plugins.sentiment.Sentiment;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads the USDA split of USS-JDDC ({@code usda_split_jddc/*.txt}): one line per labelled user
 * turn, tab-separated: a Python list of the dialogue so far ("user text|||the system's reply",
 * the last element being the labelled turn, reply empty), the user-action ids, and the class
 * (0 unsatisfied, 1 neutral, 2 satisfied). A line whose last element is "OVERALL|||" closes a
 * dialogue and carries its dialogue-level label. An empty reply means the customer wrote again
 * before anyone answered: that is where the unanswered-turn feature comes from in this data.
 */
public final class JddcSatisfactionFile {

    /** A dialogue's labelled turns and its overall label (null if the file ends without one). */
    public record JddcDialogue(String key, List<LabelledTurn> turns, Sentiment overall) {
    }

    private JddcSatisfactionFile() {
    }

    public static List<JddcDialogue> read(Path file) throws IOException {
        List<JddcDialogue> dialogues = new ArrayList<>();
        List<LabelledTurn> current = new ArrayList<>();
        String name = file.getFileName().toString();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            int lineNumber = 0;
            while ((line = reader.readLine()) != null) {
                lineNumber++;
                if (line.isBlank()) {
                    continue;
                }
                String[] columns = line.split("\t");
                if (columns.length < 3) {
                    throw new IOException(name + ":" + lineNumber + ": expected 3 tab-separated columns, found " + columns.length);
                }
                Sentiment label = ofClass(columns[columns.length - 1].strip(), name, lineNumber);
                List<String> elements;
                try {
                    elements = PythonStringList.parse(columns[0]);
                } catch (IllegalArgumentException e) {
                    throw new IOException(name + ":" + lineNumber + ": " + e.getMessage(), e);
                }
                if (elements.isEmpty()) {
                    throw new IOException(name + ":" + lineNumber + ": empty dialogue list");
                }
                String key = "jddc/" + name + "/" + dialogues.size();
                String last = elements.getLast();
                if (last.startsWith("OVERALL|||")) {
                    dialogues.add(new JddcDialogue(key, List.copyOf(current), label));
                    current.clear();
                    continue;
                }
                List<ContextTurn> turns = new ArrayList<>();
                for (int i = 0; i < elements.size(); i++) {
                    String element = elements.get(i);
                    int separator = element.indexOf("|||");
                    String user = separator < 0 ? element : element.substring(0, separator);
                    String reply = separator < 0 ? "" : element.substring(separator + 3);
                    turns.add(ContextTurn.customer(user.strip()));
                    if (i < elements.size() - 1 && !reply.isBlank()) {
                        turns.add(ContextTurn.agent(reply.strip()));
                    }
                }
                current.add(new LabelledTurn("jddc", key, turns, turns.size() - 1, label));
            }
        }
        if (!current.isEmpty()) {
            dialogues.add(new JddcDialogue("jddc/" + name + "/" + dialogues.size(), List.copyOf(current), null));
        }
        return dialogues;
    }

    private static Sentiment ofClass(String value, String name, int lineNumber) throws IOException {
        return switch (value) {
            case "0" -> Sentiment.NEGATIVE;
            case "1" -> Sentiment.NEUTRAL;
            case "2" -> Sentiment.POSITIVE;
            default -> throw new IOException(name + ":" + lineNumber + ": class must be 0, 1 or 2, was '" + value + "'");
        };
    }
}
