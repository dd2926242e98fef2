package io.parley.plugins.js;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.parley.engine.api.Dialogue;
import io.parley.engine.api.Evidence;
import io.parley.engine.api.Hit;
import io.parley.engine.api.Score;
import io.parley.engine.api.Turn;
import io.parley.engine.api.facts.SignalFact;
import io.parley.engine.spi.plugin.PluginException;

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
    /**
     * Most keys of one object (or elements of one array) in a dialogue's attributes. Freezing the
     * view in GraalJS costs more than linear time in the keys of one object (measured: 4,000 keys
     * 40 s), so larger attributes are refused before the view is built.
     */
    static final int MAX_KEYS_PER_OBJECT = 1_000;
    /** Most levels of nesting in a dialogue's attributes. */
    static final int MAX_DEPTH = 16;
    /** Most values (keys and elements, all levels together) in a dialogue's attributes. */
    static final int MAX_VALUES = 10_000;

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
        checkAttributes(dialogue);
        return new DialogueView(dialogue.id(), dialogue.channel(), turnViews, dialogue.attributes(), outcome, signalViews);
    }

    /** Refuses attributes over the view's limits, naming the field and the limit; linear in their size. */
    private static void checkAttributes(Dialogue dialogue) {
        int[] values = {0};
        checkValue(dialogue, "attributes", dialogue.attributes(), 0, values);
    }

    private static void checkValue(Dialogue dialogue, String path, Object value, int depth, int[] values) {
        if (!(value instanceof Map<?, ?>) && !(value instanceof List<?>)) {
            return;
        }
        if (depth >= MAX_DEPTH) {
            throw refused(dialogue, path + " is nested more than " + MAX_DEPTH + " levels deep, the most a script view may hold");
        }
        int size = value instanceof Map<?, ?> map ? map.size() : ((List<?>) value).size();
        if (size > MAX_KEYS_PER_OBJECT) {
            throw refused(dialogue, path + " has " + size + " keys, more than the " + MAX_KEYS_PER_OBJECT
                    + " keys per object a script view may hold");
        }
        values[0] += size;
        if (values[0] > MAX_VALUES) {
            throw refused(dialogue, "attributes hold more than " + MAX_VALUES + " values, the most a script view may hold");
        }
        if (value instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                checkValue(dialogue, path + "." + entry.getKey(), entry.getValue(), depth + 1, values);
            }
        } else {
            List<?> list = (List<?>) value;
            for (int i = 0; i < list.size(); i++) {
                checkValue(dialogue, path + "[" + i + "]", list.get(i), depth + 1, values);
            }
        }
    }

    private static PluginException refused(Dialogue dialogue, String problem) {
        return new PluginException("the script view of dialogue '" + dialogue.id() + "' cannot be built: " + problem
                + " (docs/operations.md#limits-of-user-computations)");
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
