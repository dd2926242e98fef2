package io.parley.http.routes;

import io.parley.engine.api.CheckpointResult;
import io.parley.engine.api.TenantId;
import io.parley.engine.api.security.Permission;
import io.parley.engine.api.security.Principal;
import io.parley.engine.spi.storage.InvalidCursorException;
import io.parley.engine.spi.storage.ResultPage;
import io.parley.engine.spi.storage.ResultQuery;
import io.parley.engine.spi.storage.SearchStore;
import io.parley.engine.spi.storage.SearchStore.Aggregates;
import io.parley.engine.spi.storage.TenantStorage;
import io.parley.http.HttpProblem;
import io.parley.http.Reply;
import io.parley.http.Request;
import io.parley.http.RouteModule;
import io.parley.http.Routes;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Listing, searching and aggregating a tenant's results with their dialogues ({@link SearchStore}):
 * {@code GET /api/v1/dialogues} and {@code GET /api/v1/results/aggregates}, both for callers who may
 * read dialogues. An agent's query is held to their own agent id: another agent's results do not
 * exist for them. Every bad parameter is a 400 naming it; parameters are described in docs/search.md.
 */
public final class SearchRoutes implements RouteModule {
    static final String LIST = "/api/v1/dialogues";
    static final String AGGREGATES = "/api/v1/results/aggregates";
    private static final List<String> FILTERS = List.of("from", "to", "ruleset", "agent", "group", "channel", "rule",
            "grade", "minScore", "maxScore", "checkpoint", "checkpointStatus", "reviewState", "q");
    private static final Set<String> LIST_PARAMETERS = union(FILTERS, List.of("sort", "limit", "cursor"));
    private static final Set<String> AGGREGATE_PARAMETERS = union(FILTERS, List.of("by"));

    private final Function<TenantId, TenantStorage> tenants;

    /** @param tenants each caller's tenant's storage */
    public SearchRoutes(Function<TenantId, TenantStorage> tenants) {
        this.tenants = tenants;
    }

    @Override
    public void register(Routes routes) {
        routes.get(LIST, Permission.DIALOGUES_READ, this::list)
                .get(AGGREGATES, Permission.DIALOGUES_READ, this::aggregates)
                .mapError(InvalidCursorException.class, e -> bad("cursor", "?cursor: " + e.getMessage()
                        + "; pass a page's nextCursor unchanged, or leave it out for the first page"));
    }

    private Reply list(Request request) {
        refuseUnknown(request, LIST_PARAMETERS);
        ResultQuery.Builder query = filters(request);
        query.sort(parse(request, "sort", value -> Arrays.stream(ResultQuery.Sort.values())
                .filter(sort -> sort.id().equals(value)).findFirst().orElseThrow(), "-evaluatedAt, evaluatedAt, -score or score")
                .orElse(ResultQuery.Sort.EVALUATED_AT_DESC));
        int limit = parse(request, "limit", Integer::parseInt, "a whole number from 1 to " + ResultQuery.MAX_LIMIT)
                .orElse(ResultQuery.DEFAULT_LIMIT);
        if (limit < 1 || limit > ResultQuery.MAX_LIMIT) {
            throw bad("limit", "?limit must be 1 to " + ResultQuery.MAX_LIMIT + ", not " + limit);
        }
        query.limit(limit);
        request.query("cursor").ifPresent(cursor -> {
            if (cursor.isBlank()) {
                throw bad("cursor", "?cursor is empty: pass a page's nextCursor, or leave it out for the first page");
            }
            query.cursor(cursor);
        });
        Optional<ResultQuery> built = build(request, query);
        if (built.isEmpty()) {
            return Reply.of(200, new ResultPage(List.of(), null, 0, false, null));
        }
        return Reply.of(200, tenants.apply(request.tenant()).search().search(built.get()));
    }

    private Reply aggregates(Request request) {
        refuseUnknown(request, AGGREGATE_PARAMETERS);
        String by = request.requiredQuery("by", "rule or agent");
        if (!by.equals("rule") && !by.equals("agent")) {
            throw bad("by", "?by must be rule or agent, not '" + by + "'");
        }
        Optional<ResultQuery> query = build(request, filters(request));
        Aggregates<?> aggregates;
        if (query.isEmpty()) {
            aggregates = new Aggregates<>(List.of(), 0, 0, false, null);
        } else {
            SearchStore search = tenants.apply(request.tenant()).search();
            aggregates = by.equals("rule") ? search.perRule(query.get()) : search.perAgent(query.get());
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("by", by);
        request.query("from").ifPresent(from -> body.put("from", query.map(ResultQuery::from).orElse(null)));
        request.query("to").ifPresent(to -> body.put("to", query.map(ResultQuery::to).orElse(null)));
        body.put("results", aggregates.results());
        body.put("dialogues", aggregates.dialogues());
        body.put("truncated", aggregates.truncated());
        if (aggregates.scanLimit() != null) {
            body.put("scanLimit", aggregates.scanLimit());
        }
        body.put("rows", aggregates.rows());
        return Reply.of(200, body);
    }

    /** The filters every route shares, read and checked one by one. */
    private static ResultQuery.Builder filters(Request request) {
        ResultQuery.Builder query = ResultQuery.builder();
        Instant from = parse(request, "from", SearchRoutes::instant, "an ISO-8601 instant such as 2026-11-11T00:00:00Z").orElse(null);
        Instant to = parse(request, "to", SearchRoutes::instant, "an ISO-8601 instant such as 2026-11-12T00:00:00+08:00").orElse(null);
        if (from != null && to != null && !from.isBefore(to)) {
            throw bad("to", "?to (" + to + ") must be after ?from (" + from + ")");
        }
        query.evaluated(from, to);
        text(request, "ruleset").ifPresent(ruleset -> {
            int at = ruleset.lastIndexOf('@');
            if (at < 0) {
                query.ruleset(ruleset);
                return;
            }
            try {
                int version = Integer.parseInt(ruleset.substring(at + 1));
                if (at == 0 || version < 1) {
                    throw new NumberFormatException();
                }
                query.ruleset(ruleset.substring(0, at), version);
            } catch (NumberFormatException e) {
                throw bad("ruleset", "?ruleset must be a rule-set id, or id@version with a version from 1, not '" + ruleset + "'");
            }
        });
        text(request, "agent").ifPresent(query::agentId);
        text(request, "group").ifPresent(query::group);
        text(request, "channel").ifPresent(query::channel);
        text(request, "rule").ifPresent(query::ruleHit);
        text(request, "grade").ifPresent(query::grade);
        Double min = parse(request, "minScore", SearchRoutes::number, "a number").orElse(null);
        Double max = parse(request, "maxScore", SearchRoutes::number, "a number").orElse(null);
        if (min != null && max != null && min > max) {
            throw bad("maxScore", "?maxScore (" + max + ") is below ?minScore (" + min + ")");
        }
        query.score(min, max);
        Optional<String> checkpoint = text(request, "checkpoint");
        Optional<CheckpointResult.Status> status = parse(request, "checkpointStatus",
                value -> CheckpointResult.Status.valueOf(value.toUpperCase(Locale.ROOT)), "passed, failed or not_applicable");
        if (status.isPresent() && checkpoint.isEmpty()) {
            throw bad("checkpointStatus", "?checkpointStatus needs ?checkpoint, the checkpoint it is the status of");
        }
        checkpoint.ifPresent(id -> query.checkpoint(id, status.orElse(null)));
        parse(request, "reviewState", value -> Arrays.stream(ResultQuery.ReviewState.values())
                .filter(state -> state.id().equals(value)).findFirst().orElseThrow(),
                "unreviewed, reviewed, appealed, arbitrated or final").ifPresent(query::reviewState);
        text(request, "q").ifPresent(query::text);
        return query;
    }

    /**
     * The query as the caller may ask it: an agent's is held to their own agent id; empty when an
     * agent asks for another agent's (or has no agent id), whose results do not exist for them.
     */
    private static Optional<ResultQuery> build(Request request, ResultQuery.Builder query) {
        Principal caller = request.principal();
        if (caller.role().seesOnlyOwn()) {
            Optional<String> asked = text(request, "agent");
            if (caller.agentId() == null || asked.isPresent() && !asked.get().equals(caller.agentId())) {
                return Optional.empty();
            }
            query.agentId(caller.agentId());
        }
        return Optional.of(query.build());
    }

    private static void refuseUnknown(Request request, Set<String> known) {
        for (String name : new TreeSet<>(request.queryNames())) {
            if (!known.contains(name)) {
                throw bad(name, "unknown query parameter ?" + name + "; this route takes " + known.stream().sorted()
                        .map(parameter -> "?" + parameter).collect(Collectors.joining(", ")));
            }
        }
    }

    private static Optional<String> text(Request request, String name) {
        return request.query(name).map(value -> {
            if (value.isBlank()) {
                throw bad(name, "?" + name + " is empty: leave it out to not filter on it");
            }
            return value;
        });
    }

    private static <T> Optional<T> parse(Request request, String name, Function<String, T> parser, String expected) {
        return text(request, name).map(value -> {
            try {
                return parser.apply(value.trim());
            } catch (RuntimeException e) {
                throw bad(name, "?" + name + " must be " + expected + ", not '" + value + "'");
            }
        });
    }

    private static Instant instant(String text) {
        // An offset's '+' sent unescaped in a query string arrives as a space.
        String value = text.replace(' ', '+');
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            return OffsetDateTime.parse(value).toInstant();
        }
    }

    private static Double number(String value) {
        double number = Double.parseDouble(value);
        if (!Double.isFinite(number)) {
            throw new NumberFormatException(value);
        }
        return number;
    }

    private static HttpProblem bad(String name, String message) {
        return HttpProblem.badRequest(message).with("field", "?" + name);
    }

    private static Set<String> union(List<String> first, List<String> second) {
        return Set.copyOf(java.util.stream.Stream.concat(first.stream(), second.stream()).toList());
    }
}
