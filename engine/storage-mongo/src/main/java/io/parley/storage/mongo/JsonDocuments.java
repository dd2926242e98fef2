package io.parley.storage.mongo;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.util.TokenBuffer;
import io.parley.engine.api.json.CanonicalJson;
import org.bson.BsonBinaryWriter;
import org.bson.BsonDocument;
import org.bson.codecs.BsonDocumentCodec;
import org.bson.codecs.EncoderContext;
import org.bson.Document;
import org.bson.RawBsonDocument;
import org.bson.io.BasicOutputBuffer;

import java.io.IOException;
import java.io.UncheckedIOException;

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
    private static final BsonDocumentCodec DOCUMENT_CODEC = new BsonDocumentCodec();

    private JsonDocuments() {
    }

    static String sortable(Instant instant) {
        return SORTABLE_INSTANT.format(instant);
    }

    /**
     * Streams one JSON object, as Jackson wrote it, into a BSON document without building a tree in
     * between: {@code first} are written before its fields, {@code last} after them, and a
     * top-level field named in {@code replaced} gets the value given there instead of its own.
     * Numbers map as they always have: 32-bit integers to int32, 64-bit to int64, anything else to
     * a double (as in JavaScript).
     */
    static RawBsonDocument toBson(JsonFactory factory, byte[] json, List<Map.Entry<String, String>> first,
                                  Map<String, String> replaced, List<Map.Entry<String, String>> last) {
        try (JsonParser parser = factory.createParser(json)) {
            return toBson(parser, json.length + json.length / 4 + 256, first, replaced, last, null);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable JSON from Jackson", e);
        }
    }

    /** As {@link #toBson(JsonFactory, byte[], List, Map, List)}, from a value's tokens ({@link CanonicalJson#tokens}). */
    static RawBsonDocument toBson(TokenBuffer tokens, List<Map.Entry<String, String>> first,
                                  Map<String, String> replaced, List<Map.Entry<String, String>> last) {
        return toBson(tokens, first, replaced, last, null);
    }

    /** As {@link #toBson(TokenBuffer, List, Map, List)}, then {@code appended}'s name and document, if given. */
    static RawBsonDocument toBson(TokenBuffer tokens, List<Map.Entry<String, String>> first,
                                  Map<String, String> replaced, List<Map.Entry<String, String>> last,
                                  Map.Entry<String, BsonDocument> appended) {
        try (JsonParser parser = tokens.asParser()) {
            return toBson(parser, 4096, first, replaced, last, appended);
        } catch (IOException e) {
            throw new UncheckedIOException("unreadable tokens from Jackson", e);
        }
    }

    private static RawBsonDocument toBson(JsonParser parser, int sizeHint, List<Map.Entry<String, String>> first,
                                          Map<String, String> replaced, List<Map.Entry<String, String>> last,
                                          Map.Entry<String, BsonDocument> appended) throws IOException {
        BasicOutputBuffer out = new BasicOutputBuffer(sizeHint);
        try (BsonBinaryWriter writer = new BsonBinaryWriter(out)) {
            if (parser.nextToken() != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("not a JSON object");
            }
            writer.writeStartDocument();
            first.forEach(field -> writer.writeString(field.getKey(), field.getValue()));
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String name = parser.currentName();
                parser.nextToken();
                writer.writeName(name);
                String replacement = replaced.get(name);
                if (replacement != null) {
                    parser.skipChildren();
                    writer.writeString(replacement);
                } else {
                    copyValue(parser, writer);
                }
            }
            last.forEach(field -> writer.writeString(field.getKey(), field.getValue()));
            if (appended != null) {
                writer.writeName(appended.getKey());
                DOCUMENT_CODEC.encode(writer, appended.getValue(), EncoderContext.builder().isEncodingCollectibleDocument(false).build());
            }
            writer.writeEndDocument();
        }
        return new RawBsonDocument(out.getInternalBuffer(), 0, out.getPosition());
    }

    private static void copyValue(JsonParser parser, BsonBinaryWriter writer) throws IOException {
        switch (parser.currentToken()) {
            case START_OBJECT -> {
                writer.writeStartDocument();
                while (parser.nextToken() == JsonToken.FIELD_NAME) {
                    writer.writeName(parser.currentName());
                    parser.nextToken();
                    copyValue(parser, writer);
                }
                writer.writeEndDocument();
            }
            case START_ARRAY -> {
                writer.writeStartArray();
                while (parser.nextToken() != JsonToken.END_ARRAY) {
                    copyValue(parser, writer);
                }
                writer.writeEndArray();
            }
            case VALUE_STRING -> writer.writeString(parser.getText());
            case VALUE_TRUE, VALUE_FALSE -> writer.writeBoolean(parser.getBooleanValue());
            case VALUE_NULL -> writer.writeNull();
            // Tokens keep a number's Java type where JSON text keeps only its digits: both map by value,
            // as the JSON text would (a long that fits 32 bits is int32, a float is its decimal text).
            case VALUE_NUMBER_INT -> {
                switch (parser.getNumberType()) {
                    case INT -> writer.writeInt32(parser.getIntValue());
                    case LONG -> {
                        long value = parser.getLongValue();
                        if (value == (int) value) {
                            writer.writeInt32((int) value);
                        } else {
                            writer.writeInt64(value);
                        }
                    }
                    default -> writer.writeDouble(parser.getDoubleValue());
                }
            }
            case VALUE_NUMBER_FLOAT -> writer.writeDouble(parser.getNumberType() == JsonParser.NumberType.FLOAT
                    ? Double.parseDouble(parser.getText()) : parser.getDoubleValue());
            default -> throw new IllegalArgumentException("not a JSON value: " + parser.currentToken());
        }
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
