package io.parley.storage.mongo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoWriteException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.FindIterable;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.InsertOneModel;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import io.parley.engine.api.EvaluationResult;
import io.parley.engine.api.RuleSetRef;
import io.parley.engine.api.json.CanonicalJson;
import io.parley.engine.api.json.ParleyJson;
import io.parley.engine.spi.storage.ResultStore;
import org.bson.BsonType;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.conversions.Bson;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

/**
 * Collection {@code results}: one document per (dialogueId, ruleset.id, ruleset.version), shaped
 * like the API's result JSON, whose {@code _id} is that key as a string ({@link #id}), so the
 * collection's own unique index keeps one result per key and answers its lookups and upserts.
 * {@code evaluatedAt} is stored in a fixed-width UTC form so that the newest sorts last.
 *
 * <p>The embedded server ignores non-unique indexes, so a query by dialogue id would scan the
 * collection (about 25 ms at 20,000 results). There this store is the only writer (the data
 * directory is locked to one process), so it knows every rule-set version with results (read once
 * with {@code distinct}, then kept as it saves) and looks a dialogue's results up by their keys:
 * {@link #latest} and {@link #forDialogue} cost one index lookup per version. On a real MongoDB,
 * which other Parley processes may write too, they query the indexed {@code dialogueId}. Counts and
 * streams of one version scan on the embedded server.
 */
final class MongoResultStore implements ResultStore {
    static final String COLLECTION = "results";
    /** The same shape and keys, for the results of shadow runs. */
    static final String SHADOW_COLLECTION = "shadow_results";
    private static final String DIALOGUE_ID = "dialogueId";
    private static final String RULESET_ID = "ruleset.id";
    private static final String RULESET_VERSION = "ruleset.version";
    private static final String EVALUATED_AT = "evaluatedAt";
    private static final List<String> BOOKKEEPING = List.of("_id", SearchFields.SEARCH);
    private static final String LEGACY_UNIQUE_INDEX = "ruleset_dialogue_unique";
    private static final String KEY_INDEX = "ruleset_dialogue";
    /** Created once every result has its {@link SearchFields}: while it is missing, {@link #addSearchFields} runs. */
    static final String SEARCH_INDEX = "search_evaluatedAt";
    private static final int SEARCH_FIELDS_BATCH = 512;
    private static final ReplaceOptions UPSERT = new ReplaceOptions().upsert(true);
    private static final Logger log = LoggerFactory.getLogger(MongoResultStore.class);

    private final ObjectMapper json = ParleyJson.mapper();
    private final MongoCollection<Document> collection;
    /** The same collection, written with documents streamed straight from Jackson's tokens. */
    private final MongoCollection<RawBsonDocument> writes;
    /** Every rule-set version with results, when this store is the sole writer; else null. */
    private final Set<RuleSetRef> versionsWithResults;
    /** The tenant's dialogues, whose {@link SearchFields} each result carries; null for shadow results. */
    private final MongoCollection<Document> dialogues;
    /** Whether the versions stored before this process started have been read into {@link #versionsWithResults}. */
    private volatile boolean storedVersionsRead;

    /**
     * @param soleWriter this process is the only one writing the collection (the embedded server):
     *                   a dialogue's results are then looked up by their keys
     * @param dialogues  the tenant's dialogues, for the {@link SearchFields} of each saved result (the
     *                   results {@link MongoSearchStore} searches); null for results no search reads
     */
    MongoResultStore(MongoCollection<Document> collection, boolean soleWriter, MongoCollection<Document> dialogues) {
        this.collection = collection;
        this.dialogues = dialogues;
        this.versionsWithResults = soleWriter ? ConcurrentHashMap.newKeySet() : null;
        this.writes = collection.withDocumentClass(RawBsonDocument.class);
        moveResultsKeyedByObjectId();
        // Not unique (the _id is): on a real MongoDB they serve count and forEach of one version in
        // dialogue-id order, and latest() and forDialogue().
        collection.createIndex(Indexes.ascending(RULESET_ID, RULESET_VERSION, DIALOGUE_ID), new IndexOptions().name(KEY_INDEX));
        collection.createIndex(Indexes.compoundIndex(Indexes.ascending(DIALOGUE_ID), Indexes.descending(EVALUATED_AT)),
                new IndexOptions().name("dialogue_evaluatedAt"));
        if (dialogues != null) {
            addSearchFields();
        }
    }

    /**
     * Gives every result stored before search existed its {@link SearchFields}, streamed in batches
     * with one dialogue lookup each, then creates the indexes a real MongoDB answers searches with
     * (the embedded server ignores them: see {@link MongoSearchStore}). {@value #SEARCH_INDEX} comes
     * last, so a crash half-way leaves it missing and the next start finishes the work; once it
     * exists this costs one listIndexes.
     */
    private void addSearchFields() {
        if (collection.listIndexes().map(index -> index.getString("name")).into(new ArrayList<>()).contains(SEARCH_INDEX)) {
            return;
        }
        long[] added = {0};
        List<Document> batch = new ArrayList<>();
        Runnable flush = () -> {
            Map<String, Document> found = SearchFields.dialogueFields(dialogues,
                    batch.stream().map(document -> document.getString(DIALOGUE_ID)).distinct().toList());
            for (Document document : batch) {
                Number score = document.getEmbedded(List.of("score", "value"), Number.class);
                collection.updateOne(eq("_id", document.get("_id")), new Document("$set", new Document(SearchFields.SEARCH,
                        SearchFields.of(found.get(document.getString(DIALOGUE_ID)), score == null ? null : score.doubleValue()))));
            }
            added[0] += batch.size();
            batch.clear();
        };
        collection.find(Filters.exists(SearchFields.SEARCH, false))
                .projection(Projections.include(DIALOGUE_ID, "score.value"))
                .batchSize(JsonDocuments.CURSOR_BATCH)
                .forEach(document -> {
                    batch.add(document);
                    if (batch.size() == SEARCH_FIELDS_BATCH) {
                        flush.run();
                    }
                });
        if (!batch.isEmpty()) {
            flush.run();
        }
        if (added[0] > 0) {
            log.info("gave {} results of {} the fields search filters on", added[0], collection.getNamespace());
        }
        String agent = SearchFields.SEARCH + "." + SearchFields.AGENT;
        collection.createIndex(Indexes.compoundIndex(Indexes.ascending(agent), Indexes.descending(EVALUATED_AT), Indexes.descending("_id")),
                new IndexOptions().name("search_agent"));
        collection.createIndex(Indexes.compoundIndex(Indexes.ascending("hits.rule"), Indexes.descending(EVALUATED_AT), Indexes.descending("_id")),
                new IndexOptions().name("search_rule"));
        collection.createIndex(Indexes.descending(SearchFields.SEARCH + "." + SearchFields.SCORE, "_id"),
                new IndexOptions().name("search_score"));
        collection.createIndex(Indexes.descending(EVALUATED_AT, "_id"), new IndexOptions().name(SEARCH_INDEX));
    }

    /**
     * Results stored before their key became their {@code _id} had a generated object id and a
     * unique index on the key. That index is dropped (the copies below would collide with it), then
     * each such result is stored again under its key and removed. The index {@value #KEY_INDEX} is
     * created only after this has finished, so while it is missing (a new collection, an older one,
     * or a crash half-way) the move runs, and never again after: a crash leaves at worst both
     * copies of a result, and the next start finishes the move. Measured on the embedded server, an
     * object id cost a Java serialisation in every index and page write of the results; the extra
     * unique index, a B-tree update per result.
     */
    private void moveResultsKeyedByObjectId() {
        List<String> indexes = collection.listIndexes().map(index -> index.getString("name")).into(new ArrayList<>());
        if (indexes.contains(KEY_INDEX)) {
            return;
        }
        if (indexes.contains(LEGACY_UNIQUE_INDEX)) {
            collection.dropIndex(LEGACY_UNIQUE_INDEX);
        }
        // Streamed, not read into memory whole: an older collection may hold millions of results.
        long[] moved = {0};
        collection.find(Filters.type("_id", BsonType.OBJECT_ID)).batchSize(JsonDocuments.CURSOR_BATCH).forEach(document -> {
            Object legacyId = document.get("_id");
            document.put("_id", id(document.getString(DIALOGUE_ID), new RuleSetRef(document.getEmbedded(List.of("ruleset", "id"), String.class),
                    document.getEmbedded(List.of("ruleset", "version"), Integer.class))));
            collection.replaceOne(eq("_id", document.get("_id")), document, UPSERT);
            collection.deleteOne(eq("_id", legacyId));
            moved[0]++;
        });
        if (moved[0] > 0) {
            log.info("moved {} results of {} to their key as _id", moved[0], collection.getNamespace());
        }
    }

    @Override
    public void save(EvaluationResult result) {
        registerVersions(List.of(result));
        upsert(id(result), toDocument(result, dialogueFields(List.of(result))));
    }

    /**
     * One unordered bulk write holding a single insert per key (of its last result): two writes of
     * one new key in the same bulk would collide.
     */
    @Override
    public void saveAll(List<EvaluationResult> results) {
        registerVersions(results);
        Map<String, Document> dialogueFields = dialogueFields(results);
        Map<String, RawBsonDocument> lastPerKey = new LinkedHashMap<>();
        for (EvaluationResult result : results) {
            lastPerKey.put(id(result), toDocument(result, dialogueFields));
        }
        if (lastPerKey.isEmpty()) {
            return;
        }
        // Most results are new: plain inserts cost a third of upserts on the embedded server (its
        // upsert is a find plus a write). A result that exists already fails its insert on the _id
        // and is replaced instead, so the last save still wins.
        List<Map.Entry<String, RawBsonDocument>> inserts = List.copyOf(lastPerKey.entrySet());
        try {
            writes.bulkWrite(inserts.stream().map(entry -> new InsertOneModel<>(entry.getValue())).toList(),
                    new BulkWriteOptions().ordered(false));
        } catch (MongoBulkWriteException e) {
            if (!e.getWriteErrors().stream().allMatch(error -> error.getCategory() == ErrorCategory.DUPLICATE_KEY)) {
                throw e;
            }
            for (BulkWriteError error : e.getWriteErrors()) {
                Map.Entry<String, RawBsonDocument> existing = inserts.get(error.getIndex());
                upsert(existing.getKey(), existing.getValue());
            }
        }
    }

    private void upsert(String id, RawBsonDocument document) {
        try {
            writes.replaceOne(eq("_id", id), document, UPSERT);
        } catch (MongoWriteException e) {
            // Two concurrent upserts of a new key: one inserts, the other hits the unique _id and,
            // retried, now finds the document to replace.
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            writes.replaceOne(eq("_id", id), document, UPSERT);
        }
    }

    /** The dialogue fields of the results' dialogues, by dialogue id; none when this store keeps no {@link SearchFields}. */
    private Map<String, Document> dialogueFields(List<EvaluationResult> results) {
        if (dialogues == null || results.isEmpty()) {
            return Map.of();
        }
        return SearchFields.dialogueFields(dialogues, results.stream().map(EvaluationResult::dialogueId)
                .filter(Objects::nonNull).collect(Collectors.toSet()));
    }

    private RawBsonDocument toDocument(EvaluationResult result, Map<String, Document> dialogueFields) {
        Objects.requireNonNull(result.dialogueId(), "result.dialogueId");
        Objects.requireNonNull(result.ruleset(), "result.ruleset");
        Objects.requireNonNull(result.evaluatedAt(), "result.evaluatedAt");
        return JsonDocuments.toBson(CanonicalJson.tokens(result), List.of(Map.entry("_id", id(result))),
                Map.of(EVALUATED_AT, JsonDocuments.sortable(result.evaluatedAt())), List.of(),
                dialogues == null ? null : Map.entry(SearchFields.SEARCH, SearchFields.of(result, dialogueFields.get(result.dialogueId()))));
    }

    @Override
    public Optional<EvaluationResult> latest(String dialogueId) {
        return Optional.ofNullable(newestFirst(ofDialogue(dialogueId)).first()).map(this::toResult);
    }

    @Override
    public Optional<EvaluationResult> find(String dialogueId, RuleSetRef ruleset) {
        return Optional.ofNullable(collection.find(eq("_id", id(dialogueId, ruleset))).first())
                .map(this::toResult);
    }

    /** Newest first, so the head is {@link #latest}. */
    @Override
    public List<EvaluationResult> forDialogue(String dialogueId) {
        return newestFirst(ofDialogue(dialogueId)).map(this::toResult).into(new ArrayList<>());
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

    /** Before its write, so that a lookup that sees the result also knows its version. */
    private void registerVersions(List<EvaluationResult> results) {
        if (versionsWithResults != null) {
            results.forEach(result -> versionsWithResults.add(result.ruleset()));
        }
    }

    /** The filter of a dialogue's results: by their keys when this store is the sole writer. */
    private Bson ofDialogue(String dialogueId) {
        if (versionsWithResults == null) {
            return eq(DIALOGUE_ID, dialogueId);
        }
        if (!storedVersionsRead) {
            readStoredVersions();
        }
        return in("_id", versionsWithResults.stream().map(ruleset -> id(dialogueId, ruleset)).toList());
    }

    private synchronized void readStoredVersions() {
        if (!storedVersionsRead) {
            collection.distinct("ruleset", Document.class).forEach(ruleset ->
                    versionsWithResults.add(new RuleSetRef(ruleset.getString("id"), ruleset.getInteger("version"))));
            storedVersionsRead = true;
        }
    }

    private FindIterable<Document> newestFirst(Bson filter) {
        // Ties (same instant) fall back to the higher rule-set version.
        return collection.find(filter).sort(Sorts.descending(EVALUATED_AT, RULESET_VERSION));
    }

    private static Bson of(RuleSetRef ruleset) {
        return new Document(RULESET_ID, ruleset.id()).append(RULESET_VERSION, ruleset.version());
    }

    /**
     * {@code <ruleset id>@<version>/<dialogue id>}, with {@code %} and {@code @} in the rule-set id
     * percent-escaped: the first {@code @} ends the id, so two different keys never share a string.
     */
    static String id(String dialogueId, RuleSetRef ruleset) {
        return ruleset.id().replace("%", "%25").replace("@", "%40") + "@" + ruleset.version() + "/" + dialogueId;
    }

    private static String id(EvaluationResult result) {
        return id(result.dialogueId(), result.ruleset());
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
