package io.parley.engine.impl.storage.mongo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.FindIterable;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import io.parley.engine.api.EvaluationResult;
import io.parley.engine.api.RuleSetRef;
import io.parley.engine.impl.json.ParleyJson;
import io.parley.engine.spi.storage.ResultStore;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.conversions.Bson;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

import static com.mongodb.client.model.Filters.eq;

/**
 * Collection {@code results}: one document per (dialogueId, ruleset.id, ruleset.version), shaped
 * like the API's result JSON. {@code evaluatedAt} is stored in a fixed-width UTC form so that the
 * newest sorts last.
 *
 * <p>On the embedded server, which ignores non-unique indexes, the lookups across versions
 * ({@link #latest}, {@link #forDialogue}) and the counts scan the collection (about 25 ms at 20,000
 * results); the lookups and upserts of one (dialogue, version) use the unique index everywhere.
 */
final class MongoResultStore implements ResultStore {
    static final String COLLECTION = "results";
    /** The same shape and keys, for the results of shadow runs. */
    static final String SHADOW_COLLECTION = "shadow_results";
    private static final String DIALOGUE_ID = "dialogueId";
    private static final String RULESET_ID = "ruleset.id";
    private static final String RULESET_VERSION = "ruleset.version";
    private static final String EVALUATED_AT = "evaluatedAt";
    private static final List<String> BOOKKEEPING = List.of("_id");
    private static final ReplaceOptions UPSERT = new ReplaceOptions().upsert(true);

    private final ObjectMapper json = ParleyJson.mapper();
    private final MongoCollection<Document> collection;
    /** The same collection, written with documents streamed straight from Jackson's bytes. */
    private final MongoCollection<RawBsonDocument> writes;

    MongoResultStore(MongoCollection<Document> collection) {
        this.collection = collection;
        this.writes = collection.withDocumentClass(RawBsonDocument.class);
        // The unique key (dialogueId, ruleset.id, ruleset.version) with the ruleset first, so that it
        // also serves count and forEach of one version in dialogue-id order. The second index
        // serves latest() and forDialogue().
        collection.createIndex(Indexes.ascending(RULESET_ID, RULESET_VERSION, DIALOGUE_ID),
                new IndexOptions().unique(true).name("ruleset_dialogue_unique"));
        collection.createIndex(Indexes.compoundIndex(Indexes.ascending(DIALOGUE_ID), Indexes.descending(EVALUATED_AT)),
                new IndexOptions().name("dialogue_evaluatedAt"));
    }

    @Override
    public void save(EvaluationResult result) {
        upsert(key(result), toDocument(result));
    }

    /**
     * One unordered bulk write holding a single upsert per key (of its last result): two upserts
     * of one new key in the same bulk could both try to insert.
     */
    @Override
    public void saveAll(List<EvaluationResult> results) {
        Map<Document, RawBsonDocument> lastPerKey = new LinkedHashMap<>();
        for (EvaluationResult result : results) {
            lastPerKey.put(key(result), toDocument(result));
        }
        if (lastPerKey.isEmpty()) {
            return;
        }
        // Most results are new: plain inserts cost a third of upserts on the embedded server (its
        // upsert is a find plus a write under the unique index). A result that exists already fails
        // its insert on the unique key and is replaced instead, so the last save still wins.
        List<Map.Entry<Document, RawBsonDocument>> inserts = List.copyOf(lastPerKey.entrySet());
        try {
            writes.bulkWrite(inserts.stream().map(entry -> new InsertOneModel<>(entry.getValue())).toList(),
                    new BulkWriteOptions().ordered(false));
        } catch (MongoBulkWriteException e) {
            if (!e.getWriteErrors().stream().allMatch(error -> error.getCategory() == ErrorCategory.DUPLICATE_KEY)) {
                throw e;
            }
            for (BulkWriteError error : e.getWriteErrors()) {
                // The driver added an _id to the failed insert only on the wire: the stored document keeps its own.
                Map.Entry<Document, RawBsonDocument> existing = inserts.get(error.getIndex());
                upsert(existing.getKey(), existing.getValue());
            }
        }
    }

    private void upsert(Bson key, RawBsonDocument document) {
        try {
            writes.replaceOne(key, document, UPSERT);
        } catch (MongoWriteException e) {
            // Two concurrent upserts of a new key: one inserts, the other hits the unique index and,
            // retried, now finds the document to replace.
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            writes.replaceOne(key, document, UPSERT);
        }
    }

    private RawBsonDocument toDocument(EvaluationResult result) {
        Objects.requireNonNull(result.dialogueId(), "result.dialogueId");
        Objects.requireNonNull(result.ruleset(), "result.ruleset");
        Objects.requireNonNull(result.evaluatedAt(), "result.evaluatedAt");
        try {
            return JsonDocuments.toBson(json.getFactory(), json.writeValueAsBytes(result), List.of(),
                    Map.of(EVALUATED_AT, JsonDocuments.sortable(result.evaluatedAt())), List.of());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the result of '" + result.dialogueId() + "' as JSON", e);
        }
    }

    @Override
    public Optional<EvaluationResult> latest(String dialogueId) {
        return Optional.ofNullable(newestFirst(eq(DIALOGUE_ID, dialogueId)).first()).map(this::toResult);
    }

    @Override
    public Optional<EvaluationResult> find(String dialogueId, RuleSetRef ruleset) {
        return Optional.ofNullable(collection.find(key(dialogueId, ruleset)).first())
                .map(this::toResult);
    }

    /** Newest first, so the head is {@link #latest}. */
    @Override
    public List<EvaluationResult> forDialogue(String dialogueId) {
        return newestFirst(eq(DIALOGUE_ID, dialogueId)).map(this::toResult).into(new ArrayList<>());
    }

    @Override
    public long count(RuleSetRef ruleset) {
        return collection.countDocuments(of(ruleset));
    }

    @Override
    public void forEach(RuleSetRef ruleset, Consumer<EvaluationResult> action) {
        collection.find(of(ruleset)).sort(Sorts.ascending(DIALOGUE_ID)).batchSize(JsonDocuments.CURSOR_BATCH)
                .forEach(document -> action.accept(toResult(document)));
    }

    private FindIterable<Document> newestFirst(Bson filter) {
        // Ties (same instant) fall back to the higher rule-set version.
        return collection.find(filter).sort(Sorts.descending(EVALUATED_AT, RULESET_VERSION));
    }

    private static Bson of(RuleSetRef ruleset) {
        return new Document(RULESET_ID, ruleset.id()).append(RULESET_VERSION, ruleset.version());
    }

    /**
     * A plain equality document rather than {@code Filters.and}, which renders as {@code $and}: the
     * embedded server answers only such plain queries from the unique index, others by a scan.
     */
    private static Document key(String dialogueId, RuleSetRef ruleset) {
        return new Document(RULESET_ID, ruleset.id()).append(RULESET_VERSION, ruleset.version())
                .append(DIALOGUE_ID, dialogueId);
    }

    private static Document key(EvaluationResult result) {
        return key(result.dialogueId(), result.ruleset());
    }

    private EvaluationResult toResult(Document document) {
        try {
            return json.treeToValue(JsonDocuments.toJson(document, BOOKKEEPING), EvaluationResult.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored result " + document.get("_id") + " is unreadable: "
                    + e.getOriginalMessage(), e);
        }
    }
}
