package io.parley.dsl.checker;

import io.parley.dsl.ast.Condition;
import io.parley.dsl.ast.Declaration;
import io.parley.dsl.ast.Match;
import io.parley.engine.api.ruleset.OperatorBinding;
import io.parley.engine.api.ruleset.PluginBinding;
import io.parley.engine.api.ruleset.RuleTest;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * A checked file: its well-formed declarations by kind, in source order, and its plugin uses as
 * the runtime takes them (configuration built, script files read, origins worked out). When the
 * check reported no error, every name a rule or the scorecard uses resolves here, so later stages
 * need no checks of their own.
 *
 * @param operators declared operators, in declaration order
 * @param formula   the scorecard's formula ({@code script score})
 * @param mapper    the raw-record mapper ({@code script map})
 * @param tests     the file's tests, as a runner takes them
 * @param entities  declared entities, in source order
 * @param signals   the conditions of declared signals, by name
 * @param anonymousOperators the plugin bindings of sentiment conditions, by condition
 * @param anonymousMatches   the plugin bindings of {@code similar to} matches, by match
 * @param drools             raw DRL blocks, in source order
 * @param stages             declared stages, in source order, those in no SOP included
 * @param sops               the SOPs, in source order; each names known stages, each once, at least two
 * @param stageRoles         the role whose turns recognise a stage, for the stages about one role
 */
public record CheckedRuleSet(Optional<Declaration.Template> template, List<Declaration.Lexicon> lexicons,
                             List<Declaration.Pattern> patterns, List<OperatorBinding> operators,
                             List<Declaration.Rule> rules, Optional<Declaration.Scorecard> scorecard,
                             Optional<PluginBinding> formula, Optional<PluginBinding> mapper,
                             List<RuleTest> tests, List<Declaration.Entity> entities, Map<String, Condition> signals,
                             List<Declaration.Checkpoint> checkpoints, Map<Condition, PluginBinding> anonymousOperators,
                             Map<Match, PluginBinding> anonymousMatches, List<Declaration.Drools> drools,
                             List<Declaration.Stage> stages, List<Declaration.Sop> sops,
                             Map<String, String> stageRoles) {
    public CheckedRuleSet {
        entities = List.copyOf(entities);
        checkpoints = List.copyOf(checkpoints);
        lexicons = List.copyOf(lexicons);
        patterns = List.copyOf(patterns);
        operators = List.copyOf(operators);
        rules = List.copyOf(rules);
        tests = List.copyOf(tests);
        stages = List.copyOf(stages);
        sops = List.copyOf(sops);
        stageRoles = Map.copyOf(stageRoles);
    }

    /** Lexicons by name; names are unique once the check passed. */
    public Map<String, Declaration.Lexicon> lexiconsByName() {
        return lexicons.stream().collect(Collectors.toMap(l -> l.name().name(), Function.identity(), (first, later) -> first));
    }
}
