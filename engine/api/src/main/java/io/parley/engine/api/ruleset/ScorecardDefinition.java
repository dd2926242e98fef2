package io.parley.engine.api.ruleset;

import java.util.List;

/**
 * How hits become a score (docs/dsl.md, "Scorecard arithmetic"). An item names a rule or a
 * checkpoint; it "hit" when its rule hit or its checkpoint failed, and is not applicable when its
 * checkpoint did not apply.
 *
 * <ul>
 *   <li>Without weighted sections: base plus the points of every hit item (negative: deduction,
 *       positive: bonus); a section with a {@code cap} loses at most {@code cap} points in all.</li>
 *   <li>With weighted sections: each section scores 100 × (weight of its applicable items that
 *       did not hit) / (weight of its applicable items), an item's weight being the size of its
 *       points, at least {@code 100 - cap}; a section with no applicable item is not applicable.
 *       The value is base × the weighted mean of the applicable sections' scores / 100 (base when
 *       none applies), plus the points of hit items outside sections.</li>
 * </ul>
 * Then the value is clamped to [{@code floor} (0 when null), 100]. A hit veto item forces the
 * value down to its {@code vetoTo} (0 when null), below the floor too; the grade is the first band
 * whose minimum the score reaches (bands in descending order of minimum).
 *
 * @param formula  a scoring-function plugin ({@code script score = js"""…"""}) that computes the
 *                 value from the dialogue, its hits and the standard verdict above; its result is
 *                 clamped to [0, 100] and graded, and a hit veto item still forces its value. Null:
 *                 the standard verdict stands.
 * @param sections the sections items may belong to, in order; empty when none
 * @param floor    the lowest score a dialogue gets unless vetoed; null for 0
 */
public record ScorecardDefinition(String name, double base, List<Item> items, List<GradeBand> grades,
                                  PluginBinding formula, List<Section> sections, Double floor) {
    public ScorecardDefinition {
        items = List.copyOf(items);
        grades = grades == null ? List.of() : List.copyOf(grades);
        sections = sections == null ? List.of() : List.copyOf(sections);
    }

    /** A scorecard without sections or floor. */
    public ScorecardDefinition(String name, double base, List<Item> items, List<GradeBand> grades,
                               PluginBinding formula) {
        this(name, base, items, grades, formula, List.of(), null);
    }

    /** A scorecard computed by the standard arithmetic alone. */
    public ScorecardDefinition(String name, double base, List<Item> items, List<GradeBand> grades) {
        this(name, base, items, grades, null);
    }

    /** Whether the sections carry weights (then every one does). */
    public boolean weighted() {
        return sections.stream().anyMatch(section -> section.weight() != null);
    }

    /**
     * @param vetoTo  for a veto item, the score it forces the value down to; null for 0
     * @param section the name of the section the item belongs to, or null
     */
    public record Item(String rule, double points, boolean veto, Double vetoTo, String section) {
        public Item(String rule, double points, boolean veto) {
            this(rule, points, veto, null, null);
        }
    }

    /**
     * @param weight the section's weight in a weighted scorecard, or null
     * @param cap    the most points the section loses, or null for no cap
     */
    public record Section(String name, String title, Double weight, Double cap) {
    }

    public record GradeBand(String grade, double min) {
    }
}
