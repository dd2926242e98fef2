package io.parley.engine.api;

/** Names one immutable version of a rule set; every stored result carries the one that produced it. */
public record RuleSetRef(String id, int version) {
    @Override
    public String toString() {
        return id + "@" + version;
    }
}
