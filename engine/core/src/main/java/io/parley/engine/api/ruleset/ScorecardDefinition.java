package io.parley.engine.api.ruleset;

import java.util.List;

/**
 * Base score plus the points of every item whose rule hit (negative: deduction, positive: bonus),
 * clamped to [0, 100]; a hit veto item forces 0. The grade is the first band whose minimum the
 * score reaches (bands in descending order of minimum).
 */
public record ScorecardDefinition(String name, double base, List<Item> items, List<GradeBand> grades) {
    public ScorecardDefinition {
        items = List.copyOf(items);
        grades = grades == null ? List.of() : List.copyOf(grades);
    }

    public record Item(String rule, double points, boolean veto) {
    }

    public record GradeBand(String grade, double min) {
    }
}
