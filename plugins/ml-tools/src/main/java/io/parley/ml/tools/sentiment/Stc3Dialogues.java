package io.parley.ml.tools.sentiment;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.plugins.sentiment.ContextTurn;
import io.parley.plugins.sentiment.Sentiment;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads NTCIR-14 STC-3 customer–helpdesk dialogues ({@code train_data_cn.json}): Weibo threads
 * whose satisfaction (S, −2..2) 19 annotators rated per dialogue. The label goes to the last
 * customer turn, read with everything before it: the dialogue-level verdict is what the customer
 * feels when they leave. Mean S ≤ −0.5 is negative, ≥ 0.5 positive, else neutral. Dialogues
 * without annotations (the official test file) are skipped.
 */
public final class Stc3Dialogues {
    static final double NEGATIVE_AT_MOST = -0.5;
    static final double POSITIVE_AT_LEAST = 0.5;

    private Stc3Dialogues() {
    }

    public static List<LabelledTurn> read(Path file) throws IOException {
        JsonNode root = new ObjectMapper().readTree(file.toFile());
        List<LabelledTurn> examples = new ArrayList<>();
        for (JsonNode dialogue : root) {
            JsonNode annotations = dialogue.path("annotations");
            if (!annotations.isArray() || annotations.isEmpty()) {
                continue;
            }
            double sum = 0;
            for (JsonNode annotation : annotations) {
                sum += annotation.path("quality").path("S").asDouble();
            }
            double meanS = sum / annotations.size();
            List<ContextTurn> turns = new ArrayList<>();
            int lastCustomer = -1;
            for (JsonNode turn : dialogue.path("turns")) {
                List<String> utterances = new ArrayList<>();
                turn.path("utterances").forEach(u -> utterances.add(u.asText()));
                boolean customer = "customer".equals(turn.path("sender").asText());
                turns.add(new ContextTurn(customer ? ContextTurn.CUSTOMER : "agent", String.join(" ", utterances).strip(), null));
                if (customer) {
                    lastCustomer = turns.size() - 1;
                }
            }
            if (lastCustomer < 0) {
                continue;
            }
            Sentiment label = meanS <= NEGATIVE_AT_MOST ? Sentiment.NEGATIVE
                    : meanS >= POSITIVE_AT_LEAST ? Sentiment.POSITIVE : Sentiment.NEUTRAL;
            examples.add(new LabelledTurn("stc3", "stc3/" + dialogue.path("id").asText(), turns.subList(0, lastCustomer + 1),
                    lastCustomer, label));
        }
        return examples;
    }
}
