package io.parley.storage.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Projections;
import io.parley.engine.api.EvaluationResult;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonString;
import org.bson.Document;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static com.mongodb.client.model.Filters.in;

/**
 * The field {@value #SEARCH} that every stored result (not shadow result) carries beside its JSON:
 * what {@link MongoSearchStore} filters and sorts on that the result itself does not say, copied
 * from its dialogue when the result is saved: {@code agent} and {@code group} (the agent
 * participant's), {@code channel}, {@code startedAt} (fixed-width UTC, see
 * {@link JsonDocuments#sortable}) when the dialogue has them, and {@code score}, the score's value
 * or -∞ without one, so that every result has a number to sort and page on.
 */
final class SearchFields {
    static final String SEARCH = "_search";
    static final String AGENT = "agent";
    static final String GROUP = "group";
    static final String CHANNEL = "channel";
    static final String STARTED_AT = "startedAt";
    static final String SCORE = "score";

    private SearchFields() {
    }

    /** The dialogue fields of each of these dialogues that is stored, by dialogue id: one lookup by {@code _id}. */
    static Map<String, Document> dialogueFields(MongoCollection<Document> dialogues, Collection<String> dialogueIds) {
        Map<String, Document> found = new HashMap<>();
        if (dialogueIds.isEmpty()) {
            return found;
        }
        // _id alone in the filter: the embedded server answers it from its unique index, key by key.
        dialogues.find(in("_id", List.copyOf(dialogueIds)))
                .projection(Projections.include("agent", "channel", "startedAt"))
                .batchSize(JsonDocuments.CURSOR_BATCH)
                .forEach(dialogue -> found.put(dialogue.getString("_id"), dialogue));
        return found;
    }

    /** The search fields of a result whose dialogue, as {@link #dialogueFields} found it, may be null. */
    static BsonDocument of(EvaluationResult result, Document dialogue) {
        return of(dialogue, result.score() == null ? null : result.score().value());
    }

    static BsonDocument of(Document dialogue, Double score) {
        BsonDocument fields = new BsonDocument();
        if (dialogue != null) {
            Document agent = dialogue.get("agent", Document.class);
            if (agent != null && agent.getString("id") != null) {
                fields.put(AGENT, new BsonString(agent.getString("id")));
            }
            if (agent != null && agent.getString("group") != null) {
                fields.put(GROUP, new BsonString(agent.getString("group")));
            }
            if (dialogue.getString("channel") != null) {
                fields.put(CHANNEL, new BsonString(dialogue.getString("channel")));
            }
            Instant startedAt = instant(dialogue.getString("startedAt"));
            if (startedAt != null) {
                fields.put(STARTED_AT, new BsonString(JsonDocuments.sortable(startedAt)));
            }
        }
        fields.put(SCORE, new BsonDouble(score == null ? Double.NEGATIVE_INFINITY : score));
        return fields;
    }

    private static Instant instant(String text) {
        if (text == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(text).toInstant();
        } catch (DateTimeParseException notOffset) {
            try {
                return Instant.parse(text);
            } catch (DateTimeParseException e) {
                return null;
            }
        }
    }
}
