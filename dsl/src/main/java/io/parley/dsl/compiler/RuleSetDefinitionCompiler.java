package io.parley.dsl.compiler;

import io.parley.dsl.ast.Declaration;
import io.parley.dsl.ast.Identifier;
import io.parley.dsl.ast.NumberLiteral;
import io.parley.dsl.ast.RegexLiteral;
import io.parley.dsl.ast.ScoreItem;
import io.parley.dsl.ast.StringList;
import io.parley.dsl.ast.StringLiteral;
import io.parley.dsl.checker.BuiltInEntities;
import io.parley.dsl.checker.CheckedRuleSet;
import io.parley.dsl.checker.Checker;
import io.parley.dsl.checker.LexiconTerms;
import io.parley.dsl.compiler.drl.DrlPackage;
import io.parley.dsl.compiler.drl.DrlRule;
import io.parley.dsl.compiler.drl.DrlWriter;
import io.parley.dsl.compiler.drl.Lhs;
import io.parley.engine.api.RuleSetRef;
import io.parley.engine.api.ruleset.CheckpointDefinition;
import io.parley.engine.api.ruleset.LexiconDefinition;
import io.parley.engine.api.ruleset.OperatorBinding;
import io.parley.engine.api.ruleset.PatternDefinition;
import io.parley.engine.api.ruleset.PluginBinding;
import io.parley.engine.api.ruleset.RuleDefinition;
import io.parley.engine.api.ruleset.RuleSetDefinition;
import io.parley.engine.api.ruleset.ScorecardDefinition;
import io.parley.engine.api.ruleset.SignalCondition;
import io.parley.engine.api.ruleset.SignalRule;
import io.parley.engine.api.ruleset.SopDefinition;
import io.parley.engine.api.ruleset.StageDefinition;

import javax.lang.model.SourceVersion;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Turns a checked rule set (one whose check reported no error) into the runtime's
 * {@link RuleSetDefinition}: lexicons, patterns and declared operators for the annotate stage, one
 * DRL rule per Parley rule, rule metadata, the scorecard (with its formula) and the raw-record mapper.
 */
public final class RuleSetDefinitionCompiler {
    private static final String PACKAGE_PREFIX = "parley.rules.";

    private RuleSetDefinitionCompiler() {
    }

    /** @param fileName where the source came from, named in the generated DRL's header comment */
    public static RuleSetDefinition compile(CheckedRuleSet checked, String fileName) {
        return compile(checked, fileName, true);
    }

    /**
     * @param signalRules whether rules that only ask which signals a dialogue has become
     *                    {@link SignalRule}s (decided without Drools); false keeps every rule in the
     *                    DRL, to check that both paths mean the same
     */
    public static RuleSetDefinition compile(CheckedRuleSet checked, String fileName, boolean signalRules) {
        Declaration.Template template = checked.template().orElseThrow(
                () -> new IllegalArgumentException("only a rule set without errors compiles, and it has a template"));
        List<LexiconDefinition> lexicons = new ArrayList<>();
        checked.lexicons().forEach(l -> lexicons.add(new LexiconDefinition(l.name().name(), LexiconTerms.distinct(l.terms().items()))));
        List<PatternDefinition> patterns = new ArrayList<>();
        checked.patterns().forEach(p -> patterns.add(new PatternDefinition(p.name().name(), p.regex().regex())));
        // An entity is a pattern under its own name: its regex, or the built-in one.
        checked.entities().forEach(e -> patterns.add(new PatternDefinition(e.name().name(),
                e.regex().map(RegexLiteral::regex).orElseGet(() -> BuiltInEntities.regex(e.name().name())))));

        Map<String, Declaration.Lexicon> lexiconsByName = checked.lexiconsByName();
        List<RuleDefinition> rules = new ArrayList<>();
        List<CheckpointDefinition> checkpoints = new ArrayList<>();
        Map<String, StageDefinition> stageDefinitions = new java.util.HashMap<>();
        List<DrlRule> drlRules = new ArrayList<>();
        List<SignalRule> decidedBySignals = new ArrayList<>();
        List<OperatorBinding> operators = new ArrayList<>(checked.operators());
        for (Declaration declaration : inSourceOrder(checked)) {
            String id = switch (declaration) {
                case Declaration.Rule rule -> rule.id().name();
                case Declaration.Checkpoint checkpoint -> checkpoint.id().name();
                case Declaration.Stage stage -> stage.id().name();
                case Declaration.Sop sop -> sop.id().name();
                default -> throw new IllegalStateException("neither a rule, a checkpoint nor a stage: " + declaration.kind());
            };
            ConditionTranslator translator = new ConditionTranslator(id, lexiconsByName, checked.signals(),
                    checked.anonymousOperators(), checked.anonymousMatches());
            switch (declaration) {
                case Declaration.Rule rule -> {
                    List<Lhs> when = translator.when(rule.condition());
                    Optional<SignalCondition> bySignals = signalRules ? SignalConditions.of(when) : Optional.empty();
                    bySignals.ifPresentOrElse(condition -> decidedBySignals.add(new SignalRule(id, condition)),
                            () -> drlRules.add(new DrlRule(id, when)));
                    rules.add(new RuleDefinition(id, title(rule.title(), id), severity(rule.severity()), tags(rule.tags())));
                }
                case Declaration.Checkpoint checkpoint -> {
                    drlRules.add(new DrlRule(id, translator.when(checkpoint.condition())));
                    checkpoint.applies().ifPresent(applies ->
                            drlRules.add(new DrlRule(id + CheckpointDefinition.APPLIES_SUFFIX, translator.when(applies))));
                    checkpoints.add(new CheckpointDefinition(id, title(checkpoint.title(), id), severity(checkpoint.severity()),
                            tags(checkpoint.tags()), checkpoint.applies().isPresent()));
                    // A failed checkpoint is a hit: whoever lists the rule set's rules (titles, order) sees it too.
                    rules.add(new RuleDefinition(id, title(checkpoint.title(), id), severity(checkpoint.severity()),
                            tags(checkpoint.tags())));
                }
                case Declaration.Stage stage -> {
                    // Its evidence is what places it in the dialogue; the SOP reads the order.
                    drlRules.add(new DrlRule(id, translator.when(stage.condition())));
                    stageDefinitions.put(id, new StageDefinition(id, title(stage.title(), id), severity(stage.severity()),
                            tags(stage.tags()), checked.stageRoles().get(id)));
                    rules.add(new RuleDefinition(id, title(stage.title(), id), severity(stage.severity()), tags(stage.tags())));
                }
                case Declaration.Sop sop -> sop.applies().ifPresent(applies ->
                        drlRules.add(new DrlRule(id + CheckpointDefinition.APPLIES_SUFFIX, translator.when(applies))));
                default -> throw new IllegalStateException();
            }
            lexicons.addAll(translator.inlineLexicons());
            patterns.addAll(translator.inlinePatterns());
            operators.addAll(translator.anonymousOperators());
        }

        // Hand-written DRL rules report hits under their own names, as minor rules.
        checked.drools().forEach(block -> block.rules().forEach(rule ->
                rules.add(new RuleDefinition(rule.name(), rule.name(), Checker.DEFAULT_SEVERITY, List.of()))));
        String templateId = template.id().value();
        String drl = DrlWriter.write(new DrlPackage(packageName(templateId),
                "Generated by the Parley DSL compiler from " + fileName + ". Edit the Parley source, not this file.",
                drlRules, checked.drools().stream().map(Declaration.Drools::drl).toList()));
        ScorecardDefinition scorecard = checked.scorecard()
                .map(card -> scorecard(card, checked.formula().orElse(null)))
                .orElse(null);
        List<SopDefinition> sops = checked.sops().stream().map(sop -> new SopDefinition(sop.id().name(),
                title(sop.title(), sop.id().name()),
                sop.stages().stream().map(stage -> stageDefinitions.get(stage.name())).toList(),
                sop.applies().isPresent())).toList();
        return new RuleSetDefinition(new RuleSetRef(templateId, template.version().value()), template.language().value(),
                lexicons, patterns, operators, rules, drl, scorecard, checked.mapper().orElse(null),
                checked.tests(), checkpoints, decidedBySignals, sops);
    }

    /**
     * Rules, checkpoints, SOPs and their stages in the order the file declares them, so DRL and
     * anonymous names follow the source. A stage in no SOP is never checked, so it is not compiled.
     */
    private static List<Declaration> inSourceOrder(CheckedRuleSet checked) {
        List<Declaration> all = new ArrayList<>(checked.rules());
        all.addAll(checked.checkpoints());
        java.util.Set<String> inSops = new java.util.HashSet<>();
        checked.sops().forEach(sop -> sop.stages().forEach(stage -> inSops.add(stage.name())));
        checked.stages().stream().filter(stage -> inSops.contains(stage.id().name())).forEach(all::add);
        all.addAll(checked.sops());
        all.sort(Comparator.comparingInt(d -> d.span().start()));
        return all;
    }

    private static String title(Optional<StringLiteral> title, String id) {
        return title.map(StringLiteral::value).orElse(id);
    }

    private static String severity(Optional<Identifier> severity) {
        return severity.map(Identifier::name).orElse(Checker.DEFAULT_SEVERITY);
    }

    private static List<String> tags(Optional<StringList> tags) {
        return tags.map(list -> list.items().stream().map(StringLiteral::value).toList()).orElse(List.of());
    }

    /** "ecommerce-presale" → "parley.rules.ecommerce_presale": a valid Java package whatever the id holds. */
    static String packageName(String templateId) {
        StringBuilder segment = new StringBuilder();
        for (char c : templateId.toLowerCase(Locale.ROOT).toCharArray()) {
            segment.append((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ? c : '_');
        }
        // A leading underscore keeps digits and Java keywords ("default", "new") out of the first position.
        boolean needsPrefix = segment.isEmpty() || Character.isDigit(segment.charAt(0))
                || SourceVersion.isKeyword(segment);
        return PACKAGE_PREFIX + (needsPrefix ? "_" : "") + segment;
    }

    private static ScorecardDefinition scorecard(Declaration.Scorecard card, PluginBinding formula) {
        List<ScorecardDefinition.Item> items = card.items().stream().map(item -> {
            String section = item.section().map(Identifier::name).orElse(null);
            return switch (item.effect()) {
                case ScoreItem.Effect.Points points ->
                        new ScorecardDefinition.Item(item.rule().name(), points.points().value(), false, null, section);
                case ScoreItem.Effect.Veto veto -> new ScorecardDefinition.Item(item.rule().name(), 0, true,
                        veto.to().map(NumberLiteral::value).orElse(null), section);
            };
        }).toList();
        List<ScorecardDefinition.GradeBand> grades = card.grades().stream()
                .map(band -> new ScorecardDefinition.GradeBand(band.grade().name(), band.min().value()))
                .toList();
        List<ScorecardDefinition.Section> sections = card.sections().stream()
                .map(section -> new ScorecardDefinition.Section(section.name().name(),
                        section.title().map(StringLiteral::value).orElse(section.name().name()),
                        section.weight().map(NumberLiteral::value).orElse(null),
                        section.cap().map(NumberLiteral::value).orElse(null)))
                .toList();
        return new ScorecardDefinition(card.name().name(), card.base().value(), items, grades, formula, sections,
                card.floor().map(NumberLiteral::value).orElse(null));
    }
}
