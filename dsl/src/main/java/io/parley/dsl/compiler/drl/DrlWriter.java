package io.parley.dsl.compiler.drl;

import io.parley.engine.api.facts.DialogueFact;
import io.parley.engine.api.facts.HitCollector;
import io.parley.engine.api.facts.SignalFact;
import io.parley.engine.api.facts.TurnFact;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Renders a {@link DrlPackage} as DRL text: the imports of the fact types, the {@code hits} global,
 * one rule per {@link DrlRule} whose consequence reports every matched fact. The only place that
 * writes DRL syntax or escapes strings.
 */
public final class DrlWriter {
    public static final String HITS_GLOBAL = "hits";
    private static final String INDENT = "    ";

    private DrlWriter() {
    }

    public static String write(DrlPackage drlPackage) {
        StringBuilder out = new StringBuilder();
        drlPackage.comment().lines().forEach(line -> out.append("// ").append(line).append('\n'));
        out.append("package ").append(drlPackage.name()).append(";\n\n");
        out.append("import ").append(TurnFact.class.getName()).append(";\n");
        out.append("import ").append(SignalFact.class.getName()).append(";\n");
        out.append("import ").append(DialogueFact.class.getName()).append(";\n\n");
        out.append("global ").append(HitCollector.class.getName()).append(' ').append(HITS_GLOBAL).append(";\n");
        for (DrlRule rule : drlPackage.rules()) {
            out.append('\n');
            writeRule(rule, out);
        }
        for (String raw : drlPackage.raw()) {
            out.append('\n').append(raw).append('\n');
        }
        return out.toString();
    }

    private static void writeRule(DrlRule rule, StringBuilder out) {
        out.append("rule ").append(quote(rule.ruleId())).append("\nwhen\n");
        for (Lhs element : rule.when()) {
            lines(element).forEach(line -> out.append(INDENT).append(line).append('\n'));
        }
        out.append("then\n").append(INDENT)
                .append(HITS_GLOBAL).append(".hit(").append(quote(rule.ruleId()))
                .append(", kcontext.getMatch().getObjects().toArray());\n")
                .append("end\n");
    }

    /** The element as lines, nested elements indented below the line that opens them. */
    private static List<String> lines(Lhs element) {
        return switch (element) {
            case Lhs.Pattern pattern -> List.of(pattern(pattern));
            case Lhs.Not not -> wrapped("not", not.operand());
            case Lhs.Exists exists -> wrapped("exists", exists.operand());
            case Lhs.And and -> block("(", joined("and", and.operands()));
            case Lhs.Or or -> block("(", joined("or", or.operands()));
            case Lhs.Accumulate accumulate -> accumulate(accumulate);
        };
    }

    private static String pattern(Lhs.Pattern pattern) {
        String constraints = pattern.constraints().stream().map(DrlWriter::constraint).collect(Collectors.joining(", "));
        return (pattern.binding() == null ? "" : pattern.binding() + " : ") + pattern.type() + "(" + constraints + ")";
    }

    private static String constraint(Lhs.Constraint constraint) {
        return constraint.left() + " " + constraint.operator() + " " + switch (constraint.right()) {
            case Lhs.Value.Text text -> quote(text.value());
            case Lhs.Value.Number number -> Long.toString(number.value());
            case Lhs.Value.TextList list -> list.values().stream().map(DrlWriter::quote).collect(Collectors.joining(", ", "(", ")"));
            case Lhs.Value.Expression expression -> expression.expression();
        };
    }

    /**
     * {@code keyword ( x )} on one line when the operand fits on one, else a block; a conjunction
     * or disjunction shares the keyword's parentheses instead of adding its own.
     */
    private static List<String> wrapped(String keyword, Lhs operand) {
        List<String> inner = switch (operand) {
            case Lhs.And and -> joined("and", and.operands());
            case Lhs.Or or -> joined("or", or.operands());
            default -> lines(operand);
        };
        return inner.size() == 1 ? List.of(keyword + " ( " + inner.getFirst() + " )") : block(keyword + " (", inner);
    }

    /** The operands one after another, each after the first starting with the connective. */
    private static List<String> joined(String connective, List<Lhs> operands) {
        List<String> inner = new ArrayList<>();
        for (int i = 0; i < operands.size(); i++) {
            List<String> operand = lines(operands.get(i));
            inner.add(i == 0 ? operand.getFirst() : connective + " " + operand.getFirst());
            inner.addAll(operand.subList(1, operand.size()));
        }
        return inner;
    }

    private static List<String> accumulate(Lhs.Accumulate accumulate) {
        List<String> inner = new ArrayList<>();
        inner.add(pattern(accumulate.source()) + ";");
        List<Lhs.Accumulate.Function> functions = accumulate.functions();
        for (int i = 0; i < functions.size(); i++) {
            Lhs.Accumulate.Function function = functions.get(i);
            inner.add(function.binding() + " : " + function.function() + "(" + function.argument() + ")"
                    + (i < functions.size() - 1 ? "," : ";"));
        }
        inner.add(constraint(accumulate.guard()));
        return block("accumulate (", inner);
    }

    private static List<String> block(String opening, List<String> inner) {
        List<String> lines = new ArrayList<>();
        lines.add(opening);
        inner.forEach(line -> lines.add(INDENT + line));
        lines.add(")");
        return lines;
    }

    /** A DRL (Java) string literal: quotes, backslashes and control characters escaped, other text (Chinese too) as is. */
    public static String quote(String value) {
        StringBuilder out = new StringBuilder("\"");
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                default -> {
                    if (Character.isISOControl(c)) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }
}
