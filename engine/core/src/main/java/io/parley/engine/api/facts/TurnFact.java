package io.parley.engine.api.facts;

/**
 * A turn as the rules see it. {@code roleIndex} is the 0-based position among the turns of the
 * same role ("within first 2 agent turns" is {@code roleIndex < 2}). Times are epoch millis or null.
 * A class with getters, not a record, because Drools' classic constraint language reads bean properties.
 */
public final class TurnFact {
    private final int index;
    private final String role;
    private final int roleIndex;
    private final String text;
    private final Long atMillis;
    private final Long endMillis;

    public TurnFact(int index, String role, int roleIndex, String text, Long atMillis, Long endMillis) {
        this.index = index;
        this.role = role;
        this.roleIndex = roleIndex;
        this.text = text;
        this.atMillis = atMillis;
        this.endMillis = endMillis;
    }

    public int getIndex() { return index; }
    public String getRole() { return role; }
    public int getRoleIndex() { return roleIndex; }
    public String getText() { return text; }
    public Long getAtMillis() { return atMillis; }
    public Long getEndMillis() { return endMillis; }

    @Override
    public String toString() {
        return "Turn#" + index + "(" + role + ")";
    }
}
