package io.parley.dsl.compiler;

import io.parley.dsl.compiler.drl.Lhs;
import io.parley.engine.api.facts.SignalFact;
import io.parley.engine.api.facts.TurnFact;
import io.parley.engine.api.ruleset.SignalCondition;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;

/**
 * Recognises the rules that only ask which signals a dialogue has — patterns over single signals
 * with constant constraints, combined with and / or / not / exists — and restates them as a
 * {@link SignalCondition} the runtime decides without Drools. Anything else (accumulates, joins
 * between facts, bindings, whole-turn evidence, constructs added later) stays DRL: a rule is only
 * moved when its meaning is certain to be kept.
 */
final class SignalConditions {
    private static final String SIGNAL = SignalFact.class.getSimpleName();
    private static final String TURN = TurnFact.class.getSimpleName();

    private SignalConditions() {
    }

    /** The rule's {@code when} part as a signal condition, or empty when it must stay DRL. */
    static Optional<SignalCondition> of(List<Lhs> when) {
        List<SignalCondition> all = new ArrayList<>();
        for (Lhs element : when) {
            SignalCondition condition = convert(element);
            if (condition == null) {
                return Optional.empty();
            }
            all.add(condition);
        }
        return Optional.of(all.size() == 1 ? all.getFirst() : new SignalCondition.All(all));
    }

    /** Null when not expressible. */
    private static SignalCondition convert(Lhs lhs) {
        return switch (lhs) {
            case Lhs.Pattern pattern -> signal(pattern);
            case Lhs.Exists exists -> exists.operand() instanceof Lhs.Pattern pattern && isAnyTurn(pattern)
                    ? new SignalCondition.AnyTurn()
                    : wrap(convert(exists.operand()), SignalCondition.Exists::new);
            case Lhs.Not not -> wrap(convert(not.operand()), SignalCondition.Not::new);
            case Lhs.And and -> operands(and.operands(), SignalCondition.All::new);
            case Lhs.Or or -> operands(or.operands(), SignalCondition.Any::new);
            case Lhs.Accumulate accumulate -> null;
        };
    }

    private static boolean isAnyTurn(Lhs.Pattern pattern) {
        return pattern.type().equals(TURN) && pattern.binding() == null && pattern.constraints().isEmpty();
    }

    private static SignalCondition wrap(SignalCondition operand, Function<SignalCondition, SignalCondition> wrapper) {
        return operand == null ? null : wrapper.apply(operand);
    }

    private static SignalCondition operands(List<Lhs> operands, Function<List<SignalCondition>, SignalCondition> combine) {
        List<SignalCondition> converted = new ArrayList<>(operands.size());
        for (Lhs operand : operands) {
            SignalCondition condition = convert(operand);
            if (condition == null) {
                return null;
            }
            converted.add(condition);
        }
        return combine.apply(converted);
    }

    private static SignalCondition signal(Lhs.Pattern pattern) {
        if (!pattern.type().equals(SIGNAL) || pattern.binding() != null) {
            return null;
        }
        String kind = null;
        String name = null;
        String role = null;
        Integer turnBelow = null;
        Integer roleTurnBelow = null;
        for (Lhs.Constraint constraint : pattern.constraints()) {
            switch (constraint.right()) {
                case Lhs.Value.Text text when constraint.operator().equals("==") -> {
                    switch (constraint.left()) {
                        case "kind" -> kind = text.value();
                        case "name" -> name = text.value();
                        case "role" -> role = text.value();
                        default -> {
                            return null;
                        }
                    }
                }
                case Lhs.Value.Number number when constraint.operator().equals("<")
                        && number.value() <= Integer.MAX_VALUE -> {
                    switch (constraint.left()) {
                        case "turn" -> turnBelow = (int) number.value();
                        case "roleIndex" -> roleTurnBelow = (int) number.value();
                        default -> {
                            return null;
                        }
                    }
                }
                default -> {
                    return null;
                }
            }
        }
        return name == null ? null : new SignalCondition.Signal(kind, name, role, turnBelow, roleTurnBelow);
    }
}
