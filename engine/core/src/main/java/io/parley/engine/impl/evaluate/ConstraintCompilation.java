package io.parley.engine.impl.evaluate;

/** How Drools runs the constraints of a rule set's patterns. */
public enum ConstraintCompilation {
    /**
     * Interpreted (MVEL), always. The engine's default: in Drools 10.2.0 classic, constraints such
     * as {@code str[startsWith]} throw {@code NoSuchMethodError} once jitted, and the DSL's own
     * rules gain little from jitting since their constraints are plain field comparisons. Set per
     * KieBase, so it does not depend on the {@code drools.jittingThreshold} system property.
     */
    INTERPRETED(-1),
    /**
     * Compiled to bytecode after 20 evaluations, Drools' own default: for hand-written DRL known to
     * avoid the bug above (the benchmark's text-matching baseline, which is much faster jitted).
     */
    JITTED(20);

    private final int jittingThreshold;

    ConstraintCompilation(int jittingThreshold) {
        this.jittingThreshold = jittingThreshold;
    }

    int jittingThreshold() {
        return jittingThreshold;
    }
}
