package io.parley.workflow;

import io.parley.engine.api.TenantId;
import io.parley.engine.api.Dialogue;
import io.parley.engine.api.EvaluationResult;
import io.parley.engine.api.Evidence;
import io.parley.engine.api.Hit;
import io.parley.engine.api.Participant;
import io.parley.engine.api.RuleSetRef;
import io.parley.engine.api.Score;
import io.parley.engine.api.Turn;
import io.parley.engine.spi.storage.Storage;

import java.time.Instant;
import java.util.List;

/** Dialogues and their results, stored as the ingestor would store them, for workflows to pick up. */
final class ScoredDialogues {
    static final RuleSetRef PRESALE = new RuleSetRef("ecommerce-presale", 3);

    private ScoredDialogues() {
    }

    static Hit hit(String rule, double confidence) {
        return new Hit(rule, rule, "major", List.of(), List.of(new Evidence(1, "agent", List.of(0, 3), "不知道")),
                confidence);
    }

    static EvaluationResult result(String dialogueId, double score, String vetoedBy, List<Hit> hits) {
        return new EvaluationResult(dialogueId, PRESALE, hits,
                new Score("presale", score, score >= 80 ? "A" : "C", List.of(), vetoedBy), 3,
                Instant.parse("2026-11-11T02:00:00Z"));
    }

    /** Stores the dialogue (agent {@code agentId}) and its result; returns the result. */
    static EvaluationResult store(Storage storage, String dialogueId, String agentId, double score, String vetoedBy,
                                  Hit... hits) {
        return store(storage, TenantId.DEFAULT, dialogueId, agentId, score, vetoedBy, hits);
    }

    /** Stores a dialogue and its result in the tenant's storage. */
    static EvaluationResult store(Storage storage, TenantId tenant, String dialogueId, String agentId, double score,
                                  String vetoedBy, Hit... hits) {
        storage.tenant(tenant).dialogues().save(new Dialogue(dialogueId, "im", null, new Participant(agentId, "pre-sale"),
                new Participant("c-1", null), null,
                List.of(new Turn("customer", "这个能退吗"), new Turn("agent", "不知道，你自己去查")), null, null));
        EvaluationResult result = result(dialogueId, score, vetoedBy, List.of(hits));
        storage.tenant(tenant).results().save(result);
        return result;
    }
}
