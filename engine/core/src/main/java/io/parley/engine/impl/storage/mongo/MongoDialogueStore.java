package io.parley.engine.impl.storage.mongo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.WriteModel;
import io.parley.engine.api.Dialogue;
import io.parley.engine.impl.json.ParleyJson;
import io.parley.engine.spi.storage.DialogueStore;
import org.bson.Document;
import org.bson.RawBsonDocument;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

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
    /** The same collection, written with documents streamed straight from Jackson's bytes. */
    private final MongoCollection<RawBsonDocument> writes;

    MongoDialogueStore(MongoCollection<Document> collection) {
        this.collection = collection;
        this.writes = collection.withDocumentClass(RawBsonDocument.class);
    }

    /** A dialogue as stored, and the hash of its content. */
    private record Encoded(String hash, RawBsonDocument document) {
    }

    @Override
    public SaveOutcome save(Dialogue dialogue) {
        Encoded encoded = encode(dialogue);
        String hash = encoded.hash();
        // Two attempts: a concurrent first save of the same id can win the insert between our read and write.
        for (int attempt = 1; ; attempt++) {
            Document stored = collection.find(eq("_id", dialogue.id())).projection(Projections.include(CONTENT_HASH)).first();
            if (stored == null) {
                try {
                    writes.insertOne(encoded.document());
                    return SaveOutcome.CREATED;
                } catch (MongoWriteException e) {
                    if (attempt > 1 || e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                        throw e;
                    }
                }
            } else if (hash.equals(stored.getString(CONTENT_HASH))) {
                return SaveOutcome.UNCHANGED;
            } else {
                writes.replaceOne(eq("_id", dialogue.id()), encoded.document());
                return SaveOutcome.UPDATED;
            }
        }
    }

    /**
     * One query for the stored hashes, then one unordered bulk write holding a single insert or
     * replace per id (of its last content), so the writes cannot collide with each other.
     */
    @Override
    public List<SaveOutcome> saveAll(List<Dialogue> dialogues) {
        if (dialogues.isEmpty()) {
            return List.of();
        }
        Map<String, String> hashes = new HashMap<>();
        collection.find(in("_id", dialogues.stream().map(Dialogue::id).distinct().toList()))
                .projection(Projections.include(CONTENT_HASH))
                .forEach(stored -> hashes.put(stored.getString("_id"), stored.getString(CONTENT_HASH)));
        Set<String> alreadyStored = Set.copyOf(hashes.keySet());
        List<SaveOutcome> outcomes = new ArrayList<>(dialogues.size());
        Map<String, WriteModel<RawBsonDocument>> pending = new LinkedHashMap<>();
        for (Dialogue dialogue : dialogues) {
            Encoded encoded = encode(dialogue);
            String previous = hashes.put(dialogue.id(), encoded.hash());
            if (encoded.hash().equals(previous)) {
                outcomes.add(SaveOutcome.UNCHANGED);
                continue;
            }
            outcomes.add(previous == null ? SaveOutcome.CREATED : SaveOutcome.UPDATED);
            pending.put(dialogue.id(), alreadyStored.contains(dialogue.id())
                    ? new ReplaceOneModel<>(eq("_id", dialogue.id()), encoded.document())
                    : new InsertOneModel<>(encoded.document()));
        }
        if (pending.isEmpty()) {
            return outcomes;
        }
        List<String> writtenIds = List.copyOf(pending.keySet());
        try {
            writes.bulkWrite(List.copyOf(pending.values()), new BulkWriteOptions().ordered(false));
        } catch (MongoBulkWriteException e) {
            // A concurrent first save of an id can win its insert after our read: save those ids
            // again one by one, in list order, which reads what won and tells the outcome anew.
            if (!e.getWriteErrors().stream().allMatch(error -> error.getCategory() == ErrorCategory.DUPLICATE_KEY)) {
                throw e;
            }
            Set<String> lostRace = e.getWriteErrors().stream().map(BulkWriteError::getIndex).map(writtenIds::get)
                    .collect(Collectors.toSet());
            for (int i = 0; i < dialogues.size(); i++) {
                if (lostRace.contains(dialogues.get(i).id())) {
                    outcomes.set(i, save(dialogues.get(i)));
                }
            }
        }
        return outcomes;
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
        // An explicit batch size: the embedded server otherwise answers a sorted find with one reply
        // holding every document, which the driver refuses beyond 48 MB (≈ 20,000 20-turn dialogues).
        collection.find().sort(Sorts.ascending("_id")).batchSize(JsonDocuments.CURSOR_BATCH)
                .forEach(document -> action.accept(toDialogue(document)));
    }

    /**
     * Jackson writes the dialogue once: its bytes are hashed ({@code contentHash}, SHA-256 of the
     * canonical JSON, as ever) and streamed into the stored document.
     */
    private Encoded encode(Dialogue dialogue) {
        byte[] canonical;
        try {
            canonical = json.writeValueAsBytes(dialogue);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write dialogue '" + dialogue.id() + "' as JSON", e);
        }
        String hash = sha256(canonical);
        return new Encoded(hash, JsonDocuments.toBson(json.getFactory(), canonical, List.of(Map.entry("_id", dialogue.id())),
                Map.of(), List.of(Map.entry(CONTENT_HASH, hash), Map.entry(STORED_AT, JsonDocuments.sortable(Instant.now())))));
    }

    private Dialogue toDialogue(Document document) {
        try {
            return json.treeToValue(JsonDocuments.toJson(document, BOOKKEEPING), Dialogue.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored dialogue '" + document.get("_id") + "' is unreadable: "
                    + e.getOriginalMessage(), e);
        }
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no SHA-256", e);
        }
    }
}
