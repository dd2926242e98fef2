package io.parley.plugins.js;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.engine.api.Dialogue;
import io.parley.engine.api.Evidence;
import io.parley.engine.api.Hit;
import io.parley.engine.api.Score;
import io.parley.engine.api.Turn;
import io.parley.engine.api.facts.SignalFact;

import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * What scripts are shown, as JSON the sandbox parses into deeply frozen JS values. These records
 * are the allow-list: a field not named here never reaches a script (no participants, no
 * {@code startedAt}, no speaker ids).
 */
final class ScriptViews {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ScriptViews() {
    }

    record DialogueView(String id, String channel, List<TurnView> turns, Map<String, Object> attributes,
                        OutcomeView outcome, List<SignalView> signals) {
    }

    /** {@code at}/{@code end} as ISO-8601 with offset, {@code atMillis}/{@code endMillis} as epoch millis; null when unknown. */
    record TurnView(int index, String role, String text, String at, String end, Long atMillis, Long endMillis) {
    }

    record OutcomeView(Boolean converted, Integer satisfaction) {
    }

    record SignalView(String kind, String name, String term, int turn, String role, int start, int end, String text) {
    }

    record HitView(String rule, String severity, List<String> tags, List<EvidenceView> evidence) {
    }

    record EvidenceView(int turn, String role, String text) {
    }

    record StandardView(double value, String grade, String vetoedBy, List<ItemView> breakdown) {
    }

    record ItemView(String item, double points) {
    }

    /** What a scoring function is called with, parsed at once: {@code {dialogue, hits, standard}}. */
    record ScoringView(DialogueView dialogue, List<HitView> hits, StandardView standard) {
    }

    static String dialogue(Dialogue dialogue, List<SignalFact> signals) {
        return json(dialogueView(dialogue, signals));
    }

    static String scoring(Dialogue dialogue, List<Hit> hits, Score standard) {
        List<HitView> hitViews = hits.stream().map(hit -> new HitView(hit.rule(), hit.severity(), hit.tags(),
                hit.evidence().stream().map(ScriptViews::evidenceView).toList())).toList();
        StandardView standardView = new StandardView(standard.value(), standard.grade(), standard.vetoedBy(),
                standard.breakdown().stream().map(item -> new ItemView(item.item(), item.points())).toList());
        return json(new ScoringView(dialogueView(dialogue, List.of()), hitViews, standardView));
    }

    private static DialogueView dialogueView(Dialogue dialogue, List<SignalFact> signals) {
        List<Turn> turns = dialogue.turns();
        List<TurnView> turnViews = new ArrayList<>(turns.size());
        for (int i = 0; i < turns.size(); i++) {
            Turn turn = turns.get(i);
            turnViews.add(new TurnView(i, turn.role(), turn.text(), iso(turn.at()), iso(turn.end()),
                    millis(turn.at()), millis(turn.end())));
        }
        OutcomeView outcome = dialogue.outcome() == null ? null
                : new OutcomeView(dialogue.outcome().converted(), dialogue.outcome().satisfaction());
        List<SignalView> signalViews = signals.stream().map(signal -> new SignalView(signal.getKind(), signal.getName(),
                signal.getTerm(), signal.getTurn(), signal.getRole(), signal.getStart(), signal.getEnd(),
                signal.getText())).toList();
        return new DialogueView(dialogue.id(), dialogue.channel(), turnViews, dialogue.attributes(), outcome, signalViews);
    }

    private static EvidenceView evidenceView(Evidence evidence) {
        return new EvidenceView(evidence.turn(), evidence.role(), evidence.text());
    }

    private static String iso(OffsetDateTime time) {
        return time == null ? null : DateTimeFormatter.ISO_OFFSET_DATE_TIME.format(time);
    }

    private static Long millis(OffsetDateTime time) {
        return time == null ? null : time.toInstant().toEpochMilli();
    }

    private static String json(Object view) {
        try {
            return JSON.writeValueAsString(view);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the script view as JSON", e);
        }
    }
}
