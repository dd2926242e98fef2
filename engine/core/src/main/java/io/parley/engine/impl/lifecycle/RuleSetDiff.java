package io.parley.engine.impl.lifecycle;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import io.parley.engine.api.RuleSetRef;
import io.parley.engine.api.ruleset.LexiconDefinition;
import io.parley.engine.api.ruleset.PatternDefinition;
import io.parley.engine.api.ruleset.RuleDefinition;
import io.parley.engine.api.ruleset.RuleSetDefinition;
import io.parley.engine.api.ruleset.ScorecardDefinition;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * What changed between two versions of a rule set, in the rule author's terms: rules added,
 * removed and changed (condition, severity, title, tags, scorecard weight), lexicons added,
 * removed and changed (terms added and removed), patterns, and the scorecard's base and grades.
 *
 * <p>A rule's condition is compared as what the compiler generated for it (its signal condition,
 * or the DRL rules named after the rule), so a rewording that compiles to the same rules is no change, and a change to a
 * lexicon the rule uses shows as a lexicon change rather than a condition change.
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record RuleSetDiff(RuleSetRef from, RuleSetRef to, List<String> rulesAdded, List<String> rulesRemoved,
                          List<RuleChange> rulesChanged, List<String> lexiconsAdded, List<String> lexiconsRemoved,
                          List<LexiconChange> lexiconsChanged, List<Change> patternsChanged, List<Change> scorecardChanged) {

    /** One field that differs: {@code field} is e.g. "severity", "condition", "weight". */
    public record Change(String field, Object from, Object to) {
    }

    public record RuleChange(String rule, List<Change> changes) {
    }

    public record LexiconChange(String lexicon, List<String> termsAdded, List<String> termsRemoved) {
    }

    @JsonIgnore
    public boolean isEmpty() {
        return rulesAdded.isEmpty() && rulesRemoved.isEmpty() && rulesChanged.isEmpty() && lexiconsAdded.isEmpty()
                && lexiconsRemoved.isEmpty() && lexiconsChanged.isEmpty() && patternsChanged.isEmpty()
                && scorecardChanged.isEmpty();
    }

    private static final Pattern DRL_RULE = Pattern.compile(
            "(?ms)^rule\\s+\"((?:[^\"\\\\]|\\\\.)*)\"\\s*$(.*?)^end\\s*$");

    public static RuleSetDiff between(RuleSetDefinition from, RuleSetDefinition to) {
        Map<String, RuleDefinition> oldRules = byKey(from.rules(), RuleDefinition::id);
        Map<String, RuleDefinition> newRules = byKey(to.rules(), RuleDefinition::id);
        Map<String, String> oldConditions = conditions(from);
        Map<String, String> newConditions = conditions(to);
        Map<String, String> oldWeights = weights(from.scorecard());
        Map<String, String> newWeights = weights(to.scorecard());

        List<RuleChange> rulesChanged = new ArrayList<>();
        for (RuleDefinition rule : to.rules()) {
            RuleDefinition old = oldRules.get(rule.id());
            if (old == null) {
                continue;
            }
            List<Change> changes = new ArrayList<>();
            compare(changes, "condition", conditionOf(oldConditions, rule.id()), conditionOf(newConditions, rule.id()));
            compare(changes, "title", old.title(), rule.title());
            compare(changes, "severity", old.severity(), rule.severity());
            compare(changes, "tags", old.tags(), rule.tags());
            compare(changes, "weight", oldWeights.get(rule.id()), newWeights.get(rule.id()));
            if (!changes.isEmpty()) {
                rulesChanged.add(new RuleChange(rule.id(), changes));
            }
        }

        Map<String, LexiconDefinition> oldLexicons = byKey(from.lexicons(), LexiconDefinition::name);
        Map<String, LexiconDefinition> newLexicons = byKey(to.lexicons(), LexiconDefinition::name);
        List<LexiconChange> lexiconsChanged = new ArrayList<>();
        for (LexiconDefinition lexicon : to.lexicons()) {
            LexiconDefinition old = oldLexicons.get(lexicon.name());
            if (old != null) {
                List<String> added = minus(lexicon.terms(), old.terms());
                List<String> removed = minus(old.terms(), lexicon.terms());
                if (!added.isEmpty() || !removed.isEmpty()) {
                    lexiconsChanged.add(new LexiconChange(lexicon.name(), added, removed));
                }
            }
        }

        List<Change> patternsChanged = new ArrayList<>();
        Map<String, String> oldPatterns = from.patterns().stream().collect(Collectors.toMap(PatternDefinition::name,
                PatternDefinition::regex, (a, b) -> a, LinkedHashMap::new));
        Map<String, String> newPatterns = to.patterns().stream().collect(Collectors.toMap(PatternDefinition::name,
                PatternDefinition::regex, (a, b) -> a, LinkedHashMap::new));
        for (String name : union(oldPatterns.keySet(), newPatterns.keySet())) {
            compare(patternsChanged, name, oldPatterns.get(name), newPatterns.get(name));
        }

        List<Change> scorecardChanged = new ArrayList<>();
        ScorecardDefinition oldCard = from.scorecard();
        ScorecardDefinition newCard = to.scorecard();
        compare(scorecardChanged, "name", oldCard == null ? null : oldCard.name(), newCard == null ? null : newCard.name());
        compare(scorecardChanged, "base", oldCard == null ? null : oldCard.base(), newCard == null ? null : newCard.base());
        compare(scorecardChanged, "grades", grades(oldCard), grades(newCard));

        return new RuleSetDiff(from.ref(), to.ref(),
                minus(List.copyOf(newRules.keySet()), List.copyOf(oldRules.keySet())),
                minus(List.copyOf(oldRules.keySet()), List.copyOf(newRules.keySet())),
                rulesChanged,
                minus(List.copyOf(newLexicons.keySet()), List.copyOf(oldLexicons.keySet())),
                minus(List.copyOf(oldLexicons.keySet()), List.copyOf(newLexicons.keySet())),
                lexiconsChanged, patternsChanged, scorecardChanged);
    }

    /** Each rule's condition: a signal rule's as data, the others' as their DRL. */
    private static Map<String, String> conditions(RuleSetDefinition definition) {
        Map<String, String> byName = conditions(definition.drl());
        definition.signalRules().forEach(rule -> byName.put(rule.id(), rule.condition().toString()));
        return byName;
    }

    /** The "when" part of each DRL rule, by rule name. */
    static Map<String, String> conditions(String drl) {
        Map<String, String> byName = new LinkedHashMap<>();
        if (drl == null) {
            return byName;
        }
        Matcher rule = DRL_RULE.matcher(drl);
        while (rule.find()) {
            String body = rule.group(2);
            int when = body.indexOf("when");
            int then = body.lastIndexOf("then");
            String condition = when >= 0 && then > when ? body.substring(when + 4, then) : body;
            byName.put(rule.group(1).replace("\\\"", "\"").replace("\\\\", "\\"),
                    condition.lines().map(String::strip).filter(line -> !line.isEmpty()).collect(Collectors.joining("\n")));
        }
        return byName;
    }

    /**
     * The DRL conditions of one DSL rule: the DRL rule of that name, and any whose name continues
     * it past a non-identifier character (a compiler may split one rule into several, e.g. "r#2").
     */
    private static String conditionOf(Map<String, String> conditions, String ruleId) {
        String joined = conditions.entrySet().stream()
                .filter(e -> e.getKey().equals(ruleId) || (e.getKey().startsWith(ruleId)
                        && !Character.isLetterOrDigit(e.getKey().charAt(ruleId.length()))
                        && e.getKey().charAt(ruleId.length()) != '_'))
                .map(Map.Entry::getValue).collect(Collectors.joining("\n--\n"));
        return joined.isEmpty() ? null : joined;
    }

    /** Scorecard weight per rule: its points ("-5", "+3") or "veto". */
    private static Map<String, String> weights(ScorecardDefinition scorecard) {
        Map<String, String> weights = new LinkedHashMap<>();
        if (scorecard != null) {
            for (ScorecardDefinition.Item item : scorecard.items()) {
                weights.put(item.rule(), item.veto() ? "veto" : (item.points() > 0 ? "+" : "") + number(item.points()));
            }
        }
        return weights;
    }

    private static String grades(ScorecardDefinition scorecard) {
        return scorecard == null ? null : scorecard.grades().stream()
                .map(band -> band.grade() + " >= " + number(band.min())).collect(Collectors.joining(", "));
    }

    private static String number(double value) {
        return value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }

    private static void compare(List<Change> changes, String field, Object from, Object to) {
        if (!Objects.equals(from, to)) {
            changes.add(new Change(field, from, to));
        }
    }

    private static <T> Map<String, T> byKey(List<T> items, Function<T, String> key) {
        return items.stream().collect(Collectors.toMap(key, item -> item, (a, b) -> a, LinkedHashMap::new));
    }

    private static List<String> minus(List<String> from, List<String> taken) {
        Set<String> gone = Set.copyOf(taken);
        return from.stream().filter(item -> !gone.contains(item)).distinct().toList();
    }

    private static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> all = new LinkedHashSet<>(a);
        all.addAll(b);
        return all;
    }
}
