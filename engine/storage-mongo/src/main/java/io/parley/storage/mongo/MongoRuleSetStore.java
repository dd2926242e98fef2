package io.parley.storage.mongo;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import com.mongodb.client.result.UpdateResult;
import io.parley.engine.api.RuleSetRef;
import io.parley.engine.spi.storage.RuleSetStore;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.ne;

/**
 * Collection {@code rulesets}: one document per (id, version) with the source as written, a
 * {@code published} flag and, while published, {@code publishedAt}.
 *
 * <p>Publishing sets the new version's flag first and then clears the others, so a reader never
 * sees no published version during a switch. A reader can briefly see two, or keep seeing two if
 * the process dies between the steps or two processes publish at once; it then takes the one
 * published last ({@code publishedAt}), so the answer is always the most recent publish. Within
 * one process publishes are serialised.
 */
final class MongoRuleSetStore implements RuleSetStore {
    static final String COLLECTION = "rulesets";
    private static final String ID = "id";
    private static final String VERSION = "version";
    private static final String FILE_NAME = "fileName";
    private static final String SOURCE = "source";
    private static final String PUBLISHED = "published";
    private static final String PUBLISHED_AT = "publishedAt";
    private static final String STORED_AT = "storedAt";

    private final MongoCollection<Document> collection;
    private final Object publishing = new Object();

    MongoRuleSetStore(MongoCollection<Document> collection) {
        this.collection = collection;
        collection.createIndex(Indexes.ascending(ID, VERSION), new IndexOptions().unique(true).name("id_version_unique"));
    }

    @Override
    public StoredRuleSet save(RuleSetRef ref, String fileName, String source) {
        Optional<StoredRuleSet> stored = find(ref);
        if (stored.isPresent()) {
            return unchanged(stored.get(), source);
        }
        Document document = new Document(ID, ref.id()).append(VERSION, ref.version())
                .append(FILE_NAME, fileName).append(SOURCE, source)
                .append(PUBLISHED, false).append(STORED_AT, JsonDocuments.sortable(Instant.now()));
        try {
            collection.insertOne(document);
            return toStored(document);
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            // Someone stored this version between our read and our insert: same rule as above.
            return unchanged(find(ref).orElseThrow(() -> e), source);
        }
    }

    private static StoredRuleSet unchanged(StoredRuleSet stored, String source) {
        if (!stored.source().equals(source)) {
            throw new IllegalStateException("rule set " + stored.ref() + " is already stored with different source "
                    + "(from " + stored.fileName() + "); versions are immutable: give the changed rule set a new version");
        }
        return stored;
    }

    @Override
    public void publish(RuleSetRef ref) {
        synchronized (publishing) {
            UpdateResult marked = collection.updateOne(of(ref), Updates.combine(
                    Updates.set(PUBLISHED, true), Updates.set(PUBLISHED_AT, JsonDocuments.sortable(Instant.now()))));
            if (marked.getMatchedCount() == 0) {
                throw new IllegalArgumentException("rule set " + ref + " is not stored; save it before publishing it");
            }
            collection.updateMany(and(eq(ID, ref.id()), ne(VERSION, ref.version()), eq(PUBLISHED, true)),
                    Updates.combine(Updates.set(PUBLISHED, false), Updates.unset(PUBLISHED_AT)));
        }
    }

    @Override
    public Optional<StoredRuleSet> find(RuleSetRef ref) {
        return Optional.ofNullable(collection.find(of(ref)).first()).map(MongoRuleSetStore::toStored);
    }

    @Override
    public Optional<StoredRuleSet> published(String id) {
        return Optional.ofNullable(collection.find(and(eq(ID, id), eq(PUBLISHED, true)))
                .sort(Sorts.descending(PUBLISHED_AT)).first()).map(MongoRuleSetStore::toStored);
    }

    /** Ordered by id. */
    @Override
    public List<StoredRuleSet> allPublished() {
        Map<String, StoredRuleSet> newestPerId = new LinkedHashMap<>();
        collection.find(eq(PUBLISHED, true))
                .sort(Sorts.orderBy(Sorts.ascending(ID), Sorts.descending(PUBLISHED_AT)))
                .forEach(document -> newestPerId.putIfAbsent(document.getString(ID), toStored(document)));
        return List.copyOf(newestPerId.values());
    }

    /** Ordered by version. */
    @Override
    public List<StoredRuleSet> versions(String id) {
        return collection.find(eq(ID, id)).sort(Sorts.ascending(VERSION)).map(MongoRuleSetStore::toStored)
                .into(new ArrayList<>());
    }

    @Override
    public List<String> ids() {
        return collection.distinct(ID, String.class).into(new ArrayList<>()).stream().sorted().toList();
    }

    private static Bson of(RuleSetRef ref) {
        return and(eq(ID, ref.id()), eq(VERSION, ref.version()));
    }

    private static StoredRuleSet toStored(Document document) {
        return new StoredRuleSet(new RuleSetRef(document.getString(ID), document.getInteger(VERSION)),
                document.getString(FILE_NAME), document.getString(SOURCE), document.getBoolean(PUBLISHED),
                Instant.parse(document.getString(STORED_AT)));
    }
}
