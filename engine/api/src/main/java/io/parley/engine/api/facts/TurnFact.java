package io.parley.engine.api.facts;

/**
 * A turn as the rules see it. {@code roleIndex} is the 0-based position among the turns of the
 * same role ("within first 2 agent turns" is {@code roleIndex < 2}). Times are epoch millis or null.
 * A class with getters, not a record, because Drools' classic constraint language reads bean properties.
 *
 * <p>The timing fields are worked out once when the facts are made, so timing rules are plain
 * constraints on one fact (no joins): {@code previousRole} is the role of the turn just before
 * (null for the first turn); {@code gapMillis} is this turn's start minus the previous turn's end
 * (its start when it has no end), negative when this turn starts before the previous one ends,
 * null when either time is missing; {@code durationMillis} is end minus start, null without both;
 * {@code charsPerSecond} is the text's non-blank characters per second of duration, null unless
 * the duration is positive.
 */
public final class TurnFact {
    private final int index;
    private final String role;
    private final int roleIndex;
    private final String text;
    private final Long atMillis;
    private final Long endMillis;
    private final String previousRole;
    private final Long gapMillis;
    private final Long durationMillis;
    private final Double charsPerSecond;

    /** A turn seen on its own: no previous turn, so no gap. */
    public TurnFact(int index, String role, int roleIndex, String text, Long atMillis, Long endMillis) {
        this(index, role, roleIndex, text, atMillis, endMillis, null, null);
    }

    /**
     * @param previousRole       the role of the turn just before, or null for the first turn
     * @param previousEndOrStart the previous turn's end, else its start, in epoch millis; null when unknown
     */
    public TurnFact(int index, String role, int roleIndex, String text, Long atMillis, Long endMillis,
                    String previousRole, Long previousEndOrStart) {
        this.index = index;
        this.role = role;
        this.roleIndex = roleIndex;
        this.text = text;
        this.atMillis = atMillis;
        this.endMillis = endMillis;
        this.previousRole = previousRole;
        this.gapMillis = atMillis == null || previousEndOrStart == null ? null : atMillis - previousEndOrStart;
        this.durationMillis = atMillis == null || endMillis == null ? null : endMillis - atMillis;
        this.charsPerSecond = durationMillis == null || durationMillis <= 0 || text == null ? null
                : text.codePoints().filter(c -> !Character.isWhitespace(c)).count() * 1000.0 / durationMillis;
    }

    public int getIndex() { return index; }
    public String getRole() { return role; }
    public int getRoleIndex() { return roleIndex; }
    public String getText() { return text; }
    public Long getAtMillis() { return atMillis; }
    public Long getEndMillis() { return endMillis; }
    public String getPreviousRole() { return previousRole; }
    public Long getGapMillis() { return gapMillis; }
    public Long getDurationMillis() { return durationMillis; }
    public Double getCharsPerSecond() { return charsPerSecond; }

    /** The end of the turn when known, else its start; null when neither is. */
    public Long getEndOrStartMillis() { return endMillis != null ? endMillis : atMillis; }

    @Override
    public String toString() {
        return "Turn#" + index + "(" + role + ")";
    }
}
