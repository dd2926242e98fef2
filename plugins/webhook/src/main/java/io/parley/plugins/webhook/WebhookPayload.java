package io.parley.plugins.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.parley.engine.api.EvaluationResult;

import java.util.Optional;
import java.util.Set;

/**
 * The JSON body of one delivery:
 * <pre>{@code
 * {"event": "evaluation", "deliveryId": "<uuid>", "dialogueId": "jd-20261111-000123",
 *  "ruleset": {"id": "ecommerce-presale", "version": 3}, "evaluatedAt": "2026-11-11T02:05:00Z",
 *  "hits": [{"rule", "title", "severity", "tags", "evidence": [{"turn", "role", "span", "text"}], "confidence"}],
 *  "score": {"scorecard", "value", "grade", "breakdown": [{"item", "points"}], "vetoedBy"}}
 * }</pre>
 * {@code hits} is present when the {@code hits} event is subscribed, {@code score} (null for a
 * rule set without a scorecard) when {@code score} is.
 */
final class WebhookPayload {
    /** What a subscriber wants to hear about. */
    enum Event {
        /** Results with at least one hit, with their hits. */
        HITS("hits"),
        /** Every scored result, with its score. */
        SCORE("score");

        final String configName;

        Event(String configName) {
            this.configName = configName;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Set<Event> events;

    WebhookPayload(Set<Event> events) {
        this.events = Set.copyOf(events);
    }

    /** The body to send, or empty when no subscribed event applies to this result. */
    Optional<String> body(EvaluationResult result, String deliveryId) {
        boolean hasHits = events.contains(Event.HITS) && !result.hits().isEmpty();
        boolean hasScore = events.contains(Event.SCORE) && result.score() != null;
        if (!hasHits && !hasScore) {
            return Optional.empty();
        }
        ObjectNode body = JSON.createObjectNode()
                .put("event", "evaluation")
                .put("deliveryId", deliveryId)
                .put("dialogueId", result.dialogueId());
        body.putObject("ruleset").put("id", result.ruleset().id()).put("version", result.ruleset().version());
        body.put("evaluatedAt", result.evaluatedAt() == null ? null : result.evaluatedAt().toString());
        if (events.contains(Event.HITS)) {
            body.set("hits", JSON.valueToTree(result.hits()));
        }
        if (events.contains(Event.SCORE)) {
            body.set("score", JSON.valueToTree(result.score()));
        }
        try {
            return Optional.of(JSON.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a JSON tree always serialises", e);
        }
    }
}
