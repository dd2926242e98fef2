package io.parley.engine.spi.storage;

import com.fasterxml.jackson.annotation.JsonInclude;

import java.util.List;
import java.util.Map;

/**
 * Lists, counts and aggregates one tenant's evaluation results ({@link TenantStorage#results()},
 * not shadow results) with the dialogue each was about: by time, agent, group, channel, rule hit,
 * grade, score, checkpoint, review state and free text ({@link ResultQuery}). The agent, group,
 * channel and start time are those of the dialogue when its result was stored (an updated dialogue
 * is evaluated again, which stores them anew). docs/search.md has the speed and the limits.
 */
public interface SearchStore {

    /**
     * One page of the results matching the query, in its sort order. Pages follow each other through
     * {@link ResultPage#nextCursor()}: none is skipped or repeated while results are only added;
     * a result evaluated again moves to its new place.
     *
     * @throws InvalidCursorException when the cursor is not one this store gave for the query's sort
     */
    ResultPage search(ResultQuery query);

    /**
     * Per rule that fired on the results matching the query (its sort, limit and cursor are
     * ignored), most dialogues hit first, then by rule id.
     */
    Aggregates<RuleAggregate> perRule(ResultQuery query);

    /** Per agent of the results matching the query, by agent id (results without an agent last, as a null agent). */
    Aggregates<AgentAggregate> perAgent(ResultQuery query);

    /**
     * Rows over the results matching a query.
     *
     * @param results   how many results matched (of those examined)
     * @param dialogues how many dialogues they are about
     * @param truncated whether more results matched than the query's scan limit: the rows cover only the
     *                  first {@code scanLimit} results examined, newest first
     * @param scanLimit the query's scan limit, when {@code truncated}; else null
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record Aggregates<T>(List<T> rows, long results, long dialogues, boolean truncated, Integer scanLimit) {
        public Aggregates {
            rows = List.copyOf(rows);
        }
    }

    /**
     * One rule.
     *
     * @param hits      results in which it fired
     * @param dialogues distinct dialogues in which it fired
     * @param share     {@code dialogues} over all dialogues matched, 0 to 1
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record RuleAggregate(String rule, String title, String severity, long hits, long dialogues, double share) {
    }

    /**
     * One agent.
     *
     * @param group      the agent's group on their latest result (null when none said)
     * @param dialogues  distinct dialogues
     * @param results    results (more than dialogues when some were evaluated under several versions)
     * @param meanScore  the mean of the scored results' scores; null when none has a score
     * @param hits       rule hits over all the results
     * @param hitsByRule hits per rule id
     * @param grades     results per grade
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    record AgentAggregate(String agentId, String group, long dialogues, long results, Double meanScore, long hits,
                          Map<String, Long> hitsByRule, Map<String, Long> grades) {
        public AgentAggregate {
            hitsByRule = Map.copyOf(hitsByRule);
            grades = Map.copyOf(grades);
        }
    }
}
