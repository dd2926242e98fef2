package io.parley.storage.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Sorts;
import io.parley.engine.api.TenantId;
import io.parley.engine.spi.storage.TenantStore;
import org.bson.Document;

import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Optional;

import static com.mongodb.client.model.Filters.eq;

/** Collection {@code tenants}: {@code _id} is the tenant id, then {@code name} and {@code createdAt}. */
final class MongoTenantStore implements TenantStore {
    static final String COLLECTION = "tenants";
    private final MongoCollection<Document> collection;

    MongoTenantStore(MongoCollection<Document> collection) {
        this.collection = collection;
    }

    @Override
    public boolean create(Tenant tenant) {
        return MongoDocuments.insertUnlessTaken(collection, new Document("_id", tenant.id().value())
                .append("name", tenant.name()).append("createdAt", Date.from(tenant.createdAt())));
    }

    @Override
    public Optional<Tenant> find(TenantId id) {
        return Optional.ofNullable(collection.find(eq("_id", id.value())).first()).map(MongoTenantStore::toTenant);
    }

    @Override
    public List<Tenant> all() {
        return collection.find().sort(Sorts.ascending("_id")).map(MongoTenantStore::toTenant).into(new ArrayList<>());
    }

    private static Tenant toTenant(Document document) {
        return new Tenant(TenantId.of(document.getString("_id")), document.getString("name"),
                document.getDate("createdAt").toInstant());
    }
}
