package io.parley.engine.spi.storage;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.parley.engine.api.RuleSetRef;

import java.time.Instant;
import java.util.List;

/**
 * One page of {@link SearchStore#search}.
 *
 * @param items      at most the query's limit, in its order
 * @param nextCursor where the next page starts ({@link ResultQuery#after}), or null on the last page
 * @param total      how many results match the query, whatever the page; a lower bound when {@code truncated}
 * @param truncated  whether the store stopped examining results at the query's scan limit: {@code total}
 *                   counts only the matches among those examined, and a page may hold fewer items than the
 *                   limit although more may match after {@code nextCursor}
 * @param scanLimit  the query's scan limit, when {@code truncated}; else null
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ResultPage(List<Item> items, String nextCursor, long total, boolean truncated, Integer scanLimit) {
    public ResultPage {
        items = List.copyOf(items);
    }

    /**
     * One result as a list shows it, with what it is filtered on.
     *
     * @param agentId           the dialogue's agent id when the result was stored (null without an agent)
     * @param startedAt         when the dialogue started, if it says
     * @param score             null when the rule set has no scorecard
     * @param rules             the ids of the rules that fired, in the result's order
     * @param failedCheckpoints the ids of the checkpoints (and SOP stages) that failed
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Item(String dialogueId, RuleSetRef ruleset, Instant evaluatedAt, String agentId, String group,
                       String channel, Instant startedAt, Double score, String grade, List<String> rules,
                       List<String> failedCheckpoints) {
        public Item {
            rules = rules == null ? List.of() : List.copyOf(rules);
            failedCheckpoints = failedCheckpoints == null ? List.of() : List.copyOf(failedCheckpoints);
        }
    }
}
