package io.parley.dsl.compiler.drl;

import java.util.List;

/** A complete DRL file: a package of rules, with a comment saying where it came from. */
public record DrlPackage(String name, String comment, List<DrlRule> rules) {
    public DrlPackage {
        rules = List.copyOf(rules);
    }
}
