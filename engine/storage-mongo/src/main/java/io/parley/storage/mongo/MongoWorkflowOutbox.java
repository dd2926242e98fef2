package io.parley.storage.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Sorts;
import io.parley.engine.api.RuleSetRef;
import io.parley.engine.spi.storage.WorkflowOutbox;
import org.bson.Document;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

import static com.mongodb.client.model.Filters.eq;

/**
 * Collection {@code workflow_outbox}: one document per workflow to start, whose {@code _id} is the
 * result's key ({@link MongoResultStore#id}), so adding an entry twice keeps one; with
 * {@code dialogueId}, {@code rulesetId}, {@code rulesetVersion} and {@code queuedAt}. It holds only
 * what is not started yet, so listing it oldest first scans a small collection.
 */
final class MongoWorkflowOutbox implements WorkflowOutbox {
    static final String COLLECTION = "workflow_outbox";
    private static final String DIALOGUE_ID = "dialogueId";
    private static final String RULESET_ID = "rulesetId";
    private static final String RULESET_VERSION = "rulesetVersion";
    private static final String QUEUED_AT = "queuedAt";

    private final MongoCollection<Document> collection;

    MongoWorkflowOutbox(MongoCollection<Document> collection) {
        this.collection = collection;
    }

    @Override
    public void add(String dialogueId, RuleSetRef ruleset) {
        Objects.requireNonNull(dialogueId, "dialogueId");
        Objects.requireNonNull(ruleset, "ruleset");
        // Taken means already queued: the first entry (and its queuedAt) stays.
        MongoDocuments.insertUnlessTaken(collection, new Document("_id", MongoResultStore.id(dialogueId, ruleset))
                .append(DIALOGUE_ID, dialogueId).append(RULESET_ID, ruleset.id())
                .append(RULESET_VERSION, ruleset.version()).append(QUEUED_AT, MongoDocuments.date(Instant.now())));
    }

    @Override
    public List<Entry> oldest(int limit) {
        if (limit < 1) {
            // The driver would read limit 0 as "no limit".
            throw new IllegalArgumentException("limit must be at least 1, was " + limit);
        }
        return collection.find().sort(Sorts.ascending(QUEUED_AT, "_id")).limit(limit)
                .map(document -> new Entry(document.getString(DIALOGUE_ID),
                        new RuleSetRef(document.getString(RULESET_ID), document.getInteger(RULESET_VERSION)),
                        MongoDocuments.instant(document, QUEUED_AT)))
                .into(new ArrayList<>());
    }

    @Override
    public void remove(String dialogueId, RuleSetRef ruleset) {
        collection.deleteOne(eq("_id", MongoResultStore.id(dialogueId, ruleset)));
    }

    @Override
    public long count() {
        return collection.countDocuments();
    }
}
