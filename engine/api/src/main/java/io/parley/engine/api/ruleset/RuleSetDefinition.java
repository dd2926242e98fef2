package io.parley.engine.api.ruleset;

import io.parley.engine.api.RuleSetRef;

import java.util.List;

/**
 * A compiled rule set, the contract between the DSL compiler and the runtime: what the annotate
 * stage must look for (lexicons, patterns, declared operators), the Drools rules that reason over
 * the resulting {@link io.parley.engine.api.facts.TurnFact} and
 * {@link io.parley.engine.api.facts.SignalFact} facts, how hits become a score, and how raw records
 * become dialogues. The runtime needs nothing else, so it never sees the parser.
 *
 * <p>Lexicons and patterns are the typed data of the built-in {@code lexicon} and {@code regex}
 * operators; the runtime runs them first, then {@code operators} in declaration order, each seeing
 * the signals of those before it.
 *
 * @param drl       a complete DRL package; its rules report through the global
 *                  {@code io.parley.engine.api.facts.HitCollector hits}
 * @param operators plugin operators declared by name, in declaration order
 * @param mapper    the dialogue mapper for raw records ({@code script map}), or null
 * @param tests       the tests written in the rule file, in source order; they do not change how
 *                    dialogues are evaluated
 * @param checkpoints required steps, in source order; their DRL rules are in {@code drl} (see
 *                    {@link CheckpointDefinition})
 * @param signalRules rules decided straight from the signals, outside Drools; {@code drl} holds
 *                    the others
 * @param sops        SOPs, in source order; their stages' DRL rules are in {@code drl} (see
 *                    {@link SopDefinition})
 */
public record RuleSetDefinition(RuleSetRef ref, String language, List<LexiconDefinition> lexicons,
                                List<PatternDefinition> patterns, List<OperatorBinding> operators,
                                List<RuleDefinition> rules, String drl, ScorecardDefinition scorecard,
                                PluginBinding mapper, List<RuleTest> tests, List<CheckpointDefinition> checkpoints,
                                List<SignalRule> signalRules, List<SopDefinition> sops) {
    public RuleSetDefinition {
        lexicons = lexicons == null ? List.of() : List.copyOf(lexicons);
        patterns = patterns == null ? List.of() : List.copyOf(patterns);
        operators = operators == null ? List.of() : List.copyOf(operators);
        rules = rules == null ? List.of() : List.copyOf(rules);
        tests = tests == null ? List.of() : List.copyOf(tests);
        checkpoints = checkpoints == null ? List.of() : List.copyOf(checkpoints);
        signalRules = signalRules == null ? List.of() : List.copyOf(signalRules);
        sops = sops == null ? List.of() : List.copyOf(sops);
    }

    /** A rule set without SOPs. */
    public RuleSetDefinition(RuleSetRef ref, String language, List<LexiconDefinition> lexicons,
                             List<PatternDefinition> patterns, List<OperatorBinding> operators,
                             List<RuleDefinition> rules, String drl, ScorecardDefinition scorecard,
                             PluginBinding mapper, List<RuleTest> tests, List<CheckpointDefinition> checkpoints,
                             List<SignalRule> signalRules) {
        this(ref, language, lexicons, patterns, operators, rules, drl, scorecard, mapper, tests, checkpoints, signalRules,
                List.of());
    }

    /** A rule set whose rules are all in its DRL. */
    public RuleSetDefinition(RuleSetRef ref, String language, List<LexiconDefinition> lexicons,
                             List<PatternDefinition> patterns, List<OperatorBinding> operators,
                             List<RuleDefinition> rules, String drl, ScorecardDefinition scorecard,
                             PluginBinding mapper, List<RuleTest> tests, List<CheckpointDefinition> checkpoints) {
        this(ref, language, lexicons, patterns, operators, rules, drl, scorecard, mapper, tests, checkpoints, List.of());
    }

    /** A rule set without checkpoints. */
    public RuleSetDefinition(RuleSetRef ref, String language, List<LexiconDefinition> lexicons,
                             List<PatternDefinition> patterns, List<OperatorBinding> operators,
                             List<RuleDefinition> rules, String drl, ScorecardDefinition scorecard,
                             PluginBinding mapper, List<RuleTest> tests) {
        this(ref, language, lexicons, patterns, operators, rules, drl, scorecard, mapper, tests, List.of());
    }

    /** A rule set without tests. */
    public RuleSetDefinition(RuleSetRef ref, String language, List<LexiconDefinition> lexicons,
                             List<PatternDefinition> patterns, List<OperatorBinding> operators,
                             List<RuleDefinition> rules, String drl, ScorecardDefinition scorecard,
                             PluginBinding mapper) {
        this(ref, language, lexicons, patterns, operators, rules, drl, scorecard, mapper, List.of());
    }

    /** A rule set that uses only lexicons and patterns, and maps no raw records. */
    public RuleSetDefinition(RuleSetRef ref, String language, List<LexiconDefinition> lexicons,
                             List<PatternDefinition> patterns, List<RuleDefinition> rules, String drl,
                             ScorecardDefinition scorecard) {
        this(ref, language, lexicons, patterns, List.of(), rules, drl, scorecard, null, List.of());
    }
}
