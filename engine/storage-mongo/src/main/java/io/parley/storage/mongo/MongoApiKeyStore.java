package io.parley.storage.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import com.mongodb.client.model.Updates;
import io.parley.engine.api.TenantId;
import io.parley.engine.api.security.Role;
import io.parley.engine.spi.storage.ApiKeyStore;
import org.bson.Document;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;

/**
 * Collection {@code api_keys}: {@code _id} is the key's id (the part of the key before its secret),
 * then its tenant, role, name, the KDF's encoding of its secret, who created it and when, and its
 * expiry, revocation and last use.
 */
final class MongoApiKeyStore implements ApiKeyStore {
    static final String COLLECTION = "api_keys";
    private final MongoCollection<Document> collection;

    MongoApiKeyStore(MongoCollection<Document> collection) {
        this.collection = collection;
        collection.createIndex(Indexes.ascending("tenant", "createdAt"), new IndexOptions().name("tenant_createdAt"));
    }

    @Override
    public void create(ApiKey key) {
        collection.insertOne(new Document("_id", key.id()).append("tenant", key.tenant().value()).append("role", key.role().id())
                .append("name", key.name()).append("secretHash", key.secretHash()).append("createdBy", key.createdBy())
                .append("createdAt", MongoDocuments.date(key.createdAt())).append("expiresAt", MongoDocuments.date(key.expiresAt()))
                .append("revokedAt", MongoDocuments.date(key.revokedAt())).append("lastUsedAt", MongoDocuments.date(key.lastUsedAt())));
    }

    @Override
    public Optional<ApiKey> find(String id) {
        return Optional.ofNullable(collection.find(eq("_id", id)).first()).map(MongoApiKeyStore::toKey);
    }

    @Override
    public List<ApiKey> forTenant(TenantId tenant) {
        return collection.find(eq("tenant", tenant.value())).sort(Sorts.descending("createdAt"))
                .map(MongoApiKeyStore::toKey).into(new ArrayList<>());
    }

    @Override
    public boolean revoke(String id, Instant at) {
        return collection.updateOne(and(eq("_id", id), eq("revokedAt", null)), Updates.set("revokedAt", MongoDocuments.date(at)))
                .getModifiedCount() > 0;
    }

    @Override
    public void touch(String id, Instant usedAt) {
        collection.updateOne(eq("_id", id), Updates.set("lastUsedAt", MongoDocuments.date(usedAt)));
    }

    private static ApiKey toKey(Document document) {
        return new ApiKey(document.getString("_id"), TenantId.of(document.getString("tenant")), Role.of(document.getString("role")),
                document.getString("name"), document.getString("secretHash"), document.getString("createdBy"),
                MongoDocuments.instant(document, "createdAt"), MongoDocuments.instant(document, "expiresAt"),
                MongoDocuments.instant(document, "revokedAt"), MongoDocuments.instant(document, "lastUsedAt"));
    }
}
