package io.parley.engine.api.ruleset;

import java.util.List;

/**
 * Base score plus the points of every item whose rule hit (negative: deduction, positive: bonus),
 * clamped to [0, 100]; a hit veto item forces 0. The grade is the first band whose minimum the
 * score reaches (bands in descending order of minimum).
 *
 * @param formula a scoring-function plugin ({@code script score = js"""…"""}) that computes the
 *                value from the dialogue, its hits and the standard verdict above; its result is
 *                clamped to [0, 100] and graded, and a hit veto item still forces 0. Null: the
 *                standard verdict stands.
 */
public record ScorecardDefinition(String name, double base, List<Item> items, List<GradeBand> grades,
                                  PluginBinding formula) {
    public ScorecardDefinition {
        items = List.copyOf(items);
        grades = grades == null ? List.of() : List.copyOf(grades);
    }

    /** A scorecard computed by the standard arithmetic alone. */
    public ScorecardDefinition(String name, double base, List<Item> items, List<GradeBand> grades) {
        this(name, base, items, grades, null);
    }

    public record Item(String rule, double points, boolean veto) {
    }

    public record GradeBand(String grade, double min) {
    }
}
