package io.parley.dsl.compiler;

import io.parley.dsl.ast.Condition;
import io.parley.dsl.ast.Declaration;
import io.parley.dsl.ast.Match;
import io.parley.dsl.ast.Position;
import io.parley.dsl.checker.LexiconTerms;
import io.parley.dsl.compiler.drl.Lhs;
import io.parley.dsl.compiler.drl.Lhs.Constraint;
import io.parley.dsl.compiler.drl.Lhs.Value;
import io.parley.engine.api.facts.SignalFact;
import io.parley.engine.api.facts.TurnFact;
import io.parley.engine.api.ruleset.LexiconDefinition;
import io.parley.engine.api.ruleset.PatternDefinition;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Translates one rule's checked condition into DRL conditional elements over {@link SignalFact}
 * and {@link TurnFact}. Inline term lists and regexes become anonymous lexicons and patterns named
 * {@code rule_id#1}, {@code rule_id#2}, … in source order, so their names are stable across
 * compilations of the same source.
 */
final class ConditionTranslator {
    static final String LEXICON_SIGNAL = "lexicon";
    static final String REGEX_SIGNAL = "regex";

    private final String ruleId;
    private final Map<String, Declaration.Lexicon> lexicons;
    private final List<LexiconDefinition> inlineLexicons = new ArrayList<>();
    private final List<PatternDefinition> inlinePatterns = new ArrayList<>();
    private int inlineSources;
    private int accumulates;

    ConditionTranslator(String ruleId, Map<String, Declaration.Lexicon> lexicons) {
        this.ruleId = ruleId;
        this.lexicons = lexicons;
    }

    /**
     * The rule's {@code when} part. A condition that can hold without matching any fact (one that
     * is only negative, like {@code not agent says any greeting}) gets {@code exists TurnFact()}
     * first, so it fires once for a dialogue with turns and never for an empty one.
     */
    List<Lhs> when(Condition condition) {
        List<Lhs> when = new ArrayList<>();
        if (!matchesFacts(condition)) {
            when.add(new Lhs.Exists(new Lhs.Pattern(null, TurnFact.class.getSimpleName(), List.of())));
        }
        Lhs translated = translate(condition);
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

    /** Whether every way the condition can hold matches at least one fact, which then anchors the rule. */
    private static boolean matchesFacts(Condition condition) {
        return switch (condition) {
            case Condition.And and -> and.operands().stream().anyMatch(ConditionTranslator::matchesFacts);
            case Condition.Or or -> or.operands().stream().allMatch(ConditionTranslator::matchesFacts);
            case Condition.Not not -> false;
            case Condition.Says says -> !(says.match() instanceof Match.Terms terms
                    && terms.quantifier() instanceof Match.Quantifier.None);
            case Condition.Matches matches -> true;
        };
    }

    private Lhs translate(Condition condition) {
        return switch (condition) {
            case Condition.And and -> new Lhs.And(and.operands().stream().map(this::translate).toList());
            case Condition.Or or -> new Lhs.Or(or.operands().stream().map(this::translate).toList());
            case Condition.Not not -> new Lhs.Not(translate(not.operand()));
            case Condition.Says says -> says(says);
            case Condition.Matches matches -> operatorSignal(matches);
        };
    }

    /**
     * A declared operator's signal, matched by its name (the operator's kind of signal is its own
     * business), of the atom's role unless it is about any turn.
     */
    private static Lhs.Pattern operatorSignal(Condition.Matches matches) {
        List<Constraint> constraints = new ArrayList<>(List.of(new Constraint("name", "==", new Value.Text(matches.operator().name()))));
        matches.role().ifPresent(role -> constraints.add(new Constraint("role", "==", new Value.Text(role.name()))));
        matches.position().ifPresent(p -> constraints.add(positionConstraint(p)));
        return new Lhs.Pattern(null, SignalFact.class.getSimpleName(), constraints);
    }

    private Lhs says(Condition.Says says) {
        String role = says.role().name();
        return switch (says.match()) {
            case Match.Regex regex -> signal(null, REGEX_SIGNAL, patternName(regex.regex()), role, says.position());
            case Match.Terms terms -> {
                String lexicon = lexiconName(terms.terms());
                yield switch (terms.quantifier()) {
                    case Match.Quantifier.Any any -> signal(null, LEXICON_SIGNAL, lexicon, role, says.position());
                    case Match.Quantifier.None none -> new Lhs.Not(signal(null, LEXICON_SIGNAL, lexicon, role, says.position()));
                    case Match.Quantifier.All all -> distinctTermsInOneTurn(distinctTerms(terms.terms()), lexicon, role, says.position());
                    case Match.Quantifier.AtLeast atLeast ->
                            distinctTermsInOneTurn(atLeast.count().value(), lexicon, role, says.position());
                };
            }
        };
    }

    /**
     * Some turn of {@code role} holds at least {@code count} distinct terms: an anchor signal picks
     * the turn, an accumulate over that turn's signals counts the distinct terms and collects the
     * signals as evidence. The anchor is a signal, not the turn, so evidence is only matched text.
     */
    private Lhs distinctTermsInOneTurn(int count, String lexicon, String role, Optional<Position> position) {
        if (count == 1) {
            return signal(null, LEXICON_SIGNAL, lexicon, role, position);
        }
        int n = ++accumulates;
        String anchor = "$anchor" + n;
        String signal = "$signal" + n;
        String terms = "$terms" + n;
        Lhs.Pattern sameTurn = new Lhs.Pattern(signal, SignalFact.class.getSimpleName(), List.of(
                new Constraint("kind", "==", new Value.Text(LEXICON_SIGNAL)),
                new Constraint("name", "==", new Value.Text(lexicon)),
                new Constraint("turn", "==", new Value.Expression(anchor + ".turn"))));
        Lhs.Accumulate accumulate = new Lhs.Accumulate(sameTurn, List.of(
                new Lhs.Accumulate.Function(terms, "collectSet", signal + ".getTerm()"),
                new Lhs.Accumulate.Function("$signals" + n, "collectList", signal)),
                new Constraint(terms + ".size()", ">=", new Value.Number(count)));
        return new Lhs.And(List.of(signal(anchor, LEXICON_SIGNAL, lexicon, role, position), accumulate));
    }

    private static Lhs.Pattern signal(String binding, String kind, String name, String role, Optional<Position> position) {
        List<Constraint> constraints = new ArrayList<>(List.of(
                new Constraint("kind", "==", new Value.Text(kind)),
                new Constraint("name", "==", new Value.Text(name)),
                new Constraint("role", "==", new Value.Text(role))));
        position.ifPresent(p -> constraints.add(positionConstraint(p)));
        return new Lhs.Pattern(binding, SignalFact.class.getSimpleName(), constraints);
    }

    /** The checker made sure a role-scoped position names the atom's own role. */
    private static Constraint positionConstraint(Position position) {
        return switch (position) {
            case Position.FirstTurns first -> new Constraint(first.role().isPresent() ? "roleIndex" : "turn", "<",
                    new Value.Number(first.count().value()));
        };
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
