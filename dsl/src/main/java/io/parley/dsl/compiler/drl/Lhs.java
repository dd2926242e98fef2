package io.parley.dsl.compiler.drl;

import java.util.List;

/**
 * The conditional elements of a DRL rule's {@code when} part, as data. The compiler builds these;
 * only {@link DrlWriter} turns them into text, so quoting and layout live in one place.
 */
public sealed interface Lhs {

    /** {@code $binding : Type(constraint, …)}; {@code binding} is null when nothing refers to the fact. */
    record Pattern(String binding, String type, List<Constraint> constraints) implements Lhs {
        public Pattern {
            constraints = List.copyOf(constraints);
        }
    }

    /** {@code not ( … )}: no match of the operand exists. */
    record Not(Lhs operand) implements Lhs {
    }

    /** {@code exists ( … )}: some match of the operand exists; binds nothing. */
    record Exists(Lhs operand) implements Lhs {
    }

    /** {@code ( a and b )}. */
    record And(List<Lhs> operands) implements Lhs {
        public And {
            operands = List.copyOf(operands);
        }
    }

    /** {@code ( a or b )}: Drools fires once per operand that matches. */
    record Or(List<Lhs> operands) implements Lhs {
        public Or {
            operands = List.copyOf(operands);
        }
    }

    /** {@code accumulate ( source; $x : f(arg), …; guard )}. */
    record Accumulate(Pattern source, List<Function> functions, Constraint guard) implements Lhs {
        public Accumulate {
            functions = List.copyOf(functions);
        }

        /** {@code binding : function(argument)}, e.g. {@code $terms : collectSet($s.getTerm())}. */
        public record Function(String binding, String function, String argument) {
        }
    }

    /** {@code left operator right}, e.g. {@code roleIndex < 2}. {@code left} is generated, never user text. */
    record Constraint(String left, String operator, Value right) {
    }

    /** The right-hand side of a constraint. */
    sealed interface Value {
        /** A string literal; the writer quotes and escapes it. */
        record Text(String value) implements Value {
        }

        record Number(long value) implements Value {
        }

        /** Strings the left side must be one of, written {@code ("a", "b")}. */
        record TextList(List<String> values) implements Value {
            public TextList {
                values = List.copyOf(values);
            }
        }

        /** A generated expression such as {@code $anchor1.turn}, written as is. */
        record Expression(String expression) implements Value {
        }
    }
}
