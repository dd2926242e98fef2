package io.parley.engine.api.facts;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The dialogue as a whole, one fact per evaluation: how many turns it has (in all and per role),
 * how long it lasts, its attributes and outcome. Rules about dialogue length, attributes and
 * outcomes are constraints on it, and positions counted from the end or windows in seconds look
 * turns up here instead of joining turn facts.
 *
 * <p>{@code durationMillis} runs from the first turn's start to the last turn's end (its start when
 * it has no end); null when either is missing. Attribute values are compared as text
 * ({@code 3} → {@code "3"}); {@code channel} falls back to the dialogue's channel when the
 * attributes do not hold it.
 */
public final class DialogueFact {
    private static final long UNKNOWN = Long.MIN_VALUE;

    private final String id;
    private final int turnCount;
    private final Map<String, Integer> turnsByRole;
    /** turnsOfRoleThrough.get(role)[i]: turns of the role at indexes 0..i. */
    private final Map<String, int[]> turnsOfRoleThrough;
    private final long[] startMillis;
    private final Long durationMillis;
    private final Map<String, String> attributes;
    private final Boolean converted;
    private final Integer satisfaction;

    /**
     * @param turns         the dialogue's turns as facts, in order
     * @param attributes    the dialogue's attributes (values of any JSON type)
     * @param channel       the dialogue's channel, or null
     */
    public DialogueFact(String id, List<TurnFact> turns, Map<String, ?> attributes, String channel,
                        Boolean converted, Integer satisfaction) {
        this.id = id;
        this.turnCount = turns.size();
        this.turnsByRole = new HashMap<>();
        this.turnsOfRoleThrough = new HashMap<>();
        this.startMillis = new long[turns.size()];
        for (int i = 0; i < turns.size(); i++) {
            TurnFact turn = turns.get(i);
            turnsByRole.merge(turn.getRole(), 1, Integer::sum);
            int[] through = turnsOfRoleThrough.computeIfAbsent(turn.getRole(), role -> new int[turns.size()]);
            through[i] = 1;
            startMillis[i] = turn.getAtMillis() == null ? UNKNOWN : turn.getAtMillis();
        }
        turnsOfRoleThrough.values().forEach(DialogueFact::prefixSums);
        Long first = turns.isEmpty() ? null : turns.getFirst().getAtMillis();
        Long last = turns.isEmpty() ? null : turns.getLast().getEndOrStartMillis();
        this.durationMillis = first == null || last == null ? null : last - first;
        Map<String, String> texts = new HashMap<>();
        if (channel != null) {
            texts.put("channel", channel);
        }
        if (attributes != null) {
            attributes.forEach((key, value) -> {
                if (value != null) {
                    texts.put(key, String.valueOf(value));
                }
            });
        }
        this.attributes = Map.copyOf(texts);
        this.converted = converted;
        this.satisfaction = satisfaction;
    }

    private static void prefixSums(int[] counts) {
        for (int i = 1; i < counts.length; i++) {
            counts[i] += counts[i - 1];
        }
    }

    public String getId() { return id; }
    public int getTurnCount() { return turnCount; }
    public Long getDurationMillis() { return durationMillis; }
    public Boolean getConverted() { return converted; }
    public Integer getSatisfaction() { return satisfaction; }

    /** How many turns the role has in the dialogue. */
    public int turnsOf(String role) {
        return turnsByRole.getOrDefault(role, 0);
    }

    /** How many turns of the role there are at indexes 0 to {@code index}, inclusive. */
    public int turnsOfRoleThrough(String role, int index) {
        int[] through = turnsOfRoleThrough.get(role);
        return through == null || index < 0 ? 0 : through[Math.min(index, through.length - 1)];
    }

    /**
     * From the start of turn {@code from} to the start of turn {@code to}, in millis; {@link Long#MAX_VALUE}
     * when either start is unknown, so that "at most N ms" never holds for it.
     */
    public long millisBetween(int from, int to) {
        if (from < 0 || to < 0 || from >= startMillis.length || to >= startMillis.length
                || startMillis[from] == UNKNOWN || startMillis[to] == UNKNOWN) {
            return Long.MAX_VALUE;
        }
        return startMillis[to] - startMillis[from];
    }

    /** The attribute as text, or null when the dialogue does not have it. */
    public String attribute(String name) {
        return attributes.get(name);
    }

    @Override
    public String toString() {
        return "Dialogue(" + id + ", " + turnCount + " turns)";
    }
}
