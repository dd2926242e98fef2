package io.parley.storage.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.parley.engine.api.TenantId;
import io.parley.engine.api.security.Role;
import io.parley.engine.spi.storage.SessionStore;
import org.bson.Document;

import java.time.Instant;
import java.util.Optional;

import static com.mongodb.client.model.Filters.eq;

/** Collection {@code sessions}: {@code _id} is the hash of the session's token, then its user, tenant, role, CSRF token and times. */
final class MongoSessionStore implements SessionStore {
    static final String COLLECTION = "sessions";
    private final MongoCollection<Document> collection;

    MongoSessionStore(MongoCollection<Document> collection) {
        this.collection = collection;
    }

    @Override
    public void create(Session session) {
        collection.insertOne(new Document("_id", session.tokenHash()).append("user", session.user())
                .append("tenant", session.tenant().value()).append("role", session.role().id()).append("csrfToken", session.csrfToken())
                .append("createdAt", MongoDocuments.date(session.createdAt())).append("lastSeenAt", MongoDocuments.date(session.lastSeenAt())));
    }

    @Override
    public Optional<Session> find(String tokenHash) {
        return Optional.ofNullable(collection.find(eq("_id", tokenHash)).first()).map(document -> new Session(
                document.getString("_id"), document.getString("user"), TenantId.of(document.getString("tenant")),
                Role.of(document.getString("role")), document.getString("csrfToken"),
                MongoDocuments.instant(document, "createdAt"), MongoDocuments.instant(document, "lastSeenAt")));
    }

    @Override
    public void touch(String tokenHash, Instant seenAt) {
        collection.updateOne(eq("_id", tokenHash), Updates.set("lastSeenAt", MongoDocuments.date(seenAt)));
    }

    @Override
    public void delete(String tokenHash) {
        collection.deleteOne(eq("_id", tokenHash));
    }

    @Override
    public long deleteIdleSince(Instant before) {
        return collection.deleteMany(Filters.lt("lastSeenAt", MongoDocuments.date(before))).getDeletedCount();
    }
}
