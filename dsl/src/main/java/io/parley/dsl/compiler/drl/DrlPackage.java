package io.parley.dsl.compiler.drl;

import java.util.List;

/**
 * A complete DRL file: a package of rules, with a comment saying where it came from, and raw DRL
 * written by hand ({@code drools { … }}), appended as is after the generated rules.
 */
public record DrlPackage(String name, String comment, List<DrlRule> rules, List<String> raw) {
    public DrlPackage {
        rules = List.copyOf(rules);
        raw = List.copyOf(raw);
    }

    public DrlPackage(String name, String comment, List<DrlRule> rules) {
        this(name, comment, rules, List.of());
    }
}
