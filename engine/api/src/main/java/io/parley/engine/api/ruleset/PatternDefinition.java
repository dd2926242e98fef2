package io.parley.engine.api.ruleset;

/** A Java regular expression matched once per turn; each match becomes a regex signal named {@code name}. */
public record PatternDefinition(String name, String regex) {
}
