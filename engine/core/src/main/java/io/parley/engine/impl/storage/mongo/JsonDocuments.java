package io.parley.engine.impl.storage.mongo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.bson.Document;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Converts between Parley's JSON (as {@code ParleyJson} writes it) and BSON documents, so stored
 * documents read like the API's JSON. Walked by hand rather than through extended JSON, which would
 * give keys such as {@code $date} in free-form attributes a special meaning.
 */
final class JsonDocuments {
    /** Documents per cursor batch when streaming a collection (see {@link MongoDialogueStore#forEach}). */
    static final int CURSOR_BATCH = 512;

    /**
     * Stored timestamps are UTC strings of fixed width (nine fraction digits), so that string order
     * is time order: {@code latest()} sorts on them. Jackson reads them back as ordinary ISO instants.
     */
    private static final DateTimeFormatter SORTABLE_INSTANT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSSSSS'Z'").withZone(ZoneOffset.UTC);

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private JsonDocuments() {
    }

    static String sortable(Instant instant) {
        return SORTABLE_INSTANT.format(instant);
    }

    static Document toDocument(JsonNode object) {
        Document document = new Document();
        object.properties().forEach(field -> document.append(field.getKey(), toBson(field.getValue())));
        return document;
    }

    private static Object toBson(JsonNode value) {
        return switch (value.getNodeType()) {
            case OBJECT -> toDocument(value);
            case ARRAY -> {
                List<Object> items = new ArrayList<>(value.size());
                value.forEach(item -> items.add(toBson(item)));
                yield items;
            }
            case STRING -> value.textValue();
            case BOOLEAN -> value.booleanValue();
            // An integer beyond 64 bits becomes a double, as it would in JavaScript.
            case NUMBER -> value.isInt() ? (Object) value.intValue()
                    : value.isIntegralNumber() && value.canConvertToLong() ? (Object) value.longValue()
                    : (Object) value.doubleValue();
            case NULL -> null;
            default -> throw new IllegalArgumentException("not a JSON value: " + value.getNodeType());
        };
    }

    /** The document as JSON, without the fields Parley keeps beside the payload (such as {@code _id}). */
    static ObjectNode toJson(Document document, List<String> bookkeeping) {
        ObjectNode object = NODES.objectNode();
        document.forEach((key, value) -> {
            if (!bookkeeping.contains(key)) {
                object.set(key, toNode(value));
            }
        });
        return object;
    }

    private static JsonNode toNode(Object value) {
        return switch (value) {
            case null -> NODES.nullNode();
            case Map<?, ?> map -> {
                ObjectNode object = NODES.objectNode();
                map.forEach((key, item) -> object.set((String) key, toNode(item)));
                yield object;
            }
            case List<?> list -> {
                ArrayNode array = NODES.arrayNode(list.size());
                list.forEach(item -> array.add(toNode(item)));
                yield array;
            }
            case String text -> NODES.textNode(text);
            case Boolean flag -> NODES.booleanNode(flag);
            case Integer number -> NODES.numberNode(number);
            case Long number -> NODES.numberNode(number);
            case Double number -> NODES.numberNode(number);
            default -> throw new IllegalStateException("unexpected stored value of type " + value.getClass().getName()
                    + ": Parley's collections hold only JSON values");
        };
    }
}
