package io.parley.engine.api.ruleset;

/**
 * A rule whose condition only asks which signals a dialogue has. The runtime decides it directly
 * from the signals, many times faster than a Drools session; rules that relate facts to each other
 * (counts within a turn, windows, timing) stay in the rule set's DRL. A rule is one or the other,
 * never both.
 */
public record SignalRule(String id, SignalCondition condition) {
}
