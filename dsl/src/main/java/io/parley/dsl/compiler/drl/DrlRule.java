package io.parley.dsl.compiler.drl;

import java.util.List;

/**
 * One DRL rule for one Parley rule: named by the rule id, and reporting every fact of each match
 * to the {@code hits} global under that id.
 */
public record DrlRule(String ruleId, List<Lhs> when) {
    public DrlRule {
        when = List.copyOf(when);
    }
}
