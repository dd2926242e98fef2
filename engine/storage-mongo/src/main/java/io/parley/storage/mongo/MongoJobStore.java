package io.parley.storage.mongo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import io.parley.engine.api.json.ParleyJson;
import io.parley.engine.spi.storage.JobStore;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.conversions.Bson;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static com.mongodb.client.model.Filters.eq;

/**
 * Collections {@code backtest_jobs} and {@code shadow_runs}: {@code _id} is the job's id, then the
 * state's own JSON fields, {@code rulesetId}, {@code savedAt}, and {@code createdAt} (kept from the
 * first save, for the listing order).
 */
final class MongoJobStore implements JobStore {
    static final String BACKTESTS = "backtest_jobs";
    static final String SHADOWS = "shadow_runs";
    private static final String RULESET_ID = "rulesetId";
    private static final String SAVED_AT = "savedAt";
    private static final String CREATED_AT = "createdAt";
    private static final List<String> BOOKKEEPING = List.of("_id", RULESET_ID, SAVED_AT, CREATED_AT);

    private final ObjectMapper json = ParleyJson.mapper();
    private final MongoCollection<Document> collection;
    private final MongoCollection<RawBsonDocument> writes;

    MongoJobStore(MongoCollection<Document> collection) {
        this.collection = collection;
        this.writes = collection.withDocumentClass(RawBsonDocument.class);
    }

    @Override
    public void save(String id, String rulesetId, String state) {
        String now = JsonDocuments.sortable(Instant.now());
        Document stored = collection.find(eq("_id", id)).projection(new Document(CREATED_AT, 1)).first();
        String createdAt = stored == null ? now : stored.getString(CREATED_AT);
        RawBsonDocument document = JsonDocuments.toBson(json.getFactory(), state.getBytes(StandardCharsets.UTF_8),
                List.of(Map.entry("_id", id)), Map.of(),
                List.of(Map.entry(RULESET_ID, rulesetId), Map.entry(SAVED_AT, now), Map.entry(CREATED_AT, createdAt)));
        writes.replaceOne(eq("_id", id), document, new ReplaceOptions().upsert(true));
    }

    @Override
    public Optional<StoredJob> find(String id) {
        return Optional.ofNullable(collection.find(eq("_id", id)).first()).map(this::toJob);
    }

    @Override
    public List<StoredJob> forRuleSet(String rulesetId) {
        return list(eq(RULESET_ID, rulesetId));
    }

    @Override
    public List<StoredJob> all() {
        return list(new Document());
    }

    private List<StoredJob> list(Bson filter) {
        return collection.find(filter).sort(Sorts.ascending(CREATED_AT, "_id")).map(this::toJob).into(new ArrayList<>());
    }

    private StoredJob toJob(Document document) {
        return new StoredJob(document.getString("_id"), document.getString(RULESET_ID),
                JsonDocuments.toJson(document, BOOKKEEPING).toString());
    }
}
