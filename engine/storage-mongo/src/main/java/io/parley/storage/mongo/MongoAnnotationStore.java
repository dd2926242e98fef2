package io.parley.storage.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.ReplaceOneModel;
import com.mongodb.client.model.ReplaceOptions;
import io.parley.engine.api.facts.SignalFact;
import io.parley.engine.spi.storage.AnnotationStore;
import org.bson.Document;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.in;

/**
 * Collection {@code annotations}: {@code _id} is {@code <dialogue id> <key>} (so an upsert needs
 * only the id index), with {@code dialogueId}, {@code contentHash}, {@code key} and
 * {@code signals}, each a document with the signal's fields.
 */
final class MongoAnnotationStore implements AnnotationStore {
    static final String COLLECTION = "annotations";
    private static final ReplaceOptions UPSERT = new ReplaceOptions().upsert(true);

    private final MongoCollection<Document> collection;

    MongoAnnotationStore(MongoCollection<Document> collection) {
        this.collection = collection;
    }

    @Override
    public void saveAll(List<Annotation> annotations) {
        if (annotations.isEmpty()) {
            return;
        }
        collection.bulkWrite(annotations.stream().map(annotation -> {
            String id = id(annotation.dialogueId(), annotation.key());
            return new ReplaceOneModel<>(eq("_id", id), toDocument(id, annotation), UPSERT);
        }).toList(), new BulkWriteOptions().ordered(true));
    }

    @Override
    public Map<String, Map<String, Annotation>> find(Collection<String> dialogueIds, Collection<String> keys) {
        Map<String, Map<String, Annotation>> found = new HashMap<>();
        if (dialogueIds.isEmpty() || keys.isEmpty()) {
            return found;
        }
        // By _id, the one index the embedded server uses for $in: a query on dialogueId would scan the collection.
        List<String> ids = dialogueIds.stream().flatMap(dialogueId -> keys.stream().map(key -> id(dialogueId, key))).toList();
        collection.find(in("_id", ids)).forEach(document -> {
            Annotation annotation = toAnnotation(document);
            found.computeIfAbsent(annotation.dialogueId(), id -> new HashMap<>()).put(annotation.key(), annotation);
        });
        return found;
    }

    private static String id(String dialogueId, String key) {
        return dialogueId + " " + key;
    }

    private static Document toDocument(String id, Annotation annotation) {
        return new Document("_id", id).append("dialogueId", annotation.dialogueId())
                .append("contentHash", annotation.contentHash()).append("key", annotation.key())
                .append("signals", annotation.signals().stream().map(signal -> new Document("kind", signal.getKind())
                        .append("name", signal.getName()).append("term", signal.getTerm()).append("turn", signal.getTurn())
                        .append("role", signal.getRole()).append("roleIndex", signal.getRoleIndex())
                        .append("start", signal.getStart()).append("end", signal.getEnd()).append("text", signal.getText())
                        .append("score", signal.getScore()).append("model", signal.getModel())).toList());
    }

    private static Annotation toAnnotation(Document document) {
        List<SignalFact> signals = document.getList("signals", Document.class).stream().map(signal -> new SignalFact(
                signal.getString("kind"), signal.getString("name"), signal.getString("term"), signal.getInteger("turn"),
                signal.getString("role"), signal.getInteger("roleIndex"), signal.getInteger("start"), signal.getInteger("end"),
                signal.getString("text"), signal.getDouble("score"), signal.getString("model"))).toList();
        return new Annotation(document.getString("dialogueId"), document.getString("contentHash"), document.getString("key"), signals);
    }
}
