package io.parley.dsl.checker;

import io.parley.dsl.ast.NumberLiteral;

/** How messages write a number: a whole one without a fraction, like 60 rather than 60.0. */
final class Numbers {
    private Numbers() {
    }

    static String format(NumberLiteral number) {
        double value = number.value();
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
