package io.parley.engine.impl.storage.mongo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import io.parley.engine.api.Dialogue;
import io.parley.engine.impl.json.ParleyJson;
import io.parley.engine.spi.storage.DialogueStore;
import org.bson.Document;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

import static com.mongodb.client.model.Filters.eq;

/**
 * Collection {@code dialogues}: {@code _id} is the dialogue id; the document is the dialogue's JSON
 * plus {@code contentHash} (SHA-256 of its canonical JSON, to tell an unchanged re-send) and
 * {@code storedAt}.
 */
final class MongoDialogueStore implements DialogueStore {
    static final String COLLECTION = "dialogues";
    private static final String CONTENT_HASH = "contentHash";
    private static final String STORED_AT = "storedAt";
    private static final List<String> BOOKKEEPING = List.of("_id", CONTENT_HASH, STORED_AT);

    private final ObjectMapper json = ParleyJson.mapper();
    private final MongoCollection<Document> collection;

    MongoDialogueStore(MongoCollection<Document> collection) {
        this.collection = collection;
    }

    @Override
    public SaveOutcome save(Dialogue dialogue) {
        String hash = contentHash(dialogue);
        Document document = new Document("_id", dialogue.id());
        document.putAll(JsonDocuments.toDocument(json.valueToTree(dialogue)));
        document.append(CONTENT_HASH, hash).append(STORED_AT, JsonDocuments.sortable(Instant.now()));
        // Two attempts: a concurrent first save of the same id can win the insert between our read and write.
        for (int attempt = 1; ; attempt++) {
            Document stored = collection.find(eq("_id", dialogue.id())).projection(Projections.include(CONTENT_HASH)).first();
            if (stored == null) {
                try {
                    collection.insertOne(document);
                    return SaveOutcome.CREATED;
                } catch (MongoWriteException e) {
                    if (attempt > 1 || e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                        throw e;
                    }
                }
            } else if (hash.equals(stored.getString(CONTENT_HASH))) {
                return SaveOutcome.UNCHANGED;
            } else {
                collection.replaceOne(eq("_id", dialogue.id()), document);
                return SaveOutcome.UPDATED;
            }
        }
    }

    @Override
    public Optional<Dialogue> find(String id) {
        return Optional.ofNullable(collection.find(eq("_id", id)).first()).map(this::toDialogue);
    }

    @Override
    public long count() {
        return collection.countDocuments();
    }

    @Override
    public void forEach(Consumer<Dialogue> action) {
        // The driver's forEach walks a cursor batch by batch and closes it, also when the action throws.
        collection.find().sort(Sorts.ascending("_id")).forEach(document -> action.accept(toDialogue(document)));
    }

    private Dialogue toDialogue(Document document) {
        try {
            return json.treeToValue(JsonDocuments.toJson(document, BOOKKEEPING), Dialogue.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored dialogue '" + document.get("_id") + "' is unreadable: "
                    + e.getOriginalMessage(), e);
        }
    }

    private String contentHash(Dialogue dialogue) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(sha256.digest(json.writeValueAsBytes(dialogue)));
        } catch (NoSuchAlgorithmException | JsonProcessingException e) {
            throw new IllegalStateException("cannot hash dialogue '" + dialogue.id() + "'", e);
        }
    }
}
