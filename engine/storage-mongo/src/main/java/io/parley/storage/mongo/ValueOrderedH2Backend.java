package io.parley.storage.mongo;

import de.bwaldvogel.mongo.MongoCollection;
import de.bwaldvogel.mongo.MongoDatabase;
import de.bwaldvogel.mongo.backend.CollectionOptions;
import de.bwaldvogel.mongo.backend.CursorRegistry;
import de.bwaldvogel.mongo.backend.Index;
import de.bwaldvogel.mongo.backend.IndexKey;
import de.bwaldvogel.mongo.backend.KeyValue;
import de.bwaldvogel.mongo.backend.QueryResult;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.backend.h2.H2Collection;
import de.bwaldvogel.mongo.backend.h2.H2Database;
import de.bwaldvogel.mongo.exception.MongoServerError;
import de.bwaldvogel.mongo.wire.message.MongoQuery;
import io.netty.channel.Channel;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * mongo-java-server's H2 backend with unique indexes ordered by {@link KeyValueOrder} instead of
 * by Java serialisation, and documents stored as BSON ({@link BsonDocumentType}). Index maps written by the stock backend (data directories from before
 * this class) are re-inserted in the new order the first time they are opened; the names of the
 * maps already in the new order are kept in the map {@value #VALUE_ORDERED}. Open the store with
 * auto-commit disabled and commit after construction, so that a crash during that rebuild leaves
 * the file as it was.
 *
 * <p>Every connection must authenticate first ({@link WireAuthentication}): mongo-java-server hands
 * every command, with its connection, to {@link #handleCommand}, and the legacy OP_QUERY on a
 * collection to {@link #handleQuery}.
 *
 * <p>Once {@link #commitBeforeAcknowledging()} is called, every command that may write is answered
 * only after a commit covering it is on disk ({@link GroupCommitter}); read-only commands
 * ({@link #READ_ONLY}) are answered at once.
 */
final class ValueOrderedH2Backend extends H2Backend {
    private static final Logger log = LoggerFactory.getLogger(ValueOrderedH2Backend.class);
    /** Not under a database's prefix ({@code <db>.}), so that dropping a database leaves it alone. */
    static final String VALUE_ORDERED = "_parley.valueOrderedIndexes";
    private static final KeyValueOrder KEY_ORDER = new KeyValueOrder();
    private static final BsonDocumentType DOCUMENTS = new BsonDocumentType();

    /** Commands, in lower case, that never change the store: their answer does not wait for a commit. */
    static final Set<String> READ_ONLY = Set.of("find", "getmore", "killcursors", "count", "distinct",
            "listcollections", "listindexes", "listdatabases", "hello", "ismaster", "ping", "buildinfo",
            "saslstart", "saslcontinue", "endsessions", "dbstats", "collstats", "serverstatus", "getlasterror",
            "whatsmyuri", "getparameter", "connectionstatus", "getcmdlineopts", "hostinfo", "explain",
            "getlog", "currentop");

    private final WireAuthentication authentication;
    private final MVStore store;
    private volatile GroupCommitter committer;

    ValueOrderedH2Backend(MVStore store, ScramSha256 credentials) {
        super(store);
        this.store = store;
        this.authentication = new WireAuthentication(credentials);
    }

    /**
     * From now on, a write is acknowledged only once committed and synced to the file. Call after
     * the store's first commit, with H2's own background writer off.
     */
    void commitBeforeAcknowledging() {
        committer = new GroupCommitter(store);
    }

    @Override
    public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
        Document answer = authentication.handleCommand(channel, databaseName, command, query, super::handleCommand);
        GroupCommitter groupCommitter = committer;
        if (groupCommitter != null && mayWrite(command, query)) {
            try {
                groupCommitter.awaitDurable();
            } catch (IllegalStateException e) {
                // The write is in memory only: the client must not take it as stored.
                throw new MongoServerError(COMMIT_FAILED, "CommitFailed", e.getMessage());
            }
        }
        return answer;
    }

    /** The error code the client sees when a write could not be committed (a Parley-specific code). */
    static final int COMMIT_FAILED = 91_001;

    static boolean mayWrite(String command, Document query) {
        String name = command.toLowerCase(Locale.ROOT);
        if (name.equals("aggregate")) {
            Object pipeline = query.get("pipeline");
            return pipeline != null && (pipeline.toString().contains("$out") || pipeline.toString().contains("$merge"));
        }
        return !READ_ONLY.contains(name);
    }

    /** The store's commit failure, or null while writes are committed. */
    RuntimeException commitFailure() {
        GroupCommitter groupCommitter = committer;
        return groupCommitter == null ? null : groupCommitter.failure();
    }

    @Override
    public void close() {
        GroupCommitter groupCommitter = committer;
        if (groupCommitter != null) {
            groupCommitter.close();
        }
        super.close();
    }

    /**
     * A legacy OP_QUERY on a collection, which no current driver sends. Refused before
     * authentication by closing the connection (mongo-java-server's answer to any error here).
     */
    @Override
    public QueryResult handleQuery(MongoQuery query) {
        if (!authentication.isAuthenticated(query.getChannel())) {
            throw new MongoServerError(WireAuthentication.UNAUTHORIZED, "Unauthorized", "query requires authentication");
        }
        return super.handleQuery(query);
    }

    @Override
    protected MongoDatabase openOrCreateDatabase(String databaseName) {
        return new ValueOrderedDatabase(databaseName);
    }

    /** An inner class: the super constructor opens the indexes, before any field of a subclass is set. */
    private final class ValueOrderedDatabase extends H2Database {
        ValueOrderedDatabase(String databaseName) {
            super(databaseName, getMvStore(), getCursorRegistry());
        }

        /**
         * As the stock H2Database opens a collection, with documents stored as BSON
         * ({@link BsonDocumentType}) and no running total of their size ({@link UnsizedH2Collection}).
         */
        @Override
        protected MongoCollection<Object> openOrCreateCollection(String collectionName, CollectionOptions options) {
            String namespace = getFullCollectionNamespace(collectionName);
            MVMap<Object, Document> documents = getMvStore().openMap("databases." + namespace,
                    new MVMap.Builder<Object, Document>().valueType(DOCUMENTS));
            MVMap<String, Object> meta = getMvStore().openMap("meta." + namespace);
            return new UnsizedH2Collection(this, collectionName, options, documents, meta, getCursorRegistry());
        }

        @Override
        protected Index<Object> openOrCreateUniqueIndex(String collectionName, String indexName, List<IndexKey> keys,
                                                        boolean sparse) {
            // The map name the stock H2Database gives an index.
            String mapName = getFullCollectionNamespace(collectionName) + "._index_" + indexName;
            return new ValueOrderedUniqueIndex(openIndexMap(getMvStore(), mapName), indexName, keys, sparse);
        }
    }

    static MVMap<KeyValue, Object> openIndexMap(MVStore store, String mapName) {
        MVMap<String, Boolean> valueOrdered = store.openMap(VALUE_ORDERED);
        MVMap.Builder<KeyValue, Object> builder = new MVMap.Builder<KeyValue, Object>().keyType(KEY_ORDER);
        if (store.hasMap(mapName) && !valueOrdered.containsKey(mapName)) {
            MVMap<Object, Object> serialisationOrdered = store.openMap(mapName);
            List<Map.Entry<Object, Object>> entries = new ArrayList<>(serialisationOrdered.size());
            serialisationOrdered.forEach((key, position) -> entries.add(Map.entry(key, position)));
            store.removeMap(serialisationOrdered);
            MVMap<KeyValue, Object> rebuilt = store.openMap(mapName, builder);
            entries.forEach(entry -> rebuilt.put((KeyValue) entry.getKey(), entry.getValue()));
            log.info("re-ordered index {} ({} keys) by value", mapName, entries.size());
        }
        MVMap<KeyValue, Object> map = store.openMap(mapName, builder);
        valueOrdered.put(mapName, Boolean.TRUE);
        return map;
    }

    /**
     * A collection that does not keep the running total of its documents' BSON size (the
     * {@code size} and {@code avgObjSize} of {@code collStats}, which Parley never asks for): the
     * stock collection BSON-encodes every inserted and updated document once more only to measure
     * it, ≈5 % of the full path's CPU in a JFR profile. The total stays as it was before.
     */
    private static final class UnsizedH2Collection extends H2Collection {
        UnsizedH2Collection(MongoDatabase database, String collectionName, CollectionOptions options,
                            MVMap<Object, Document> documents, MVMap<String, Object> meta, CursorRegistry cursors) {
            super(database, collectionName, options, documents, meta, cursors);
        }

        @Override
        protected boolean tracksDataSize() {
            return false;
        }
    }
}
