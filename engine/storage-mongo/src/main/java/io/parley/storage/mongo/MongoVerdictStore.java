package io.parley.storage.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.IndexOptions;
import com.mongodb.client.model.Indexes;
import com.mongodb.client.model.ReplaceOptions;
import com.mongodb.client.model.Sorts;
import io.parley.engine.api.RuleSetRef;
import io.parley.engine.spi.storage.VerdictStore;
import org.bson.Document;
import org.bson.types.ObjectId;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.Consumer;

import static com.mongodb.client.model.Filters.eq;

/**
 * Collection {@code verdicts}: one document per decision, {@code _id} = the verdict id, with
 * {@code kind}, {@code dialogueId}, {@code ruleset} {@code {id, version}}, {@code agentId},
 * {@code actor}, {@code hits} {@code [{rule, confirmed}]}, {@code score}, {@code upheld},
 * {@code reason}, {@code decidedAt} (fixed-width UTC, so that string order is time order) and
 * {@code saved} (an ObjectId that orders verdicts of one instant as they were saved).
 */
final class MongoVerdictStore implements VerdictStore {
    static final String COLLECTION = "verdicts";
    private static final String KIND = "kind";
    private static final String DIALOGUE_ID = "dialogueId";
    private static final String RULESET = "ruleset";
    private static final String AGENT_ID = "agentId";
    private static final String ACTOR = "actor";
    private static final String HITS = "hits";
    private static final String SCORE = "score";
    private static final String UPHELD = "upheld";
    private static final String REASON = "reason";
    private static final String DECIDED_AT = "decidedAt";
    /** An ObjectId set on every save: orders verdicts of the same instant as they were saved. */
    private static final String SAVED = "saved";

    private final MongoCollection<Document> collection;

    MongoVerdictStore(MongoCollection<Document> collection) {
        this.collection = collection;
        collection.createIndex(Indexes.ascending(DIALOGUE_ID, DECIDED_AT), new IndexOptions().name("dialogueId_decidedAt"));
        collection.createIndex(Indexes.ascending(KIND, DECIDED_AT), new IndexOptions().name("kind_decidedAt"));
    }

    @Override
    public void save(Verdict verdict) {
        Objects.requireNonNull(verdict.id(), "id");
        Objects.requireNonNull(verdict.kind(), "kind");
        Objects.requireNonNull(verdict.dialogueId(), "dialogueId");
        Objects.requireNonNull(verdict.decidedAt(), "decidedAt");
        collection.replaceOne(eq("_id", verdict.id()), toDocument(verdict), new ReplaceOptions().upsert(true));
    }

    @Override
    public List<Verdict> forDialogue(String dialogueId) {
        return collection.find(eq(DIALOGUE_ID, dialogueId)).sort(Sorts.ascending(DECIDED_AT, SAVED))
                .map(MongoVerdictStore::toVerdict).into(new ArrayList<>());
    }

    @Override
    public void forEach(Kind kind, Instant from, Instant to, Consumer<Verdict> action) {
        collection.find(Filters.and(eq(KIND, kind.name()), Filters.gte(DECIDED_AT, JsonDocuments.sortable(from)),
                        Filters.lt(DECIDED_AT, JsonDocuments.sortable(to))))
                .sort(Sorts.ascending(DECIDED_AT, SAVED))
                .forEach(document -> action.accept(toVerdict(document)));
    }

    @Override
    public long count(Kind kind) {
        return collection.countDocuments(eq(KIND, kind.name()));
    }

    private static Document toDocument(Verdict verdict) {
        List<Document> hits = verdict.hits().stream()
                .map(hit -> new Document("rule", hit.rule()).append("confirmed", hit.confirmed())).toList();
        Document ruleset = verdict.ruleset() == null ? null
                : new Document("id", verdict.ruleset().id()).append("version", verdict.ruleset().version());
        return new Document("_id", verdict.id()).append(KIND, verdict.kind().name())
                .append(DIALOGUE_ID, verdict.dialogueId()).append(RULESET, ruleset).append(AGENT_ID, verdict.agentId())
                .append(ACTOR, verdict.actor()).append(HITS, hits).append(SCORE, verdict.score())
                .append(UPHELD, verdict.upheld()).append(REASON, verdict.reason())
                .append(DECIDED_AT, JsonDocuments.sortable(verdict.decidedAt())).append(SAVED, new ObjectId());
    }

    private static Verdict toVerdict(Document document) {
        Document ruleset = document.get(RULESET, Document.class);
        List<HitVerdict> hits = document.getList(HITS, Document.class, List.of()).stream()
                .map(hit -> new HitVerdict(hit.getString("rule"), hit.getBoolean("confirmed"))).toList();
        Number score = document.get(SCORE, Number.class);
        return new Verdict(document.getString("_id"), Kind.valueOf(document.getString(KIND)),
                document.getString(DIALOGUE_ID),
                ruleset == null ? null : new RuleSetRef(ruleset.getString("id"), ruleset.getInteger("version")),
                document.getString(AGENT_ID), document.getString(ACTOR), hits,
                score == null ? null : score.doubleValue(), document.getBoolean(UPHELD), document.getString(REASON),
                Instant.parse(document.getString(DECIDED_AT)));
    }
}
