package io.parley.storage.mongo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.WriteModel;
import io.parley.engine.api.Dialogue;
import io.parley.engine.api.json.CanonicalJson;
import io.parley.engine.api.json.ParleyJson;
import io.parley.engine.spi.storage.DialogueStore;
import org.bson.Document;
import org.bson.RawBsonDocument;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
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
    /** Upserts: a dialogue found stored by the insert may be gone by the time it is replaced. */
    private static final ReplaceOptions UPSERT = new ReplaceOptions().upsert(true);

    private final ObjectMapper json = ParleyJson.mapper();
    private final MongoCollection<Document> collection;
    /** The same collection, written with documents streamed straight from Jackson's tokens. */
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
        return saveAll(List.of(dialogue)).getFirst();
    }

    /**
     * Inserts first, as most dialogues are new: one unordered bulk insert of each id's last
     * content. Only the ids that insert finds stored already cost a read of their stored hashes
     * and, where the content changed, a replace. A concurrent first save of the same id is one of
     * those: whichever content is written last stays.
     */
    @Override
    public List<SaveOutcome> saveAll(List<Dialogue> dialogues) {
        if (dialogues.isEmpty()) {
            return List.of();
        }
        dialogues.forEach(dialogue -> requireStorableId(dialogue.id()));
        List<Encoded> encoded = dialogues.stream().map(MongoDialogueStore::encode).toList();
        Map<String, Encoded> lastPerId = new LinkedHashMap<>();
        for (int i = 0; i < dialogues.size(); i++) {
            lastPerId.put(dialogues.get(i).id(), encoded.get(i));
        }
        Set<String> storedBefore = insertNew(lastPerId);
        Map<String, String> storedHashes = new HashMap<>();
        if (!storedBefore.isEmpty()) {
            collection.find(in("_id", List.copyOf(storedBefore))).projection(Projections.include(CONTENT_HASH))
                    .forEach(stored -> storedHashes.put(stored.getString("_id"), stored.getString(CONTENT_HASH)));
            List<WriteModel<RawBsonDocument>> replaces = storedBefore.stream()
                    .filter(id -> !lastPerId.get(id).hash().equals(storedHashes.get(id)))
                    .<WriteModel<RawBsonDocument>>map(id -> new ReplaceOneModel<>(eq("_id", id), lastPerId.get(id).document(), UPSERT))
                    .toList();
            if (!replaces.isEmpty()) {
                writes.bulkWrite(replaces, new BulkWriteOptions().ordered(false));
            }
        }
        // Each outcome against the content before it: the stored one, or the same id earlier in the list.
        Map<String, String> previous = new HashMap<>(storedHashes);
        List<SaveOutcome> outcomes = new ArrayList<>(dialogues.size());
        for (int i = 0; i < dialogues.size(); i++) {
            String hash = encoded.get(i).hash();
            String before = previous.put(dialogues.get(i).id(), hash);
            outcomes.add(before == null ? SaveOutcome.CREATED : before.equals(hash) ? SaveOutcome.UNCHANGED : SaveOutcome.UPDATED);
        }
        return outcomes;
    }

    /**
     * An id that UTF-8 cannot hold (a lone UTF-16 surrogate) would be stored as '?', collapsing
     * distinct ids onto one: refused, before anything is written. The dialogue reader refuses such
     * ids with a 400 first; this is the store's own guard.
     */
    private static void requireStorableId(String id) {
        if (id == null || id.isEmpty()) {
            throw new IllegalArgumentException("a dialogue id must not be empty");
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (Character.isHighSurrogate(c) && i + 1 < id.length() && Character.isLowSurrogate(id.charAt(i + 1))) {
                i++;
            } else if (Character.isSurrogate(c)) {
                throw new IllegalArgumentException("dialogue id has a lone UTF-16 surrogate at index " + i
                        + ": it cannot be stored as UTF-8");
            }
        }
    }

    /** Inserts each id's document; returns the ids whose insert found the id stored already. */
    private Set<String> insertNew(Map<String, Encoded> lastPerId) {
        List<String> ids = List.copyOf(lastPerId.keySet());
        try {
            writes.bulkWrite(lastPerId.values().stream().<WriteModel<RawBsonDocument>>map(e -> new InsertOneModel<>(e.document())).toList(),
                    new BulkWriteOptions().ordered(false));
            return Set.of();
        } catch (MongoBulkWriteException e) {
            if (!e.getWriteErrors().stream().allMatch(error -> error.getCategory() == ErrorCategory.DUPLICATE_KEY)) {
                throw e;
            }
            return e.getWriteErrors().stream().map(error -> ids.get(error.getIndex())).collect(Collectors.toSet());
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
        // An explicit batch size: the embedded server otherwise answers a sorted find with one reply
        // holding every document, which the driver refuses beyond 48 MB (≈ 20,000 20-turn dialogues).
        collection.find().sort(Sorts.ascending("_id")).batchSize(JsonDocuments.CURSOR_BATCH)
                .forEach(document -> action.accept(toDialogue(document)));
    }

    /**
     * Jackson serialises the dialogue once: its tokens are hashed ({@code contentHash}, SHA-256 of
     * the canonical JSON, as ever) and streamed into the stored document.
     */
    private static Encoded encode(Dialogue dialogue) {
        TokenBuffer tokens = CanonicalJson.tokens(dialogue);
        String hash = CanonicalJson.sha256(tokens);
        return new Encoded(hash, JsonDocuments.toBson(tokens, List.of(Map.entry("_id", dialogue.id())),
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
}
