package io.parley.engine.api.ruleset;

/**
 * An operator a rule set declares by name ({@code script operator long_wait = js"""…"""}): rules
 * reason over the signals it reports under {@code name}.
 */
public record OperatorBinding(String name, PluginBinding binding) {
}
