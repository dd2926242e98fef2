package io.parley.storage.mongo;

import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.bson.ObjectId;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.ObjectDataType;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * The key type of the embedded server's unique indexes: ordered by value, and stored as BSON
 * values (keys written by H2's default {@link ObjectDataType}, in files from before this class,
 * are still read).
 *
 * <p>The default type orders a {@link KeyValue}, which is not {@code Comparable}, by its Java
 * serialisation, and serialises both keys on every comparison of a B-tree search: profiled with
 * JFR, that was two thirds of the server's time on an insert. Here the values are compared
 * element by element: strings, numbers, booleans and object ids by their natural order, values of
 * different classes by class name, anything else by its serialisation. Two keys compare equal
 * exactly when their elements serialise equally, as before, so uniqueness means what it meant;
 * only the order of the entries in the map changes (see {@link ValueOrderedH2Backend} for files
 * written in the old order).
 */
final class KeyValueOrder extends ObjectDataType {
    /** Next to {@link BsonDocumentType#BSON_TAG}: a key stored as its BSON values. */
    static final byte KEY_TAG = 126;

    /**
     * A key is written as its values in BSON (tag, length, count, then type and value of each)
     * rather than by Java serialisation, which H2 otherwise runs for every key of every index page
     * it writes or reads back. A key holding something BSON cannot say is written the default way.
     */
    @Override
    public void write(WriteBuffer buffer, Object value) {
        if (!(value instanceof KeyValue key)) {
            super.write(buffer, value);
            return;
        }
        ByteBuf bson = Unpooled.buffer(64);
        try {
            bson.writeByte(key.size());
            for (Object element : key) {
                byte type = BsonEncoder.determineType(element);
                bson.writeByte(type);
                BsonEncoder.encodeValue(type, element, bson);
            }
        } catch (RuntimeException | StackOverflowError notBson) {
            bson.release();
            super.write(buffer, value);
            return;
        }
        try {
            int length = bson.readableBytes();
            buffer.put(KEY_TAG).putInt(length).put(bson.array(), bson.arrayOffset() + bson.readerIndex(), length);
        } finally {
            bson.release();
        }
    }

    @Override
    public Object read(ByteBuffer buffer) {
        if (buffer.get(buffer.position()) != KEY_TAG) {
            return super.read(buffer);
        }
        buffer.get();
        int length = buffer.getInt();
        ByteBuf bson = Unpooled.wrappedBuffer(buffer.duplicate().limit(buffer.position() + length));
        buffer.position(buffer.position() + length);
        int count = bson.readUnsignedByte();
        List<Object> values = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            values.add(BsonDecoder.decodeValue(bson.readByte(), bson));
        }
        return new KeyValue(values);
    }

    @Override
    public int compare(Object a, Object b) {
        if (a instanceof KeyValue left && b instanceof KeyValue right) {
            int common = Math.min(left.size(), right.size());
            for (int i = 0; i < common; i++) {
                int order = compareValues(left.get(i), right.get(i));
                if (order != 0) {
                    return order;
                }
            }
            return Integer.compare(left.size(), right.size());
        }
        return super.compare(a, b);
    }

    static int compareValues(Object a, Object b) {
        if (a == b) {
            return 0;
        }
        if (a == null || b == null) {
            return a == null ? -1 : 1;
        }
        if (a.getClass() != b.getClass()) {
            return a.getClass().getName().compareTo(b.getClass().getName());
        }
        return switch (a) {
            case String text -> text.compareTo((String) b);
            case Integer number -> number.compareTo((Integer) b);
            case Long number -> number.compareTo((Long) b);
            case Double number -> number.compareTo((Double) b);
            case Boolean flag -> flag.compareTo((Boolean) b);
            case ObjectId id -> id.compareTo((ObjectId) b);
            default -> compareNotNull(serialize(a), serialize(b));
        };
    }
}
