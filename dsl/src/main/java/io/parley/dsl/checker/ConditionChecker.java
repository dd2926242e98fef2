package io.parley.dsl.checker;

import io.parley.dsl.ast.Condition;
import io.parley.dsl.ast.Declaration;
import io.parley.dsl.ast.DeclarationKind;
import io.parley.dsl.ast.Identifier;
import io.parley.dsl.ast.Match;
import io.parley.dsl.diagnostics.DiagnosticCode;
import io.parley.dsl.diagnostics.Diagnostics;
import io.parley.dsl.source.Span;
import io.parley.engine.api.Dialogue;
import io.parley.engine.api.NameSuggestions;
import io.parley.engine.api.ruleset.PluginBinding;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static io.parley.dsl.checker.Numbers.format;
import static io.parley.dsl.checker.SymbolTable.isOperator;
import static io.parley.dsl.checker.VocabularyChecker.LABEL;
import static io.parley.dsl.checker.VocabularyChecker.SENTIMENT_PLUGIN;
import static io.parley.dsl.checker.VocabularyChecker.THRESHOLD;

/**
 * Conditions wherever they are written (rules, checkpoints, signals, stages, 'applies when'): their
 * names resolve, counts and windows make sense, and the conditions that must point at a turn do.
 * Signals are checked for cycles before any condition, so the checks that follow a signal to its
 * condition know which signals never end there.
 * What one turn says is the {@link MatchChecker}'s.
 */
final class ConditionChecker {
    private static final List<String> OUTCOME_FIELDS = List.of("converted", "satisfaction");

    private final Diagnostics diagnostics;
    private final SymbolTable symbols;
    private final VocabularyChecker vocabulary;
    private final MatchChecker matchChecker;
    private final PluginUses pluginUses;
    private final Set<String> signalsInCycles = new HashSet<>();
    /** The plugin bindings of anonymous operators ({@code sentiment …}), by their use. */
    private final Map<Condition, PluginBinding> anonymousOperators = new HashMap<>();

    ConditionChecker(Diagnostics diagnostics, SymbolTable symbols, VocabularyChecker vocabulary, MatchChecker matchChecker,
                     PluginUses pluginUses) {
        this.diagnostics = diagnostics;
        this.symbols = symbols;
        this.vocabulary = vocabulary;
        this.matchChecker = matchChecker;
        this.pluginUses = pluginUses;
    }

    /** Every signal: first whether it uses itself, then its condition. */
    void checkSignals() {
        checkSignalCycles();
        symbols.signals().values().forEach(signal -> {
            if (signal instanceof Declaration.Signal declared) {
                checkCondition(declared.condition(), "signal '" + declared.name().name() + "'");
            }
        });
    }

    /** @param owner what the condition belongs to, for messages: "rule 'x'" */
    void checkCondition(Condition condition, String owner) {
        switch (condition) {
            case Condition.And and -> and.operands().forEach(operand -> checkCondition(operand, owner));
            case Condition.Or or -> or.operands().forEach(operand -> checkCondition(operand, owner));
            case Condition.Not not -> checkCondition(not.operand(), owner);
            case Condition.Says says -> matchChecker.checkSays(says, owner);
            case Condition.Matches matches -> matchChecker.checkMatches(matches);
            case Condition.Sentiment sentiment -> {
                symbols.checkRole(sentiment.role());
                sentiment.above().ifPresent(vocabulary::checkThreshold);
                Map<String, Object> config = new LinkedHashMap<>();
                config.put(LABEL, sentiment.label().name());
                sentiment.above().ifPresent(above -> config.put(THRESHOLD, above.value()));
                pluginUses.model(SENTIMENT_PLUGIN, config, sentiment.label().span())
                        .ifPresent(binding -> anonymousOperators.put(sentiment, binding));
            }
            case Condition.SignalRef ref -> checkSignalRef(ref);
            case Condition.Timing timing -> checkTiming(timing);
            case Condition.Field field -> checkField(field);
            case Condition.Anchored anchored -> checkAnchored(anchored, owner);
            case Condition.Nth nth -> {
                checkCondition(nth.target(), owner);
                if (nth.nth().value() < 1) {
                    diagnostics.report(DiagnosticCode.COUNT_OUT_OF_RANGE, nth.nth().span(),
                            "there is no " + nth.nth().value() + "th time", "count occurrences from 1st");
                } else if (!unresolved(nth.target()) && !isCountable(nth.target())) {
                    diagnostics.report(DiagnosticCode.NOT_A_TURN_CONDITION, nth.target().span(),
                            "'for the " + sourceText(nth.nth().span()) + " time' counts the turns one simple condition holds on, and this one is not",
                            "use a single 'says any', 'says regex', 'mentions entity', 'turn matches', sentiment or timing condition");
                }
            }
            case Condition.Counted counted -> {
                checkCondition(counted.target(), owner);
                if (!unresolved(counted.target()) && !isCountable(counted.target())) {
                    diagnostics.report(DiagnosticCode.NOT_A_TURN_CONDITION, counted.target().span(),
                            "'at " + (counted.atLeast() ? "least" : "most") + " " + counted.times().value()
                                    + " times' counts the turns one simple condition holds on, and this one is not",
                            "count a single 'says any', 'says regex', 'mentions entity', 'turn matches', sentiment or "
                                    + "timing condition; combine counts with and/or");
                } else if (counted.atLeast() && counted.times().value() == 0) {
                    diagnostics.report(DiagnosticCode.ALWAYS_TRUE, counted.times().span(),
                            "'at least 0 times' always holds", "count from 1, or drop the condition");
                }
            }
        }
    }

    private void checkAnchored(Condition.Anchored anchored, String owner) {
        checkCondition(anchored.target(), owner);
        checkCondition(anchored.anchor(), owner);
        for (Condition side : List.of(anchored.target(), anchored.anchor())) {
            if (!unresolved(side) && turnRole(side, new HashSet<>()).isEmpty()) {
                diagnostics.report(DiagnosticCode.NOT_A_TURN_CONDITION, side.span(),
                        (side == anchored.target() ? "the condition before the window" : "the condition the window is anchored at")
                                + " does not point at a turn, so it cannot be placed in the dialogue",
                        "use a 'says', 'mentions', 'turn matches', sentiment or per-turn timing condition (or a signal of one) here");
            }
        }
        switch (anchored.window()) {
            case Condition.Window.NextTurns next -> {
                if (next.count().value() < 1) {
                    diagnostics.report(DiagnosticCode.EMPTY_POSITION, next.count().span(),
                            "'within next " + next.count().value() + "' covers no turns", "use a count of at least 1");
                }
                next.role().ifPresent(role -> {
                    if (symbols.checkRole(role)) {
                        turnRole(anchored.target(), new HashSet<>()).flatMap(r -> r).ifPresent(targetRole -> {
                            if (!targetRole.equals(role.name())) {
                                diagnostics.report(DiagnosticCode.POSITION_ROLE_MISMATCH, role.span(),
                                        "the window counts " + role.name() + " turns, but the condition is about " + targetRole,
                                        "write 'within next " + next.count().value() + " " + targetRole
                                                + " turns', or 'within next " + next.count().value() + " turns' to count every turn");
                            }
                        });
                    }
                });
            }
            case Condition.Window.Seconds seconds -> {
                if (seconds.seconds().value() <= 0) {
                    diagnostics.report(DiagnosticCode.EMPTY_POSITION, seconds.seconds().span(),
                            "a window of " + format(seconds.seconds()) + "s covers no time", "use a positive time, like 60s");
                }
            }
            case Condition.Window.Before before -> {
            }
            case Condition.Window.After after -> {
            }
        }
    }

    /**
     * Whether the condition, whenever it holds, has evidence on some turn: a stage is placed in the
     * dialogue by those turns. Unknown signals and cycles count as pointing, being reported already.
     */
    boolean pointsAtTurns(Condition condition, Set<String> seenSignals) {
        return switch (condition) {
            case Condition.Says says -> !(says.match() instanceof Match.Terms terms
                    && terms.quantifier() instanceof Match.Quantifier.None);
            case Condition.Matches matches -> true;
            case Condition.Sentiment sentiment -> true;
            case Condition.Timing timing -> switch (timing.measure()) {
                case RESPONSE_TIME, INTERRUPTION, SPEECH_RATE, SILENCE -> true;
                case RESPONDS_WITHIN, TURN_COUNT, DURATION -> false;
            };
            case Condition.SignalRef ref -> !(symbols.signals().get(ref.name().name()) instanceof Declaration.Signal signal)
                    || !seenSignals.add(ref.name().name()) || pointsAtTurns(signal.condition(), seenSignals);
            case Condition.And and -> and.operands().stream().anyMatch(operand -> pointsAtTurns(operand, seenSignals));
            case Condition.Or or -> or.operands().stream().allMatch(operand -> pointsAtTurns(operand, seenSignals));
            case Condition.Anchored anchored -> true;
            case Condition.Nth nth -> pointsAtTurns(nth.target(), seenSignals);
            case Condition.Counted counted -> counted.atLeast() && counted.times().value() > 0
                    && pointsAtTurns(counted.target(), seenSignals);
            case Condition.Not not -> false;
            case Condition.Field field -> false;
        };
    }

    /**
     * The role of the turn a condition points at (empty inside when any role), or empty when it
     * points at no single turn (dialogue-wide conditions, combinations).
     */
    Optional<Optional<String>> turnRole(Condition condition, Set<String> seenSignals) {
        return switch (condition) {
            case Condition.Says says -> says.match() instanceof Match.Terms terms
                    && terms.quantifier() instanceof Match.Quantifier.None
                    ? Optional.empty() : Optional.of(Optional.of(says.role().name()));
            case Condition.Matches matches -> Optional.of(matches.role().map(Identifier::name));
            case Condition.Sentiment sentiment -> Optional.of(Optional.of(sentiment.role().name()));
            case Condition.Timing timing -> switch (timing.measure()) {
                case RESPONSE_TIME, INTERRUPTION, SPEECH_RATE -> Optional.of(timing.role().map(Identifier::name));
                case SILENCE -> Optional.of(Optional.empty());
                case RESPONDS_WITHIN, TURN_COUNT, DURATION -> Optional.empty();
            };
            case Condition.SignalRef ref -> symbols.signals().get(ref.name().name()) instanceof Declaration.Signal signal
                    && seenSignals.add(ref.name().name())
                    ? turnRole(signal.condition(), seenSignals) : Optional.empty();
            case Condition.Anchored anchored -> turnRole(anchored.target(), seenSignals);
            case Condition.Nth nth -> turnRole(nth.target(), seenSignals);
            default -> Optional.empty();
        };
    }

    private String sourceText(Span span) {
        return diagnostics.source().text().substring(span.start(), span.end());
    }

    /** A signal that is unknown or in a cycle: already reported, so nothing more is said about its shape. */
    private boolean unresolved(Condition condition) {
        return condition instanceof Condition.SignalRef ref && (!(symbols.signals().get(ref.name().name()) instanceof Declaration.Signal)
                || signalsInCycles.contains(ref.name().name()));
    }

    /** Whether a condition is one pattern over one turn, whose turns an accumulate can count. */
    private boolean isCountable(Condition condition) {
        return switch (condition) {
            case Condition.Says says -> switch (says.match()) {
                case Match.Terms terms -> terms.quantifier() instanceof Match.Quantifier.Any;
                case Match.Regex regex -> regex.except().isEmpty();
                case Match.Intent intent -> true;
                case Match.Similar similar -> true;
                case Match.Near near -> false;
            };
            case Condition.Matches matches -> true;
            case Condition.Sentiment sentiment -> true;
            case Condition.Timing timing -> turnRole(timing, new HashSet<>()).isPresent();
            case Condition.SignalRef ref -> symbols.signals().get(ref.name().name()) instanceof Declaration.Signal signal
                    && !signalsInCycles.contains(ref.name().name()) && isCountable(signal.condition());
            default -> false;
        };
    }

    private void checkTiming(Condition.Timing timing) {
        timing.role().ifPresent(symbols::checkRole);
        if (timing.amount().value() < 0) {
            diagnostics.report(DiagnosticCode.INVALID_DURATION, timing.amount().span(), "a negative amount never holds",
                    "use 0 or more");
        }
    }

    private void checkField(Condition.Field field) {
        String name = field.name().name();
        boolean numeric = field.number().isPresent();
        if (!field.outcome()) {
            if (numeric) {
                diagnostics.report(DiagnosticCode.INVALID_FIELD_VALUE, field.span(),
                        "attribute '" + name + "' is compared as text, not as a number",
                        "write 'attribute " + name + " is \"…\"' or 'attribute " + name + " in [\"…\", …]'");
            }
            return;
        }
        if (!OUTCOME_FIELDS.contains(name)) {
            String typo = NameSuggestions.didYouMean(name, OUTCOME_FIELDS);
            diagnostics.report(DiagnosticCode.UNKNOWN_FIELD, field.name().span(), "unknown outcome field '" + name + "'",
                    typo != null ? typo : "outcome fields are " + String.join(" and ", OUTCOME_FIELDS));
            return;
        }
        if (name.equals("converted")) {
            boolean booleans = !numeric && field.values().stream().allMatch(v -> v.value().equals("true") || v.value().equals("false"));
            if (!booleans) {
                diagnostics.report(DiagnosticCode.INVALID_FIELD_VALUE, field.span(),
                        "outcome 'converted' is true or false", "write 'outcome converted is true' or 'outcome converted is false'");
            }
        } else {
            field.values().stream().filter(v -> !v.value().matches("\\d+")).findFirst().ifPresent(v ->
                    diagnostics.report(DiagnosticCode.INVALID_FIELD_VALUE, v.span(),
                            "outcome 'satisfaction' is a whole number (1 to 5), not " + v.value(),
                            "write 'outcome satisfaction at most 2'"));
        }
    }

    private void checkSignalRef(Condition.SignalRef ref) {
        String name = ref.name().name();
        if (symbols.useSignal(name)) {
            return;
        }
        Declaration other = symbols.termSources().containsKey(name) ? symbols.termSources().get(name) : symbols.rules().get(name);
        String suggestion = NameSuggestions.didYouMean(name, symbols.signals().keySet());
        if (suggestion == null && other != null) {
            suggestion = other.kind() == DeclarationKind.LEXICON ? "match a lexicon with 'ROLE says any " + name + "'"
                    : other.kind() == DeclarationKind.PATTERN ? "match a pattern with 'ROLE says regex " + name + "'"
                    : other.kind() == DeclarationKind.ENTITY ? "match an entity with 'ROLE mentions entity " + name + "'"
                    : isOperator(other) ? "match an operator with 'ROLE turn matches " + name + "'"
                    : "a rule cannot use another rule; declare the shared condition as 'signal " + name + " = …'";
        }
        if (suggestion == null && (Dialogue.BUILT_IN_ROLES.contains(name) || symbols.parties().containsKey(name))) {
            suggestion = "a condition about " + name + " goes on like '" + name + " says …'";
        }
        diagnostics.report(DiagnosticCode.UNKNOWN_SIGNAL, ref.name().span(), "unknown signal '" + name + "'", suggestion);
    }

    /** A signal that uses itself, directly or through others, would never finish compiling. */
    private void checkSignalCycles() {
        for (Map.Entry<String, Declaration> entry : symbols.signals().entrySet()) {
            if (entry.getValue() instanceof Declaration.Signal signal) {
                findCycle(signal, new ArrayList<>(List.of(entry.getKey())));
            }
        }
    }

    private void findCycle(Declaration.Signal signal, List<String> path) {
        for (Condition.SignalRef ref : signalRefs(signal.condition())) {
            String name = ref.name().name();
            if (name.equals(path.getFirst())) {
                if (signalsInCycles.add(path.getFirst())) {
                    diagnostics.report(DiagnosticCode.SIGNAL_CYCLE, ref.name().span(),
                            "signal '" + path.getFirst() + "' uses itself: " + String.join(" → ", path) + " → " + name,
                            "a signal may use other signals, but not itself through them");
                }
            } else if (!path.contains(name) && symbols.signals().get(name) instanceof Declaration.Signal next) {
                path.add(name);
                findCycle(next, path);
                path.removeLast();
            }
        }
    }

    private static List<Condition.SignalRef> signalRefs(Condition condition) {
        return switch (condition) {
            case Condition.SignalRef ref -> List.of(ref);
            case Condition.And and -> and.operands().stream().flatMap(c -> signalRefs(c).stream()).toList();
            case Condition.Or or -> or.operands().stream().flatMap(c -> signalRefs(c).stream()).toList();
            case Condition.Not not -> signalRefs(not.operand());
            case Condition.Anchored anchored -> {
                List<Condition.SignalRef> refs = new ArrayList<>(signalRefs(anchored.target()));
                refs.addAll(signalRefs(anchored.anchor()));
                yield refs;
            }
            case Condition.Counted counted -> signalRefs(counted.target());
            case Condition.Nth nth -> signalRefs(nth.target());
            default -> List.of();
        };
    }

    /** Whether a signal uses itself, directly or through others (reported by {@link #checkSignals}). */
    boolean inSignalCycle(String signal) {
        return signalsInCycles.contains(signal);
    }

    Map<Condition, PluginBinding> anonymousOperators() {
        return anonymousOperators;
    }
}
