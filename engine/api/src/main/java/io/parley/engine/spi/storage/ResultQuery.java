package io.parley.engine.spi.storage;

import com.fasterxml.jackson.annotation.JsonProperty;
import io.parley.engine.api.CheckpointResult;

import java.time.Instant;

/**
 * What {@link SearchStore} lists, counts or aggregates: the tenant's evaluation results (one per
 * dialogue and rule-set version, so a dialogue evaluated under two versions is listed twice unless
 * {@code ruleset} names one), each filter optional (null) and all of them combined with AND.
 * docs/search.md describes the same filters as the HTTP API's query parameters.
 *
 * @param from             evaluation time ({@code evaluatedAt}) at or after this instant
 * @param to               evaluation time before this instant
 * @param ruleset          the rule set's id
 * @param rulesetVersion   one version of it (needs {@code ruleset})
 * @param agentId          the dialogue's agent participant id
 * @param group            the agent participant's group
 * @param channel          the dialogue's channel
 * @param ruleHit          a rule that fired (its id)
 * @param grade            the scorecard's grade
 * @param minScore         score at least this (results without a score never match a score bound)
 * @param maxScore         score at most this
 * @param checkpoint       a checkpoint (or SOP stage) id the result has …
 * @param checkpointStatus … with this status (any status when null; needs {@code checkpoint})
 * @param reviewState      what people did about the dialogue, from its stored verdicts
 * @param text             a case-insensitive substring of any of the dialogue's turn texts
 * @param sort             the order of {@link SearchStore#search} pages; ignored by aggregates
 * @param limit            items per page, 1 to {@value #MAX_LIMIT}; ignored by aggregates
 * @param cursor           {@link ResultPage#nextCursor()} of the previous page of the same query, or null for the first
 * @param scanLimit        the most results the store examines itself for one call where the server cannot
 *                         filter (free text, review state, aggregates); past it the answer says {@code truncated}
 */
public record ResultQuery(Instant from, Instant to, String ruleset, Integer rulesetVersion, String agentId, String group,
                          String channel, String ruleHit, String grade, Double minScore, Double maxScore,
                          String checkpoint, CheckpointResult.Status checkpointStatus, ReviewState reviewState,
                          String text, Sort sort, int limit, String cursor, int scanLimit) {
    public static final int DEFAULT_LIMIT = 50;
    public static final int MAX_LIMIT = 500;
    public static final int DEFAULT_SCAN_LIMIT = 100_000;

    /** The order of a page; ties are broken by an internal key, so pages never skip or repeat an item. */
    public enum Sort {
        @JsonProperty("-evaluatedAt") EVALUATED_AT_DESC("-evaluatedAt"),
        @JsonProperty("evaluatedAt") EVALUATED_AT_ASC("evaluatedAt"),
        /** Highest score first; results without a score come last. */
        @JsonProperty("-score") SCORE_DESC("-score"),
        /** Lowest score first; results without a score come first. */
        @JsonProperty("score") SCORE_ASC("score");

        private final String id;

        Sort(String id) {
            this.id = id;
        }

        /** As the API writes it: {@code -evaluatedAt} (the default), {@code evaluatedAt}, {@code -score}, {@code score}. */
        public String id() {
            return id;
        }

        public boolean descending() {
            return id.startsWith("-");
        }

        public boolean byScore() {
            return this == SCORE_DESC || this == SCORE_ASC;
        }
    }

    /**
     * Whether the dialogue has a verdict ({@link VerdictStore}) of a kind, whatever its rule-set
     * version: states are not exclusive (a reviewed dialogue that was appealed is both).
     */
    public enum ReviewState {
        /** No review verdict yet. */
        @JsonProperty("unreviewed") UNREVIEWED(null),
        @JsonProperty("reviewed") REVIEWED(VerdictStore.Kind.REVIEW),
        @JsonProperty("appealed") APPEALED(VerdictStore.Kind.APPEAL),
        @JsonProperty("arbitrated") ARBITRATED(VerdictStore.Kind.ARBITRATION),
        /** A scoring workflow settled its final score. */
        @JsonProperty("final") FINAL(VerdictStore.Kind.FINAL);

        private final VerdictStore.Kind kind;

        ReviewState(VerdictStore.Kind kind) {
            this.kind = kind;
        }

        /** The kind of verdict the dialogue has ({@link #REVIEWED} …), or for {@link #UNREVIEWED} lacks: {@link VerdictStore.Kind#REVIEW}. */
        public VerdictStore.Kind kind() {
            return kind == null ? VerdictStore.Kind.REVIEW : kind;
        }

        /** Whether the state means having a verdict of {@link #kind()} (else: lacking one). */
        public boolean has() {
            return kind != null;
        }

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /** @throws IllegalArgumentException naming the component that is out of range */
    public ResultQuery {
        if (sort == null) {
            sort = Sort.EVALUATED_AT_DESC;
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new IllegalArgumentException("limit must be 1 to " + MAX_LIMIT + ", not " + limit);
        }
        if (scanLimit < 1) {
            throw new IllegalArgumentException("scanLimit must be at least 1, not " + scanLimit);
        }
        if (from != null && to != null && !from.isBefore(to)) {
            throw new IllegalArgumentException("from (" + from + ") must be before to (" + to + ")");
        }
        if (minScore != null && maxScore != null && minScore > maxScore) {
            throw new IllegalArgumentException("minScore (" + minScore + ") is above maxScore (" + maxScore + ")");
        }
        if (rulesetVersion != null && ruleset == null) {
            throw new IllegalArgumentException("rulesetVersion needs ruleset");
        }
        if (checkpointStatus != null && checkpoint == null) {
            throw new IllegalArgumentException("checkpointStatus needs checkpoint");
        }
        if (text != null && text.isEmpty()) {
            text = null;
        }
    }

    /** Every result, newest first, {@value #DEFAULT_LIMIT} a page. */
    public static ResultQuery all() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.from = from;
        b.to = to;
        b.ruleset = ruleset;
        b.rulesetVersion = rulesetVersion;
        b.agentId = agentId;
        b.group = group;
        b.channel = channel;
        b.ruleHit = ruleHit;
        b.grade = grade;
        b.minScore = minScore;
        b.maxScore = maxScore;
        b.checkpoint = checkpoint;
        b.checkpointStatus = checkpointStatus;
        b.reviewState = reviewState;
        b.text = text;
        b.sort = sort;
        b.limit = limit;
        b.cursor = cursor;
        b.scanLimit = scanLimit;
        return b;
    }

    /** The same query, for the page after the one that gave this cursor. */
    public ResultQuery after(String nextCursor) {
        return toBuilder().cursor(nextCursor).build();
    }

    /** Whether a filter needs the dialogue's turns or the verdicts, which the results do not hold. */
    public boolean needsJoin() {
        return text != null || reviewState != null;
    }

    public static final class Builder {
        private Instant from;
        private Instant to;
        private String ruleset;
        private Integer rulesetVersion;
        private String agentId;
        private String group;
        private String channel;
        private String ruleHit;
        private String grade;
        private Double minScore;
        private Double maxScore;
        private String checkpoint;
        private CheckpointResult.Status checkpointStatus;
        private ReviewState reviewState;
        private String text;
        private Sort sort = Sort.EVALUATED_AT_DESC;
        private int limit = DEFAULT_LIMIT;
        private String cursor;
        private int scanLimit = DEFAULT_SCAN_LIMIT;

        private Builder() {
        }

        /** Evaluated in {@code [from, to)}; either may be null. */
        public Builder evaluated(Instant from, Instant to) {
            this.from = from;
            this.to = to;
            return this;
        }

        public Builder ruleset(String id) {
            this.ruleset = id;
            this.rulesetVersion = null;
            return this;
        }

        public Builder ruleset(String id, Integer version) {
            this.ruleset = id;
            this.rulesetVersion = version;
            return this;
        }

        public Builder agentId(String agentId) {
            this.agentId = agentId;
            return this;
        }

        public Builder group(String group) {
            this.group = group;
            return this;
        }

        public Builder channel(String channel) {
            this.channel = channel;
            return this;
        }

        public Builder ruleHit(String rule) {
            this.ruleHit = rule;
            return this;
        }

        public Builder grade(String grade) {
            this.grade = grade;
            return this;
        }

        /** Scores in {@code [min, max]}; either may be null. */
        public Builder score(Double min, Double max) {
            this.minScore = min;
            this.maxScore = max;
            return this;
        }

        public Builder checkpoint(String id, CheckpointResult.Status status) {
            this.checkpoint = id;
            this.checkpointStatus = status;
            return this;
        }

        public Builder reviewState(ReviewState state) {
            this.reviewState = state;
            return this;
        }

        public Builder text(String text) {
            this.text = text;
            return this;
        }

        public Builder sort(Sort sort) {
            this.sort = sort;
            return this;
        }

        public Builder limit(int limit) {
            this.limit = limit;
            return this;
        }

        public Builder cursor(String cursor) {
            this.cursor = cursor;
            return this;
        }

        public Builder scanLimit(int scanLimit) {
            this.scanLimit = scanLimit;
            return this;
        }

        /** @throws IllegalArgumentException as {@link ResultQuery#ResultQuery} does */
        public ResultQuery build() {
            return new ResultQuery(from, to, ruleset, rulesetVersion, agentId, group, channel, ruleHit, grade, minScore,
                    maxScore, checkpoint, checkpointStatus, reviewState, text, sort, limit, cursor, scanLimit);
        }
    }
}
