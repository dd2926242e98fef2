package io.parley.storage.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import io.parley.engine.spi.storage.DeadLetterStore;
import org.bson.Document;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import static com.mongodb.client.model.Filters.eq;

/**
 * Collection {@code dead_letters}: one document per undelivered payload with {@code sinkId},
 * {@code destination}, {@code payload} (kept verbatim), {@code attempts}, {@code reason} and
 * {@code failedAt} (fixed-width UTC, so that string order is time order).
 */
final class MongoDeadLetterStore implements DeadLetterStore {
    static final String COLLECTION = "dead_letters";
    private static final String SINK_ID = "sinkId";
    private static final String DESTINATION = "destination";
    private static final String PAYLOAD = "payload";
    private static final String ATTEMPTS = "attempts";
    private static final String REASON = "reason";
    private static final String FAILED_AT = "failedAt";

    private final MongoCollection<Document> collection;

    MongoDeadLetterStore(MongoCollection<Document> collection) {
        this.collection = collection;
        collection.createIndex(Indexes.compoundIndex(Indexes.ascending(SINK_ID), Indexes.descending(FAILED_AT)),
                new IndexOptions().name("sinkId_failedAt"));
    }

    @Override
    public void add(String sinkId, String destination, String payload, int attempts, String reason) {
        Objects.requireNonNull(sinkId, "sinkId");
        Objects.requireNonNull(payload, "payload");
        collection.insertOne(new Document(SINK_ID, sinkId).append(DESTINATION, destination).append(PAYLOAD, payload)
                .append(ATTEMPTS, attempts).append(REASON, reason)
                .append(FAILED_AT, JsonDocuments.sortable(Instant.now())));
    }

    @Override
    public long count() {
        return collection.countDocuments();
    }

    @Override
    public List<DeadLetter> list(String sinkId, int limit) {
        if (limit < 1) {
            // The driver would read limit 0 as "no limit".
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        // _id (an ObjectId, increasing) breaks ties between letters of the same instant.
        return collection.find(eq(SINK_ID, sinkId)).sort(Sorts.descending(FAILED_AT, "_id")).limit(limit)
                .map(MongoDeadLetterStore::toDeadLetter).into(new ArrayList<>());
    }

    private static DeadLetter toDeadLetter(Document document) {
        return new DeadLetter(document.getString(SINK_ID), document.getString(DESTINATION), document.getString(PAYLOAD),
                document.getInteger(ATTEMPTS), document.getString(REASON), Instant.parse(document.getString(FAILED_AT)));
    }
}
