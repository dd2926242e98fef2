package io.parley.storage.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import io.parley.engine.spi.storage.AuditLog;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Collection {@code audit}, in the tenant's database: one document per event, {@code at} a BSON date. */
final class MongoAuditLog implements AuditLog {
    static final String COLLECTION = "audit";
    private final MongoCollection<Document> collection;

    MongoAuditLog(MongoCollection<Document> collection) {
        this.collection = collection;
        collection.createIndex(Indexes.descending("at"), new IndexOptions().name("at"));
    }

    @Override
    public void record(AuditEvent event) {
        collection.insertOne(new Document("at", MongoDocuments.date(event.at())).append("actor", event.actor())
                .append("action", event.action()).append("target", event.target()).append("detail", event.detail())
                .append("address", event.address()));
    }

    @Override
    public List<AuditEvent> find(Instant from, Instant to, String action, int limit) {
        Bson filter = Filters.and(Filters.gte("at", MongoDocuments.date(from)), Filters.lt("at", MongoDocuments.date(to)));
        if (action != null) {
            filter = Filters.and(filter, action.endsWith(".")
                    ? Filters.regex("action", "^" + Pattern.quote(action)) : Filters.eq("action", action));
        }
        return collection.find(filter).sort(Sorts.descending("at")).limit(limit)
                .map(document -> new AuditEvent(MongoDocuments.instant(document, "at"), document.getString("actor"),
                        document.getString("action"), document.getString("target"), document.getString("detail"),
                        document.getString("address")))
                .into(new ArrayList<>());
    }
}
