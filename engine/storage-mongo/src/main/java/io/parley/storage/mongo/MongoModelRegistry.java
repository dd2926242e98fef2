package io.parley.storage.mongo;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.mongodb.ErrorCategory;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.Sorts;
import io.parley.engine.api.model.ModelFile;
import io.parley.engine.api.model.RegisteredModel;
import io.parley.engine.api.json.CanonicalJson;
import io.parley.engine.api.json.ParleyJson;
import io.parley.engine.spi.storage.ModelRegistry;
import org.bson.Document;
import org.bson.RawBsonDocument;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;

/**
 * Collection {@code models}: one document per (id, version), shaped like the API's JSON for a
 * {@link RegisteredModel}, {@code registeredAt} in the fixed-width UTC form so that string order
 * is time order.
 */
final class MongoModelRegistry implements ModelRegistry {
    static final String COLLECTION = "models";
    private static final String ID = "id";
    private static final String VERSION = "version";
    private static final String REGISTERED_AT = "registeredAt";
    private static final List<String> BOOKKEEPING = List.of("_id");

    private final ObjectMapper json = ParleyJson.mapper();
    private final MongoCollection<Document> collection;

    MongoModelRegistry(MongoCollection<Document> collection) {
        this.collection = collection;
        collection.createIndex(Indexes.ascending(ID, VERSION), new IndexOptions().unique(true).name("id_version_unique"));
    }

    @Override
    public RegisteredModel register(RegisteredModel model) {
        Optional<RegisteredModel> stored = find(model.id(), model.version());
        if (stored.isPresent()) {
            return unchanged(stored.get(), model);
        }
        RegisteredModel registered = model.withRegisteredAt(Instant.now());
        try {
            collection.withDocumentClass(RawBsonDocument.class).insertOne(JsonDocuments.toBson(CanonicalJson.tokens(registered),
                    List.of(), Map.of(REGISTERED_AT, JsonDocuments.sortable(registered.registeredAt())), List.of()));
            return registered;
        } catch (MongoWriteException e) {
            if (e.getError().getCategory() != ErrorCategory.DUPLICATE_KEY) {
                throw e;
            }
            // Registered by someone else between our read and our insert: same rule as above.
            return unchanged(find(model.id(), model.version()).orElseThrow(() -> e), model);
        }
    }

    private static RegisteredModel unchanged(RegisteredModel stored, RegisteredModel offered) {
        if (!stored.sameFiles(offered)) {
            throw new IllegalStateException("model " + stored.ref() + " is already registered (" + stored.registeredAt()
                    + ", from " + stored.source() + ") with other files: " + difference(stored.files(), offered.files())
                    + "; versions are immutable: give the changed model a new version");
        }
        return stored;
    }

    /** "tokenizer.json: sha256 5f3a…→9c1e…", one entry per file that differs, by name. */
    private static String difference(List<ModelFile> before, List<ModelFile> after) {
        Map<String, ModelFile> was = before.stream().collect(Collectors.toMap(ModelFile::name, Function.identity()));
        Map<String, ModelFile> now = after.stream().collect(Collectors.toMap(ModelFile::name, Function.identity()));
        TreeSet<String> names = new TreeSet<>(was.keySet());
        names.addAll(now.keySet());
        List<String> changes = new ArrayList<>();
        for (String name : names) {
            ModelFile old = was.get(name);
            ModelFile changed = now.get(name);
            if (old == null) {
                changes.add(name + " is new");
            } else if (changed == null) {
                changes.add(name + " is missing");
            } else if (!old.equals(changed)) {
                changes.add(name + " sha256 " + old.sha256().substring(0, 12) + "… (" + old.size() + " bytes) → "
                        + changed.sha256().substring(0, 12) + "… (" + changed.size() + " bytes)");
            }
        }
        return String.join(", ", changes);
    }

    @Override
    public Optional<RegisteredModel> find(String id, String version) {
        return Optional.ofNullable(collection.find(and(eq(ID, id), eq(VERSION, version))).first()).map(this::toModel);
    }

    @Override
    public List<RegisteredModel> versions(String id) {
        return collection.find(eq(ID, id)).sort(Sorts.ascending(REGISTERED_AT)).map(this::toModel).into(new ArrayList<>());
    }

    @Override
    public List<RegisteredModel> all() {
        return collection.find().sort(Sorts.ascending(ID, REGISTERED_AT)).map(this::toModel).into(new ArrayList<>());
    }

    private RegisteredModel toModel(Document document) {
        try {
            return json.treeToValue(JsonDocuments.toJson(document, BOOKKEEPING), RegisteredModel.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("stored model " + document.get(ID) + "@" + document.get(VERSION)
                    + " cannot be read: " + e.getOriginalMessage(), e);
        }
    }
}
