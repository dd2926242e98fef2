package io.parley.ml.tools.sentiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.plugins.sentiment.Sentiment;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads ToSarcasm ({@code train.json}, {@code dev.json}: {@code [{topic, text, label}]}, label "1"
 * sarcastic). Only the sarcastic comments are used, as negative examples: sarcasm states a
 * negative stance in positive or neutral words, which is exactly what a review corpus lacks. The
 * non-sarcastic comments carry no sentiment label (many are plain rants) and are left out.
 */
public final class ToSarcasmComments {

    private ToSarcasmComments() {
    }

    public static List<LabelledTurn> readSarcastic(Path file) throws IOException {
        List<LabelledTurn> comments = new ArrayList<>();
        for (JsonNode comment : new ObjectMapper().readTree(file.toFile())) {
            String text = comment.path("text").asText("").strip();
            if ("1".equals(comment.path("label").asText()) && !text.isEmpty()) {
                comments.add(LabelledTurn.alone("tosarcasm", "tosarcasm/" + text, text, Sentiment.NEGATIVE));
            }
        }
        return comments;
    }
}
