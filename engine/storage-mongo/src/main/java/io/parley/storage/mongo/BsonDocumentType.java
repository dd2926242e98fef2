package io.parley.storage.mongo;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import org.h2.mvstore.WriteBuffer;
import org.h2.mvstore.type.ObjectDataType;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The value type of the embedded server's collections: a document is stored as BSON (a tag byte
 * H2's {@link ObjectDataType} never writes, then the BSON bytes) instead of by Java serialisation,
 * which was measured at ≈3.5× the cost of BSON to write and ≈10× to read a 20-turn dialogue.
 * Values written by the default type (files from before this class) are still read by it.
 */
final class BsonDocumentType extends ObjectDataType {
    /** After the default type's tags, which end with byte arrays of length 0–15 at 104–119. */
    static final byte BSON_TAG = 127;

    /** The recent BSON sizes, like the default type keeps its serialised sizes. */
    private volatile int averageSize = 2048;

    /**
     * H2 sizes its pages (and accounts its cache) by this estimate. A document in the heap takes
     * several times its BSON size (a map entry per field, UTF-16 strings); counting only the BSON
     * size packed ≈4× more documents into a page, each rewritten whenever its page changes: JFR
     * showed page serialisation of documents rising by half.
     */
    @Override
    public int getMemory(Object value) {
        return value instanceof Document ? 4 * averageSize : super.getMemory(value);
    }

    @Override
    public void write(WriteBuffer buffer, Object value) {
        if (!(value instanceof Document document)) {
            super.write(buffer, value);
            return;
        }
        ByteBuf bson = Unpooled.buffer(averageSize + 256);
        try {
            BsonEncoder.encodeDocument(document, bson);
            int length = bson.readableBytes();
            buffer.put(BSON_TAG).put(bson.array(), bson.arrayOffset() + bson.readerIndex(), length);
            averageSize = (averageSize * 15 + length) / 16;
        } finally {
            bson.release();
        }
    }

    @Override
    public Object read(ByteBuffer buffer) {
        if (buffer.get(buffer.position()) != BSON_TAG) {
            return super.read(buffer);
        }
        int start = buffer.position() + 1;
        int length = buffer.duplicate().order(ByteOrder.LITTLE_ENDIAN).getInt(start); // BSON begins with its length
        Document document = BsonDecoder.decodeBson(Unpooled.wrappedBuffer(buffer.duplicate().position(start).limit(start + length)));
        buffer.position(start + length);
        return document;
    }
}
