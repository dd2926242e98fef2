package io.parley.storage.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import io.parley.engine.api.TenantId;
import io.parley.engine.api.security.Role;
import io.parley.engine.spi.storage.UserStore;
import org.bson.Document;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static com.mongodb.client.model.Filters.eq;

/** Collection {@code users}: {@code _id} is the user name, then {@code tenant}, {@code role}, {@code passwordHash}, {@code createdAt}. */
final class MongoUserStore implements UserStore {
    static final String COLLECTION = "users";
    private final MongoCollection<Document> collection;

    MongoUserStore(MongoCollection<Document> collection) {
        this.collection = collection;
        collection.createIndex(Indexes.ascending("tenant", "_id"), new IndexOptions().name("tenant_name"));
    }

    @Override
    public boolean create(User user) {
        return MongoDocuments.insertUnlessTaken(collection, toDocument(user));
    }

    @Override
    public void update(User user) {
        collection.replaceOne(eq("_id", user.name()), toDocument(user));
    }

    @Override
    public Optional<User> find(String name) {
        return Optional.ofNullable(collection.find(eq("_id", name)).first()).map(MongoUserStore::toUser);
    }

    @Override
    public List<User> forTenant(TenantId tenant) {
        return collection.find(eq("tenant", tenant.value())).sort(Sorts.ascending("_id"))
                .map(MongoUserStore::toUser).into(new ArrayList<>());
    }

    private static Document toDocument(User user) {
        return new Document("_id", user.name()).append("tenant", user.tenant().value()).append("role", user.role().id())
                .append("passwordHash", user.passwordHash()).append("createdAt", MongoDocuments.date(user.createdAt()));
    }

    private static User toUser(Document document) {
        return new User(document.getString("_id"), TenantId.of(document.getString("tenant")), Role.of(document.getString("role")),
                document.getString("passwordHash"), MongoDocuments.instant(document, "createdAt"));
    }
}
