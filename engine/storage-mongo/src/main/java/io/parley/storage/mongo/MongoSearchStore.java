package io.parley.storage.mongo;

import com.mongodb.client.FindIterable;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.MongoCursor;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Sorts;
import io.parley.engine.api.CheckpointResult;
import io.parley.engine.api.RuleSetRef;
import io.parley.engine.spi.storage.InvalidCursorException;
import io.parley.engine.spi.storage.ResultPage;
import io.parley.engine.spi.storage.ResultQuery;
import io.parley.engine.spi.storage.SearchStore;
import org.bson.Document;
import org.bson.conversions.Bson;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;

import static com.mongodb.client.model.Filters.and;
import static com.mongodb.client.model.Filters.eq;
import static com.mongodb.client.model.Filters.gt;
import static com.mongodb.client.model.Filters.gte;
import static com.mongodb.client.model.Filters.in;
import static com.mongodb.client.model.Filters.lt;
import static com.mongodb.client.model.Filters.lte;
import static com.mongodb.client.model.Filters.or;

/**
 * Searches the {@code results} collection, whose documents carry their dialogue's {@link SearchFields}.
 *
 * <p>Every filter but free text and review state is one query on the results: a page is that
 * query, after the cursor, sorted on (sort key, {@code _id}) and limited to one more than the page;
 * its total is a count of the same filter. On a real MongoDB the indexes {@link MongoResultStore}
 * creates answer the common ones (by time, agent, rule, score). The embedded server ignores
 * non-unique indexes: each of the two queries reads every result of the tenant (about 20 ms for
 * 20,000 results, docs/search.md), and sends back only the page, projected.
 *
 * <p>Free text and review state are what the results do not hold: the results matching the other
 * filters are streamed in order (projected to what a list shows), 512 at a time, and their
 * dialogues' turn texts are fetched by {@code _id} (an index lookup per dialogue on either server)
 * and matched here; review states come from one read of the verdicts of that kind. At most the
 * query's scan limit of results is examined for the page and as many for the count; past it the
 * page says {@code truncated}. Aggregates stream the matching results the same way, up to the scan
 * limit, newest first.
 */
final class MongoSearchStore implements SearchStore {
    private static final int BATCH = JsonDocuments.CURSOR_BATCH;
    private static final String DIALOGUE_ID = "dialogueId";
    private static final String EVALUATED_AT = "evaluatedAt";
    private static final String SEARCH_SCORE = SearchFields.SEARCH + "." + SearchFields.SCORE;
    private static final Bson ITEM_FIELDS = Projections.include(DIALOGUE_ID, "ruleset", EVALUATED_AT, "score.value",
            "score.grade", "hits.rule", "checkpoints.checkpoint", "checkpoints.status", SearchFields.SEARCH);
    private static final Bson AGGREGATE_FIELDS = Projections.include(DIALOGUE_ID, EVALUATED_AT, "score.value",
            "score.grade", "hits.rule", "hits.title", "hits.severity", SearchFields.SEARCH);
    private static final Bson COUNT_FIELDS = Projections.include(DIALOGUE_ID);

    private final MongoCollection<Document> results;
    private final MongoCollection<Document> dialogues;
    private final MongoCollection<Document> verdicts;

    MongoSearchStore(MongoCollection<Document> results, MongoCollection<Document> dialogues, MongoCollection<Document> verdicts) {
        this.results = results;
        this.dialogues = dialogues;
        this.verdicts = verdicts;
    }

    // ---- pages

    @Override
    public ResultPage search(ResultQuery query) {
        Position after = query.cursor() == null ? null : Position.decode(query.cursor(), query.sort());
        Bson filter = filter(query);
        Bson page = after == null ? filter : and(filter, after.condition(query.sort()));
        FindIterable<Document> candidates = results.find(page).sort(order(query.sort())).projection(ITEM_FIELDS);
        if (!query.needsJoin()) {
            List<Document> found = candidates.limit(query.limit() + 1).into(new ArrayList<>());
            boolean more = found.size() > query.limit();
            List<Document> items = more ? found.subList(0, query.limit()) : found;
            return new ResultPage(items.stream().map(MongoSearchStore::item).toList(),
                    more ? Position.of(items.getLast(), query.sort()).encode() : null,
                    results.countDocuments(filter), false, null);
        }
        Join join = new Join(query);
        List<Document> items = new ArrayList<>();
        Document[] lastExamined = {null};
        int[] examined = {0};
        boolean[] full = {false};
        boolean remaining = scan(candidates, join, (document, matches) -> {
            if (matches && items.size() == query.limit()) {
                full[0] = true;
                return false;
            }
            examined[0]++;
            lastExamined[0] = document;
            if (matches) {
                items.add(document);
            }
            return examined[0] < query.scanLimit();
        });
        boolean pageTruncated = !full[0] && remaining;
        String next = full[0] || pageTruncated ? Position.of(lastExamined[0], query.sort()).encode() : null;
        long[] total = {0};
        int[] counted = {0};
        boolean countTruncated = scan(results.find(filter).projection(COUNT_FIELDS), join, (document, matches) -> {
            counted[0]++;
            if (matches) {
                total[0]++;
            }
            return counted[0] < query.scanLimit();
        });
        boolean truncated = pageTruncated || countTruncated;
        return new ResultPage(items.stream().map(MongoSearchStore::item).toList(), next, total[0], truncated,
                truncated ? query.scanLimit() : null);
    }

    private static ResultPage.Item item(Document document) {
        Document ruleset = document.get("ruleset", Document.class);
        Document score = document.get("score", Document.class);
        Document search = document.get(SearchFields.SEARCH, Document.class);
        Number value = score == null ? null : score.get("value", Number.class);
        String startedAt = search == null ? null : search.getString(SearchFields.STARTED_AT);
        List<String> failed = document.getList("checkpoints", Document.class, List.of()).stream()
                .filter(checkpoint -> "failed".equals(checkpoint.getString("status")))
                .map(checkpoint -> checkpoint.getString("checkpoint")).toList();
        return new ResultPage.Item(document.getString(DIALOGUE_ID),
                ruleset == null ? null : new RuleSetRef(ruleset.getString("id"), ruleset.getInteger("version")),
                Instant.parse(document.getString(EVALUATED_AT)),
                search == null ? null : search.getString(SearchFields.AGENT),
                search == null ? null : search.getString(SearchFields.GROUP),
                search == null ? null : search.getString(SearchFields.CHANNEL),
                startedAt == null ? null : Instant.parse(startedAt),
                value == null ? null : value.doubleValue(), score == null ? null : score.getString("grade"),
                document.getList("hits", Document.class, List.of()).stream().map(hit -> hit.getString("rule")).toList(),
                failed);
    }

    // ---- aggregates

    @Override
    public Aggregates<RuleAggregate> perRule(ResultQuery query) {
        record Tally(String title, String severity, long[] hits, Set<String> dialogues) {
        }
        Map<String, Tally> rules = new HashMap<>();
        Set<String> allDialogues = new HashSet<>();
        long[] matched = {0};
        boolean truncated = aggregate(query, document -> {
            matched[0]++;
            String dialogueId = document.getString(DIALOGUE_ID);
            allDialogues.add(dialogueId);
            for (Document hit : document.getList("hits", Document.class, List.of())) {
                Tally tally = rules.computeIfAbsent(hit.getString("rule"),
                        rule -> new Tally(hit.getString("title"), hit.getString("severity"), new long[1], new HashSet<>()));
                tally.hits()[0]++;
                tally.dialogues().add(dialogueId);
            }
        });
        List<RuleAggregate> rows = rules.entrySet().stream()
                .map(entry -> new RuleAggregate(entry.getKey(), entry.getValue().title(), entry.getValue().severity(),
                        entry.getValue().hits()[0], entry.getValue().dialogues().size(),
                        (double) entry.getValue().dialogues().size() / allDialogues.size()))
                .sorted(Comparator.comparingLong(RuleAggregate::dialogues).reversed().thenComparing(RuleAggregate::rule))
                .toList();
        return new Aggregates<>(rows, matched[0], allDialogues.size(), truncated, truncated ? query.scanLimit() : null);
    }

    @Override
    public Aggregates<AgentAggregate> perAgent(ResultQuery query) {
        final class Tally {
            String group;
            String groupAt = "";
            final Set<String> dialogues = new HashSet<>();
            long results;
            long scored;
            double scoreSum;
            long hits;
            final Map<String, Long> hitsByRule = new TreeMap<>();
            final Map<String, Long> grades = new TreeMap<>();
        }
        Map<String, Tally> agents = new HashMap<>();
        Set<String> allDialogues = new HashSet<>();
        long[] matched = {0};
        boolean truncated = aggregate(query, document -> {
            matched[0]++;
            Document search = document.get(SearchFields.SEARCH, Document.class);
            String agent = search == null ? null : search.getString(SearchFields.AGENT);
            Tally tally = agents.computeIfAbsent(agent, id -> new Tally());
            String evaluatedAt = document.getString(EVALUATED_AT);
            if (evaluatedAt.compareTo(tally.groupAt) >= 0) {
                tally.groupAt = evaluatedAt;
                tally.group = search == null ? null : search.getString(SearchFields.GROUP);
            }
            tally.dialogues.add(document.getString(DIALOGUE_ID));
            allDialogues.add(document.getString(DIALOGUE_ID));
            tally.results++;
            Document score = document.get("score", Document.class);
            Number value = score == null ? null : score.get("value", Number.class);
            if (value != null) {
                tally.scored++;
                tally.scoreSum += value.doubleValue();
            }
            if (score != null && score.getString("grade") != null) {
                tally.grades.merge(score.getString("grade"), 1L, Long::sum);
            }
            for (Document hit : document.getList("hits", Document.class, List.of())) {
                tally.hits++;
                tally.hitsByRule.merge(hit.getString("rule"), 1L, Long::sum);
            }
        });
        List<AgentAggregate> rows = agents.entrySet().stream()
                .sorted(Map.Entry.comparingByKey(Comparator.nullsLast(Comparator.naturalOrder())))
                .map(entry -> {
                    Tally tally = entry.getValue();
                    return new AgentAggregate(entry.getKey(), tally.group, tally.dialogues.size(), tally.results,
                            tally.scored == 0 ? null : tally.scoreSum / tally.scored, tally.hits, tally.hitsByRule, tally.grades);
                })
                .toList();
        return new Aggregates<>(rows, matched[0], allDialogues.size(), truncated, truncated ? query.scanLimit() : null);
    }

    /** Feeds the matching results, newest first, up to the scan limit; returns whether it stopped there. */
    private boolean aggregate(ResultQuery query, Consumer<Document> matching) {
        Join join = new Join(query);
        int[] examined = {0};
        // Newest first, so that a scan stopped at the limit covers the newest results.
        FindIterable<Document> candidates = results.find(filter(query)).projection(AGGREGATE_FIELDS)
                .sort(order(ResultQuery.Sort.EVALUATED_AT_DESC));
        return scan(candidates, join, (document, matches) -> {
            examined[0]++;
            if (matches) {
                matching.accept(document);
            }
            return examined[0] < query.scanLimit();
        });
    }

    // ---- scanning with what the results do not hold

    @FunctionalInterface
    private interface Visitor {
        /** @return whether to go on */
        boolean visit(Document result, boolean matches);
    }

    /**
     * Streams the candidates in their order, a batch at a time whose dialogues are looked up
     * together, until the visitor stops; returns whether candidates remained after the last visited.
     */
    private static boolean scan(FindIterable<Document> candidates, Join join, Visitor visitor) {
        try (MongoCursor<Document> cursor = candidates.batchSize(BATCH).iterator()) {
            List<Document> batch = new ArrayList<>(BATCH);
            while (true) {
                batch.clear();
                while (batch.size() < BATCH && cursor.hasNext()) {
                    batch.add(cursor.next());
                }
                if (batch.isEmpty()) {
                    return false;
                }
                join.prepare(batch);
                for (int i = 0; i < batch.size(); i++) {
                    Document document = batch.get(i);
                    if (!visitor.visit(document, join.matches(document))) {
                        return i < batch.size() - 1 || cursor.hasNext();
                    }
                }
            }
        }
    }

    /** The filters the results cannot answer: free text over the dialogue's turns, review state from the verdicts. */
    private final class Join {
        private final String text;
        private final ResultQuery.ReviewState state;
        /** Dialogue id → whether one of its turns holds the text; filled batch by batch. */
        private final Map<String, Boolean> textMatches = new HashMap<>();
        /** The dialogues with a verdict of the state's kind; read on first use. */
        private Set<String> withVerdict;

        Join(ResultQuery query) {
            this.text = query.text() == null ? null : query.text().toLowerCase(Locale.ROOT);
            this.state = query.reviewState();
        }

        void prepare(List<Document> batch) {
            if (state != null && withVerdict == null) {
                withVerdict = new HashSet<>();
                verdicts.find(eq("kind", state.kind().name())).projection(Projections.include(DIALOGUE_ID))
                        .batchSize(BATCH).forEach(verdict -> withVerdict.add(verdict.getString(DIALOGUE_ID)));
            }
            if (text == null) {
                return;
            }
            Set<String> unknown = new HashSet<>();
            for (Document document : batch) {
                String id = document.getString(DIALOGUE_ID);
                if (!textMatches.containsKey(id)) {
                    unknown.add(id);
                }
            }
            if (unknown.isEmpty()) {
                return;
            }
            unknown.forEach(id -> textMatches.put(id, false));
            // _id alone in the filter: the embedded server answers it from its unique index.
            dialogues.find(in("_id", List.copyOf(unknown))).projection(Projections.include("turns.text"))
                    .batchSize(BATCH).forEach(dialogue -> textMatches.put(dialogue.getString("_id"),
                            dialogue.getList("turns", Document.class, List.of()).stream()
                                    .map(turn -> turn.getString("text"))
                                    .anyMatch(turnText -> turnText != null && turnText.toLowerCase(Locale.ROOT).contains(text))));
        }

        boolean matches(Document result) {
            String dialogueId = result.getString(DIALOGUE_ID);
            if (text != null && !textMatches.getOrDefault(dialogueId, false)) {
                return false;
            }
            return state == null || withVerdict.contains(dialogueId) == state.has();
        }
    }

    // ---- filters, order and cursors

    static Bson filter(ResultQuery query) {
        List<Bson> filters = new ArrayList<>();
        if (query.from() != null) {
            filters.add(gte(EVALUATED_AT, JsonDocuments.sortable(query.from())));
        }
        if (query.to() != null) {
            filters.add(lt(EVALUATED_AT, JsonDocuments.sortable(query.to())));
        }
        if (query.ruleset() != null) {
            filters.add(eq("ruleset.id", query.ruleset()));
        }
        if (query.rulesetVersion() != null) {
            filters.add(eq("ruleset.version", query.rulesetVersion()));
        }
        if (query.agentId() != null) {
            filters.add(eq(SearchFields.SEARCH + "." + SearchFields.AGENT, query.agentId()));
        }
        if (query.group() != null) {
            filters.add(eq(SearchFields.SEARCH + "." + SearchFields.GROUP, query.group()));
        }
        if (query.channel() != null) {
            filters.add(eq(SearchFields.SEARCH + "." + SearchFields.CHANNEL, query.channel()));
        }
        if (query.ruleHit() != null) {
            filters.add(eq("hits.rule", query.ruleHit()));
        }
        if (query.grade() != null) {
            filters.add(eq("score.grade", query.grade()));
        }
        if (query.minScore() != null) {
            filters.add(gte("score.value", query.minScore()));
        }
        if (query.maxScore() != null) {
            filters.add(lte("score.value", query.maxScore()));
        }
        if (query.checkpoint() != null) {
            filters.add(query.checkpointStatus() == null
                    ? eq("checkpoints.checkpoint", query.checkpoint())
                    : Filters.elemMatch("checkpoints", and(eq("checkpoint", query.checkpoint()),
                            eq("status", statusName(query.checkpointStatus())))));
        }
        return filters.isEmpty() ? new Document() : and(filters);
    }

    /** As the result's JSON names it. */
    static String statusName(CheckpointResult.Status status) {
        return status.name().toLowerCase(Locale.ROOT);
    }

    private static String sortField(ResultQuery.Sort sort) {
        return sort.byScore() ? SEARCH_SCORE : EVALUATED_AT;
    }

    private static Bson order(ResultQuery.Sort sort) {
        return sort.descending() ? Sorts.descending(sortField(sort), "_id") : Sorts.ascending(sortField(sort), "_id");
    }

    /**
     * Where a page ended: its last result's sort key and {@code _id}. In the API it is opaque:
     * base64url of {@code 1}, the sort's id, the key and the id, separated by line feeds.
     */
    record Position(ResultQuery.Sort sort, Object key, String id) {
        private static final String VERSION = "1";

        static Position of(Document document, ResultQuery.Sort sort) {
            Object key = sort.byScore()
                    ? document.getEmbedded(List.of(SearchFields.SEARCH, SearchFields.SCORE), Number.class).doubleValue()
                    : document.getString(EVALUATED_AT);
            return new Position(sort, key, document.getString("_id"));
        }

        String encode() {
            String plain = String.join("\n", VERSION, sort.id(), key.toString(), id);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(plain.getBytes(StandardCharsets.UTF_8));
        }

        static Position decode(String cursor, ResultQuery.Sort sort) {
            String plain;
            try {
                plain = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            } catch (IllegalArgumentException e) {
                throw new InvalidCursorException("the cursor is not one a page gave: not base64url");
            }
            String[] parts = plain.split("\n", 4);
            if (parts.length != 4 || !parts[0].equals(VERSION)) {
                throw new InvalidCursorException("the cursor is not one a page gave");
            }
            if (!parts[1].equals(sort.id())) {
                throw new InvalidCursorException("the cursor is from a page sorted by " + parts[1] + ", not " + sort.id()
                        + ": keep the sort while paging");
            }
            try {
                Object key = sort.byScore() ? (Object) Double.parseDouble(parts[2])
                        : JsonDocuments.sortable(Instant.parse(parts[2]));
                return new Position(sort, key, parts[3]);
            } catch (NumberFormatException | DateTimeParseException e) {
                throw new InvalidCursorException("the cursor is not one a page gave: its key is unreadable");
            }
        }

        /** The results after this position in the sort's order. */
        Bson condition(ResultQuery.Sort order) {
            String field = sortField(order);
            return order.descending()
                    ? or(lt(field, key), and(eq(field, key), lt("_id", id)))
                    : or(gt(field, key), and(eq(field, key), gt("_id", id)));
        }
    }
}
