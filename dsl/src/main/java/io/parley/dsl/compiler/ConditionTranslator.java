package io.parley.dsl.compiler;

import io.parley.dsl.ast.Condition;
import io.parley.dsl.ast.Declaration;
import io.parley.dsl.ast.Match;
import io.parley.dsl.ast.NumberLiteral;
import io.parley.dsl.ast.Position;
import io.parley.dsl.ast.StringLiteral;
import io.parley.dsl.checker.LexiconTerms;
import io.parley.dsl.compiler.drl.DrlWriter;
import io.parley.dsl.compiler.drl.Lhs;
import io.parley.dsl.compiler.drl.Lhs.Constraint;
import io.parley.dsl.compiler.drl.Lhs.Value;
import io.parley.engine.api.facts.DialogueFact;
import io.parley.engine.api.facts.SignalFact;
import io.parley.engine.api.facts.TurnFact;
import io.parley.engine.api.ruleset.LexiconDefinition;
import io.parley.engine.api.ruleset.OperatorBinding;
import io.parley.engine.api.ruleset.PatternDefinition;
import io.parley.engine.api.ruleset.PluginBinding;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Translates one rule's checked condition into DRL conditional elements over {@link SignalFact},
 * {@link TurnFact} and {@link DialogueFact}. Inline term lists and regexes become anonymous
 * lexicons and patterns, and {@code similar to} / {@code sentiment} anonymous plugin operators,
 * named {@code rule_id#1}, {@code rule_id#2}, … in source order, so their names are stable across
 * compilations of the same source. Signals are translated in place of their names.
 *
 * <p>Conditions about one turn ("turn atoms") translate to one primary pattern, optionally with
 * elements before it (an anchor) and after it (an accumulate, an exclusion); windows add
 * constraints to the primary pattern that refer to the anchor's, so they stay cheap constraints on
 * facts Drools already indexes by type, and counts accumulate over the primary pattern.
 */
final class ConditionTranslator {
    static final String LEXICON_SIGNAL = "lexicon";
    static final String REGEX_SIGNAL = "regex";
    private static final String SIGNAL = SignalFact.class.getSimpleName();
    private static final String TURN = TurnFact.class.getSimpleName();
    private static final String DIALOGUE = "$dialogue";
    private static final Value NULL = new Value.Expression("null");

    /** A condition about one turn: its primary pattern (bound when needed), and elements around it. */
    private record TurnAtom(List<Lhs> before, Lhs.Pattern primary, List<Lhs> after) {
        /** "turn" for a signal, "index" for a turn fact. */
        String turnField() {
            return primary.type().equals(TURN) ? "index" : "turn";
        }

        TurnAtom constrained(List<Constraint> more) {
            List<Constraint> constraints = new ArrayList<>(primary.constraints());
            constraints.addAll(more);
            return new TurnAtom(before, new Lhs.Pattern(primary.binding(), primary.type(), constraints), after);
        }

        Lhs toLhs() {
            if (before.isEmpty() && after.isEmpty()) {
                return primary;
            }
            List<Lhs> all = new ArrayList<>(before);
            all.add(primary);
            all.addAll(after);
            return new Lhs.And(all);
        }
    }

    private final String ruleId;
    private final Map<String, Declaration.Lexicon> lexicons;
    private final Map<String, Condition> signals;
    private final Map<Condition, PluginBinding> sentimentBindings;
    private final Map<Match, PluginBinding> similarityBindings;
    private final List<LexiconDefinition> inlineLexicons = new ArrayList<>();
    private final List<PatternDefinition> inlinePatterns = new ArrayList<>();
    private final List<OperatorBinding> anonymousOperators = new ArrayList<>();
    private int inlineSources;
    private int bindings;
    private boolean needsDialogue;

    ConditionTranslator(String ruleId, Map<String, Declaration.Lexicon> lexicons, Map<String, Condition> signals,
                        Map<Condition, PluginBinding> sentimentBindings, Map<Match, PluginBinding> similarityBindings) {
        this.ruleId = ruleId;
        this.lexicons = lexicons;
        this.signals = signals;
        this.sentimentBindings = sentimentBindings;
        this.similarityBindings = similarityBindings;
    }

    /**
     * A rule's {@code when} part. A condition that can hold without matching any fact (one that
     * is only negative, like {@code not agent says any greeting}) gets {@code exists TurnFact()}
     * first, so it fires once for a dialogue with turns and never for an empty one. Conditions
     * that look facts up in the dialogue get {@code $dialogue : DialogueFact()} first.
     */
    List<Lhs> when(Condition condition) {
        needsDialogue = false;
        Lhs translated = translate(condition);
        List<Lhs> when = new ArrayList<>();
        if (needsDialogue) {
            when.add(new Lhs.Pattern(DIALOGUE, DialogueFact.class.getSimpleName(), List.of()));
        }
        if (!matchesFacts(condition)) {
            when.add(new Lhs.Exists(new Lhs.Pattern(null, TURN, List.of())));
        }
        if (translated instanceof Lhs.And and) {
            when.addAll(and.operands());
        } else {
            when.add(translated);
        }
        return when;
    }

    /** The anonymous lexicons of the inline term lists translated so far. */
    List<LexiconDefinition> inlineLexicons() {
        return inlineLexicons;
    }

    /** The anonymous patterns of the inline regexes translated so far. */
    List<PatternDefinition> inlinePatterns() {
        return inlinePatterns;
    }

    /** The anonymous plugin operators ({@code similar to}, {@code sentiment}) translated so far. */
    List<OperatorBinding> anonymousOperators() {
        return anonymousOperators;
    }

    /** Whether every way the condition can hold matches at least one fact, which then anchors the rule. */
    private boolean matchesFacts(Condition condition) {
        return switch (condition) {
            case Condition.And and -> and.operands().stream().anyMatch(this::matchesFacts);
            case Condition.Or or -> or.operands().stream().allMatch(this::matchesFacts);
            case Condition.Not not -> false;
            case Condition.Says says -> !(says.match() instanceof Match.Terms terms
                    && terms.quantifier() instanceof Match.Quantifier.None);
            case Condition.SignalRef ref -> matchesFacts(signals.get(ref.name().name()));
            case Condition.Counted counted -> counted.atLeast();
            case Condition.Matches matches -> true;
            case Condition.Sentiment sentiment -> true;
            case Condition.Timing timing -> true;
            case Condition.Field field -> true;
            case Condition.Anchored anchored -> true;
            case Condition.Nth nth -> true;
        };
    }

    private Lhs translate(Condition condition) {
        return switch (condition) {
            case Condition.And and -> new Lhs.And(and.operands().stream().map(this::translate).toList());
            case Condition.Or or -> new Lhs.Or(or.operands().stream().map(this::translate).toList());
            case Condition.Not not -> new Lhs.Not(translate(not.operand()));
            case Condition.Says says when says.match() instanceof Match.Terms terms
                    && terms.quantifier() instanceof Match.Quantifier.None ->
                    new Lhs.Not(signal(null, LEXICON_SIGNAL, lexiconName(terms.terms()), says.role().name(), says.position()));
            case Condition.SignalRef ref -> translate(signals.get(ref.name().name()));
            case Condition.Timing timing when timing.measure() == Condition.Measure.RESPONDS_WITHIN -> respondsWithin(timing);
            case Condition.Timing timing when timing.measure() == Condition.Measure.TURN_COUNT
                    || timing.measure() == Condition.Measure.DURATION -> dialogueMeasure(timing);
            case Condition.Field field -> field(field);
            case Condition.Counted counted -> counted(counted);
            default -> atom(condition, null).toLhs();
        };
    }

    // ---- turn atoms -----------------------------------------------------------------------------

    /** The checker made sure {@code condition} is about one turn. */
    private TurnAtom atom(Condition condition, String binding) {
        return switch (condition) {
            case Condition.Says says -> says(says, binding);
            case Condition.Matches matches -> {
                List<Constraint> constraints = new ArrayList<>(List.of(text("name", "==", matches.operator().name())));
                matches.role().ifPresent(role -> constraints.add(text("role", "==", role.name())));
                matches.position().ifPresent(p -> constraints.add(positionConstraint(p)));
                yield single(new Lhs.Pattern(binding, SIGNAL, constraints));
            }
            case Condition.Sentiment sentiment -> {
                String name = anonymousOperator(sentimentBindings.get(sentiment));
                List<Constraint> constraints = new ArrayList<>(List.of(text("name", "==", name),
                        text("role", "==", sentiment.role().name())));
                sentiment.above().ifPresent(above -> constraints.add(atLeastScore(above)));
                yield single(new Lhs.Pattern(binding, SIGNAL, constraints));
            }
            case Condition.Timing timing -> single(new Lhs.Pattern(binding, TURN, turnTiming(timing)));
            case Condition.SignalRef ref -> atom(signals.get(ref.name().name()), binding);
            case Condition.Anchored anchored -> anchored(anchored, binding);
            case Condition.Nth nth -> nth(nth, binding);
            default -> throw new IllegalStateException("not about one turn: " + condition);
        };
    }

    private static TurnAtom single(Lhs.Pattern pattern) {
        return new TurnAtom(List.of(), pattern, List.of());
    }

    private TurnAtom says(Condition.Says says, String binding) {
        String role = says.role().name();
        Optional<Position> position = says.position();
        return switch (says.match()) {
            case Match.Regex regex -> {
                String bound = binding != null || regex.except().isEmpty() ? binding : nextBinding();
                Lhs.Pattern primary = signal(bound, REGEX_SIGNAL, patternName(regex.regex()), role, position);
                List<Lhs> after = regex.except().<List<Lhs>>map(except -> List.of(new Lhs.Not(new Lhs.Pattern(null, SIGNAL, List.of(
                        text("kind", "==", REGEX_SIGNAL),
                        text("name", "==", patternName(except)),
                        expression("turn", "==", bound + ".turn"),
                        expression("start", "<", bound + ".end"),
                        expression("end", ">", bound + ".start")))))).orElse(List.of());
                yield new TurnAtom(List.of(), primary, after);
            }
            case Match.Terms terms -> {
                String lexicon = lexiconName(terms.terms());
                yield switch (terms.quantifier()) {
                    case Match.Quantifier.Any any -> single(signal(binding, LEXICON_SIGNAL, lexicon, role, position));
                    case Match.Quantifier.All all ->
                            distinctTermsInOneTurn(distinctTerms(terms.terms()), lexicon, role, position, binding);
                    case Match.Quantifier.AtLeast atLeast ->
                            distinctTermsInOneTurn(atLeast.count().value(), lexicon, role, position, binding);
                    case Match.Quantifier.None none -> throw new IllegalStateException("'none' is not about one turn");
                };
            }
            case Match.Near near -> {
                String bound = binding != null ? binding : nextBinding();
                Lhs.Pattern primary = signal(bound, LEXICON_SIGNAL, lexiconName(near.terms().terms()), role, position);
                long chars = near.chars().value();
                Lhs.Pattern other = new Lhs.Pattern(null, SIGNAL, List.of(
                        text("kind", "==", LEXICON_SIGNAL),
                        text("name", "==", lexiconName(near.other())),
                        expression("turn", "==", bound + ".turn"),
                        new Constraint("start - " + bound + ".end", "<=", new Value.Number(chars)),
                        new Constraint(bound + ".start - end", "<=", new Value.Number(chars))));
                yield new TurnAtom(List.of(), primary, List.of(other));
            }
            case Match.Intent intent -> single(operatorSignal(binding, intent.name().name(), role, position, Optional.empty()));
            case Match.Similar similar -> single(operatorSignal(binding,
                    anonymousOperator(similarityBindings.get(similar)), role, position, similar.above()));
        };
    }

    private Lhs.Pattern operatorSignal(String binding, String name, String role, Optional<Position> position,
                                       Optional<NumberLiteral> above) {
        List<Constraint> constraints = new ArrayList<>(List.of(text("name", "==", name), text("role", "==", role)));
        position.ifPresent(p -> constraints.add(positionConstraint(p)));
        above.ifPresent(a -> constraints.add(atLeastScore(a)));
        return new Lhs.Pattern(binding, SIGNAL, constraints);
    }

    private static Constraint atLeastScore(NumberLiteral above) {
        return new Constraint("score", ">=", new Value.Expression(Double.toString(above.value())));
    }

    /**
     * Some turn of {@code role} holds at least {@code count} distinct terms: an anchor signal picks
     * the turn, an accumulate over that turn's signals counts the distinct terms and collects the
     * signals as evidence. The anchor is a signal, not the turn, so evidence is only matched text.
     */
    private TurnAtom distinctTermsInOneTurn(int count, String lexicon, String role, Optional<Position> position,
                                            String binding) {
        if (count == 1) {
            return single(signal(binding, LEXICON_SIGNAL, lexicon, role, position));
        }
        int n = ++bindings;
        String anchor = binding != null ? binding : "$anchor" + n;
        String signal = "$signal" + n;
        String terms = "$terms" + n;
        Lhs.Pattern sameTurn = new Lhs.Pattern(signal, SIGNAL, List.of(
                text("kind", "==", LEXICON_SIGNAL),
                text("name", "==", lexicon),
                expression("turn", "==", anchor + ".turn")));
        Lhs.Accumulate accumulate = new Lhs.Accumulate(sameTurn, List.of(
                new Lhs.Accumulate.Function(terms, "collectSet", signal + ".getTerm()"),
                new Lhs.Accumulate.Function("$signals" + n, "collectList", signal)),
                new Constraint(terms + ".size()", ">=", new Value.Number(count)));
        return new TurnAtom(List.of(), signal(anchor, LEXICON_SIGNAL, lexicon, role, position), List.of(accumulate));
    }

    private Lhs.Pattern signal(String binding, String kind, String name, String role, Optional<Position> position) {
        List<Constraint> constraints = new ArrayList<>(List.of(
                text("kind", "==", kind),
                text("name", "==", name),
                text("role", "==", role)));
        position.ifPresent(p -> constraints.add(positionConstraint(p)));
        return new Lhs.Pattern(binding, SIGNAL, constraints);
    }

    /** The checker made sure a role-scoped position names the atom's own role. */
    private Constraint positionConstraint(Position position) {
        long count = position.count().value();
        return switch (position) {
            case Position.FirstTurns first -> new Constraint(first.role().isPresent() ? "roleIndex" : "turn", "<",
                    new Value.Number(count));
            case Position.LastTurns last -> {
                needsDialogue = true;
                yield last.role().isPresent()
                        ? expression("roleIndex", ">=", DIALOGUE + ".turnsOf(" + DrlWriter.quote(last.role().get().name()) + ") - " + count)
                        : expression("turn", ">=", DIALOGUE + ".turnCount - " + count);
            }
        };
    }

    // ---- windows and counts ---------------------------------------------------------------------

    /** The anchor's elements first, bound; then the target, constrained to the window after (or before) it. */
    private TurnAtom anchored(Condition.Anchored anchored, String binding) {
        String anchorBinding = nextBinding();
        TurnAtom anchor = atom(anchored.anchor(), anchorBinding);
        TurnAtom target = atom(anchored.target(), binding);
        String field = target.turnField();
        String anchorTurn = anchorBinding + "." + anchor.turnField();
        List<Constraint> window = switch (anchored.window()) {
            case Condition.Window.NextTurns next when next.role().isPresent() -> {
                needsDialogue = true;
                String role = next.role().get().name();
                yield List.of(text("role", "==", role),
                        expression(field, ">", anchorTurn),
                        expression("roleIndex", "<", DIALOGUE + ".turnsOfRoleThrough(" + DrlWriter.quote(role) + ", "
                                + anchorTurn + ") + " + next.count().value()));
            }
            case Condition.Window.NextTurns next -> List.of(expression(field, ">", anchorTurn),
                    expression(field, "<=", anchorTurn + " + " + next.count().value()));
            case Condition.Window.Seconds seconds -> {
                needsDialogue = true;
                yield List.of(expression(field, ">", anchorTurn),
                        new Constraint(DIALOGUE + ".millisBetween(" + anchorTurn + ", " + field + ")", "<=",
                                new Value.Number(Math.round(seconds.seconds().value() * 1000))));
            }
            case Condition.Window.Before before -> List.of(expression(field, "<", anchorTurn));
            case Condition.Window.After after -> List.of(expression(field, ">", anchorTurn));
        };
        List<Lhs> before = new ArrayList<>(anchor.before());
        before.add(anchor.primary());
        before.addAll(anchor.after());
        before.addAll(target.before());
        TurnAtom constrained = target.constrained(window);
        return new TurnAtom(before, constrained.primary(), constrained.after());
    }

    /**
     * The target's pattern, bound, then an accumulate of the same pattern on earlier turns: exactly
     * N - 1 distinct earlier turns make this the Nth. The checker made sure the target is one pattern.
     */
    private TurnAtom nth(Condition.Nth nth, String binding) {
        String bound = binding != null ? binding : nextBinding();
        TurnAtom target = atom(nth.target(), bound);
        int n = ++bindings;
        String earlier = "$earlier" + n;
        String field = target.turnField();
        List<Constraint> constraints = new ArrayList<>(target.primary().constraints());
        constraints.add(expression(field, "<", bound + "." + field));
        String turns = "$earlierTurns" + n;
        Lhs.Accumulate accumulate = new Lhs.Accumulate(new Lhs.Pattern(earlier, target.primary().type(), constraints),
                List.of(new Lhs.Accumulate.Function(turns, "collectSet", earlier + (field.equals("index") ? ".getIndex()" : ".getTurn()"))),
                new Constraint(turns + ".size()", "==", new Value.Number(nth.nth().value() - 1)));
        List<Lhs> after = new ArrayList<>(target.after());
        after.add(accumulate);
        return new TurnAtom(target.before(), target.primary(), after);
    }

    /** Counts the distinct turns the atom's one pattern matches on; the checker made sure it is one pattern. */
    private Lhs counted(Condition.Counted counted) {
        int n = ++bindings;
        String fact = "$counted" + n;
        TurnAtom atom = atom(counted.target(), fact);
        String turns = "$turns" + n;
        String getter = atom.turnField().equals("index") ? ".getIndex()" : ".getTurn()";
        return new Lhs.Accumulate(atom.primary(), List.of(
                new Lhs.Accumulate.Function(turns, "collectSet", fact + getter),
                new Lhs.Accumulate.Function("$evidence" + n, "collectList", fact)),
                new Constraint(turns + ".size()", counted.atLeast() ? ">=" : "<=", new Value.Number(counted.times().value())));
    }

    // ---- timing, dialogue, fields ---------------------------------------------------------------

    /** The constraints of a per-turn timing condition on {@link TurnFact}. */
    private static List<Constraint> turnTiming(Condition.Timing timing) {
        List<Constraint> constraints = new ArrayList<>();
        String operator = timing.comparison().operator();
        timing.role().ifPresent(role -> constraints.add(text("role", "==", role.name())));
        switch (timing.measure()) {
            case RESPONSE_TIME, INTERRUPTION -> {
                String role = timing.role().orElseThrow().name();
                constraints.add(new Constraint("previousRole", "!=", NULL));
                constraints.add(text("previousRole", "!=", role));
                constraints.add(new Constraint("gapMillis", "!=", NULL));
                constraints.add(timing.measure() == Condition.Measure.INTERRUPTION
                        ? new Constraint("gapMillis", "<", new Value.Number(0))
                        : new Constraint("gapMillis", operator, new Value.Number(millis(timing.amount()))));
            }
            case SILENCE -> {
                constraints.add(new Constraint("gapMillis", "!=", NULL));
                constraints.add(new Constraint("gapMillis", operator, new Value.Number(millis(timing.amount()))));
            }
            case SPEECH_RATE -> {
                constraints.add(new Constraint("charsPerSecond", "!=", NULL));
                constraints.add(new Constraint("charsPerSecond", operator, new Value.Expression(Double.toString(timing.amount().value()))));
            }
            default -> throw new IllegalStateException("not about one turn: " + timing.measure());
        }
        return constraints;
    }

    /** Some response of the role was measured, and none took longer than the limit. */
    private static Lhs respondsWithin(Condition.Timing timing) {
        String role = timing.role().orElseThrow().name();
        List<Constraint> response = List.of(text("role", "==", role), new Constraint("previousRole", "!=", NULL),
                text("previousRole", "!=", role), new Constraint("gapMillis", "!=", NULL));
        List<Constraint> slow = new ArrayList<>(response);
        slow.add(new Constraint("gapMillis", ">", new Value.Number(millis(timing.amount()))));
        return new Lhs.And(List.of(new Lhs.Exists(new Lhs.Pattern(null, TURN, response)),
                new Lhs.Not(new Lhs.Pattern(null, TURN, slow))));
    }

    private static Lhs dialogueMeasure(Condition.Timing timing) {
        String operator = timing.comparison().operator();
        List<Constraint> constraints = timing.measure() == Condition.Measure.DURATION
                ? List.of(new Constraint("durationMillis", "!=", NULL),
                new Constraint("durationMillis", operator, new Value.Number(millis(timing.amount()))))
                : List.of(new Constraint(timing.role().map(role -> "turnsOf(" + DrlWriter.quote(role.name()) + ")").orElse("turnCount"),
                operator, new Value.Number((long) timing.amount().value())));
        return new Lhs.Pattern(null, DialogueFact.class.getSimpleName(), constraints);
    }

    private static Lhs field(Condition.Field field) {
        List<Constraint> constraints = new ArrayList<>();
        List<String> values = field.values().stream().map(StringLiteral::value).toList();
        if (!field.outcome()) {
            String attribute = "attribute(" + DrlWriter.quote(field.name().name()) + ")";
            constraints.add(values.size() == 1 ? new Constraint(attribute, "==", new Value.Text(values.getFirst()))
                    : new Constraint(attribute, "in", new Value.TextList(values)));
        } else {
            String name = field.name().name();
            constraints.add(new Constraint(name, "!=", NULL));
            if (field.number().isPresent()) {
                constraints.add(new Constraint(name, field.comparison().operator(),
                        new Value.Number((long) field.number().get().value())));
            } else {
                constraints.add(new Constraint(name, values.size() == 1 ? "==" : "in",
                        new Value.Expression(values.size() == 1 ? values.getFirst() : "(" + String.join(", ", values) + ")")));
            }
        }
        return new Lhs.Pattern(null, DialogueFact.class.getSimpleName(), constraints);
    }

    private static long millis(NumberLiteral seconds) {
        return Math.round(seconds.value() * 1000);
    }

    // ---- names ----------------------------------------------------------------------------------

    private static Constraint text(String left, String operator, String value) {
        return new Constraint(left, operator, new Value.Text(value));
    }

    private static Constraint expression(String left, String operator, String expression) {
        return new Constraint(left, operator, new Value.Expression(expression));
    }

    private String nextBinding() {
        return "$w" + ++bindings;
    }

    private String anonymousOperator(PluginBinding binding) {
        String name = nextInlineName();
        anonymousOperators.add(new OperatorBinding(name, binding));
        return name;
    }

    private int distinctTerms(Match.TermSource source) {
        return switch (source) {
            case Match.TermSource.LexiconRef ref -> LexiconTerms.distinct(lexicons.get(ref.name().name()).terms().items()).size();
            case Match.TermSource.Inline inline -> LexiconTerms.distinct(inline.terms().items()).size();
        };
    }

    private String lexiconName(Match.TermSource source) {
        return switch (source) {
            case Match.TermSource.LexiconRef ref -> ref.name().name();
            case Match.TermSource.Inline inline -> {
                String name = nextInlineName();
                inlineLexicons.add(new LexiconDefinition(name, LexiconTerms.distinct(inline.terms().items())));
                yield name;
            }
        };
    }

    private String patternName(Match.RegexSource source) {
        return switch (source) {
            case Match.RegexSource.PatternRef ref -> ref.name().name();
            case Match.RegexSource.EntityRef ref -> ref.name().name();
            case Match.RegexSource.Inline inline -> {
                String name = nextInlineName();
                inlinePatterns.add(new PatternDefinition(name, inline.regex().regex()));
                yield name;
            }
        };
    }

    private String nextInlineName() {
        return ruleId + "#" + ++inlineSources;
    }
}
