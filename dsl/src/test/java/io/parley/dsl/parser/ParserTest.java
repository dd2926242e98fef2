package io.parley.dsl.parser;

import io.parley.dsl.ast.Condition;
import io.parley.dsl.ast.ConfigEntry;
import io.parley.dsl.ast.Declaration;
import io.parley.dsl.ast.DeclarationKind;
import io.parley.dsl.ast.Expectation;
import io.parley.dsl.ast.Identifier;
import io.parley.dsl.ast.Match;
import io.parley.dsl.ast.Position;
import io.parley.dsl.ast.RuleSetFile;
import io.parley.dsl.ast.ScoreItem;
import io.parley.dsl.ast.ScriptSource;
import io.parley.dsl.ast.StringLiteral;
import io.parley.dsl.diagnostics.Diagnostics;
import io.parley.dsl.source.SourceFile;
import io.parley.engine.api.Diagnostic;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

class ParserTest {

    @Test
    void parsesTheLanguageExampleIntoOneDeclarationPerConstruct() throws IOException {
        RuleSetFile file = parseClean(resource("/io/parley/dsl/presale.parley"));

        assertThat(file.declarations()).extracting(Declaration::kind).containsExactly(
                DeclarationKind.TEMPLATE, DeclarationKind.LEXICON, DeclarationKind.LEXICON, DeclarationKind.PATTERN,
                DeclarationKind.RULE, DeclarationKind.RULE, DeclarationKind.RULE, DeclarationKind.RULE,
                DeclarationKind.SCORECARD);
        Declaration.Template template = (Declaration.Template) file.declarations().getFirst();
        assertThat(template.id().value()).isEqualTo("ecommerce-presale");
        assertThat(template.version().value()).isEqualTo(1);
        assertThat(template.language().value()).isEqualTo("zh");

        Declaration.Rule forbidden = rule(file, "forbidden_phrase");
        assertThat(forbidden.title()).map(StringLiteral::value).contains("禁用语");
        assertThat(forbidden.severity()).map(s -> s.name()).contains("major");
        assertThat(forbidden.tags().orElseThrow().items()).extracting(StringLiteral::value).containsExactly("服务态度");

        assertThat(tree(rule(file, "forbidden_phrase").condition())).isEqualTo("(agent any @forbidden)");
        assertThat(tree(rule(file, "no_greeting").condition())).isEqualTo("(not (agent any @greeting (first 2 agent)))");
        assertThat(tree(rule(file, "refund_without_order").condition())).isEqualTo(
                "(and (customer any [退款 退货 退钱]) (not (or (agent regex @order_no) (agent any [订单号 订单编号]))))");
        assertThat(tree(rule(file, "hard_sell").condition())).isEqualTo("(agent 2-of [马上下单 最后一天 错过 仅剩])");

        Declaration.Scorecard scorecard = (Declaration.Scorecard) file.declarations().getLast();
        assertThat(scorecard.base().value()).isEqualTo(100);
        assertThat(scorecard.items()).extracting(item -> item.rule().name() + " " + points(item))
                .containsExactly("forbidden_phrase -15.0", "no_greeting -5.0", "refund_without_order -10.0", "hard_sell -5.0");
        assertThat(scorecard.grades()).extracting(band -> band.grade().name() + ">=" + band.min().value())
                .containsExactly("A>=90.0", "B>=75.0", "C>=60.0", "D>=0.0");
    }

    @Test
    void parsesScriptsOperatorsAndMatchesAtoms() {
        SourceFile source = new SourceFile("test.parley", """
                template "t" version 1 language zh
                script operator slow_reply = js\"""
                  (dialogue) => []
                \"""
                script operator long_wait = js file "ops/long_wait.js"
                operator refunds = lexicon { terms: ["退款", "退货"], weight: -1.5, limit: 3, strict: true, extra: {n: 2}, }
                script score = js\"""(dialogue, hits, standard) => standard.value\"""
                script map = js \"""(raw) => raw\"""
                rule r: agent turn matches slow_reply within first 2 agent turns and not any turn matches long_wait
                """);
        RuleSetFile file = parseClean(source.text());

        assertThat(file.declarations()).extracting(Declaration::kind).containsExactly(DeclarationKind.TEMPLATE,
                DeclarationKind.SCRIPT, DeclarationKind.SCRIPT, DeclarationKind.OPERATOR, DeclarationKind.SCRIPT,
                DeclarationKind.SCRIPT, DeclarationKind.RULE);
        Declaration.Script slowReply = (Declaration.Script) file.declarations().get(1);
        assertThat(slowReply.role()).isEqualTo(Declaration.ScriptRole.OPERATOR);
        assertThat(slowReply.name()).map(Identifier::name).contains("slow_reply");
        ScriptSource.Inline inline = (ScriptSource.Inline) slowReply.source();
        assertThat(inline.language().name()).isEqualTo("js");
        assertThat(inline.text()).isEqualTo("\n  (dialogue) => []\n");
        assertThat(source.line(inline.textSpan().start())).isEqualTo(2);
        assertThat(source.column(inline.textSpan().start())).isEqualTo(35);
        ScriptSource.File longWait = (ScriptSource.File) ((Declaration.Script) file.declarations().get(2)).source();
        assertThat(longWait.path().value()).isEqualTo("ops/long_wait.js");

        Declaration.Operator refunds = (Declaration.Operator) file.declarations().get(3);
        assertThat(refunds.plugin().name()).isEqualTo("lexicon");
        assertThat(refunds.options()).extracting(entry -> entry.key().name() + "=" + value(entry.value()))
                .containsExactly("terms=[退款, 退货]", "weight=-1.5", "limit=3", "strict=true", "extra={n=2}");

        assertThat(((Declaration.Script) file.declarations().get(4)).role()).isEqualTo(Declaration.ScriptRole.SCORE);
        assertThat(((Declaration.Script) file.declarations().get(5)).role()).isEqualTo(Declaration.ScriptRole.MAP);
        assertThat(tree(rule(file, "r").condition()))
                .isEqualTo("(and (agent matches slow_reply (first 2 agent)) (not (any matches long_wait)))");
    }

    private static String value(ConfigEntry.ConfigValue value) {
        return switch (value) {
            case ConfigEntry.ConfigValue.Text text -> text.value();
            case ConfigEntry.ConfigValue.Number number -> number.whole() ? Long.toString((long) number.value())
                    : Double.toString(number.value());
            case ConfigEntry.ConfigValue.Bool bool -> Boolean.toString(bool.value());
            case ConfigEntry.ConfigValue.ListValue list -> list.items().stream().map(ParserTest::value)
                    .collect(Collectors.joining(", ", "[", "]"));
            case ConfigEntry.ConfigValue.MapValue map -> map.entries().stream()
                    .map(entry -> entry.key().name() + "=" + value(entry.value())).collect(Collectors.joining(", ", "{", "}"));
        };
    }

    @Test
    void orBindsLooserThanAndWhichBindsLooserThanNot() {
        assertThat(condition("agent says \"a\" or agent says \"b\" and not agent says \"c\" or agent says \"d\""))
                .isEqualTo("(or (agent any [a]) (and (agent any [b]) (not (agent any [c]))) (agent any [d]))");
        assertThat(condition("(agent says \"a\" or agent says \"b\") and not (agent says \"c\")"))
                .isEqualTo("(and (or (agent any [a]) (agent any [b])) (not (agent any [c])))");
        assertThat(condition("not not agent says \"a\"")).isEqualTo("(not (not (agent any [a])))");
    }

    @Test
    void parsesEveryMatchAndPosition() {
        assertThat(condition("agent says all [\"a\", \"b\",]")).isEqualTo("(agent all [a b])");
        assertThat(condition("agent says none greeting within first 3 turns")).isEqualTo("(agent none @greeting (first 3))");
        assertThat(condition("agent says 2 of greeting within first 1 agent turn"))
                .isEqualTo("(agent 2-of @greeting (first 1 agent))");
        assertThat(condition("agent says regex /https?:\\/\\/\\S+/")).isEqualTo("(agent regex /https?://\\S+/)");
        assertThat(condition("customer says \"说\\\"好\\\"的\"")).isEqualTo("(customer any [说\"好\"的])");
    }

    @Test
    void parsesWindowsPositionsAndCounts() {
        assertThat(condition("agent says any order within next 3 agent turns after customer says any refund"))
                .isEqualTo("((agent any @order) next 3 agent (customer any @refund))");
        assertThat(condition("agent says \"好\" within 60s after customer says \"在吗\""))
                .isEqualTo("((agent any [好]) 60.0s (customer any [在吗]))");
        assertThat(condition("agent says \"好\" within 2m after customer says \"在吗\""))
                .isEqualTo("((agent any [好]) 120.0s (customer any [在吗]))");
        assertThat(condition("agent says any price before customer says any ask"))
                .isEqualTo("((agent any @price) before (customer any @ask))");
        assertThat(condition("agent says any price after refund_request and not x"))
                .isEqualTo("(and ((agent any @price) after $refund_request) (not $x))");
        assertThat(condition("customer says any complaint at least 2 times"))
                .isEqualTo("((customer any @complaint) >= 2 times)");
        assertThat(condition("agent says any sorry at most 1 time")).isEqualTo("((agent any @sorry) <= 1 times)");
        assertThat(condition("agent says any closing within last 2 agent turns"))
                .isEqualTo("(agent any @closing (last 2 agent))");
        assertThat(condition("customer says any urge for the 3rd time within 60s after agent says any wait"))
                .isEqualTo("(((customer any @urge) #3) 60.0s (agent any @wait))");
        assertThat(condition("refund_request for the 2nd time")).isEqualTo("($refund_request #2)");
    }

    @Test
    void parsesTimingDialogueAndFieldConditions() {
        assertThat(condition("agent response time over 60s")).isEqualTo("(response_time agent > 60.0)");
        assertThat(condition("agent responds within 30s")).isEqualTo("(responds_within agent <= 30.0)");
        assertThat(condition("silence over 1.5m")).isEqualTo("(silence > 90.0)");
        assertThat(condition("customer interrupts at least 2 times")).isEqualTo("((interruption customer > 0.0) >= 2 times)");
        assertThat(condition("agent speech rate over 6.5")).isEqualTo("(speech_rate agent > 6.5)");
        assertThat(condition("dialogue has more than 20 turns")).isEqualTo("(turn_count > 20.0)");
        assertThat(condition("dialogue has at most 2 agent turns")).isEqualTo("(turn_count agent <= 2.0)");
        assertThat(condition("dialogue lasts over 10m")).isEqualTo("(duration > 600.0)");
        assertThat(condition("attribute sku in [\"A1\", \"B2\"]")).isEqualTo("(attribute sku == [A1 B2])");
        assertThat(condition("attribute \"order-source\" is \"tmall\"")).isEqualTo("(attribute order-source == [tmall])");
        assertThat(condition("outcome converted is false")).isEqualTo("(outcome converted == [false])");
        assertThat(condition("outcome satisfaction at most 2")).isEqualTo("(outcome satisfaction <= 2.0)");
    }

    @Test
    void parsesEntitiesProximityExclusionAndModels() {
        assertThat(condition("customer mentions entity order_no")).isEqualTo("(customer regex entity @order_no)");
        assertThat(condition("agent says \"退款\" within 10 chars of \"订单\""))
                .isEqualTo("(agent any [退款] near 10 [订单])");
        assertThat(condition("agent says any refund within 5 chars of any order"))
                .isEqualTo("(agent any @refund near 5 @order)");
        assertThat(condition("agent says regex /退款/ except /不(能|可以)退款/"))
                .isEqualTo("(agent regex /退款/ except /不(能|可以)退款/)");
        assertThat(condition("customer says intent refund")).isEqualTo("(customer intent @refund)");
        assertThat(condition("customer says similar to [\"太贵了\"] above 0.8")).isEqualTo("(customer similar [太贵了] >= 0.8)");
        assertThat(condition("customer sentiment negative above 0.7")).isEqualTo("(customer sentiment negative >= 0.7)");
    }

    @Test
    void parsesCheckpointsSignalsEntitiesIntentsAndSections() {
        RuleSetFile file = parseClean("""
                template "t" version 1 language zh
                entity phone
                entity coupon = /YHQ\\d{6}/
                intent refund examples ["我要退款", "怎么退货"] threshold 0.8
                signal asks_refund = customer says intent refund
                checkpoint ask_order "核实订单号" severity major applies when asks_refund:
                  agent says "订单号" within next 3 agent turns after asks_refund
                scorecard s base 100 floor 20:
                  section opening "开场" weight 30 cap 10:
                    ask_order -10
                  section red_lines weight 70:
                    ask_order veto to 59
                  grades 一级 >= 90, 二级 >= 0
                """);
        assertThat(file.declarations()).extracting(Declaration::kind).containsExactly(DeclarationKind.TEMPLATE,
                DeclarationKind.ENTITY, DeclarationKind.ENTITY, DeclarationKind.INTENT, DeclarationKind.SIGNAL,
                DeclarationKind.CHECKPOINT, DeclarationKind.SCORECARD);
        Declaration.Checkpoint checkpoint = (Declaration.Checkpoint) file.declarations().get(5);
        assertThat(tree(checkpoint.applies().orElseThrow())).isEqualTo("$asks_refund");
        assertThat(tree(checkpoint.condition())).isEqualTo("((agent any [订单号]) next 3 agent $asks_refund)");
        Declaration.Intent intent = (Declaration.Intent) file.declarations().get(3);
        assertThat(intent.threshold().orElseThrow().value()).isEqualTo(0.8);
        Declaration.Scorecard card = (Declaration.Scorecard) file.declarations().getLast();
        assertThat(card.floor().orElseThrow().value()).isEqualTo(20);
        assertThat(card.sections()).extracting(section -> section.name().name() + " " + section.weight().map(w -> w.value()).orElse(null)
                + " " + section.cap().map(c -> c.value()).orElse(null)).containsExactly("opening 30.0 10.0", "red_lines 70.0 null");
        assertThat(card.items()).extracting(item -> item.section().orElseThrow().name() + " " + points(item))
                .containsExactly("opening -10.0", "red_lines veto");
        assertThat(card.grades()).extracting(band -> band.grade().name()).containsExactly("一级", "二级");
    }

    @Test
    void parsesStagesSopsAndStageExpectations() {
        RuleSetFile file = parseClean("""
                template "t" version 1 language zh
                stage greet "开场问候" severity major tags ["流程"]: agent says "您好"
                  or agent says "亲"
                stage close: agent says "再见"
                sop presale "售前流程": greet->close
                sop untitled: close -> greet
                test "t" {
                  dialogue { agent: "您好" }
                  expect stage greet passed
                  expect stage close missing
                  expect stage greet out of order
                }
                """);
        assertThat(file.declarations()).extracting(Declaration::kind).containsExactly(DeclarationKind.TEMPLATE,
                DeclarationKind.STAGE, DeclarationKind.STAGE, DeclarationKind.SOP, DeclarationKind.SOP, DeclarationKind.TEST);
        Declaration.Stage greet = (Declaration.Stage) file.declarations().get(1);
        assertThat(greet.title().orElseThrow().value()).isEqualTo("开场问候");
        assertThat(greet.severity().orElseThrow().name()).isEqualTo("major");
        assertThat(tree(greet.condition())).isEqualTo("(or (agent any [您好]) (agent any [亲]))");
        Declaration.Sop presale = (Declaration.Sop) file.declarations().get(3);
        assertThat(presale.title().orElseThrow().value()).isEqualTo("售前流程");
        assertThat(presale.stages()).extracting(Identifier::name).containsExactly("greet", "close");
        assertThat(((Declaration.Sop) file.declarations().get(4)).title()).isEmpty();
        Declaration.Test test = (Declaration.Test) file.declarations().getLast();
        assertThat(test.expectations()).extracting(e -> ((Expectation.Stage) e).stage().name() + " " + ((Expectation.Stage) e).status())
                .containsExactly("greet PASSED", "close MISSING", "greet OUT_OF_ORDER");
    }

    @Test
    void aSopWithoutArrowsBetweenItsStagesIsASyntaxError() {
        SourceFile source = new SourceFile("t.parley", """
                template "t" version 1 language zh
                sop presale: greet close
                """);
        Diagnostics diagnostics = new Diagnostics(source);
        Parser.parse(source, diagnostics);

        assertThat(diagnostics.toList()).extracting(Diagnostic::code, Diagnostic::line, Diagnostic::message).containsExactly(
                org.assertj.core.groups.Tuple.tuple("PRL0110", 2, "expected '->' or the next declaration, found 'close'"));
    }

    @Test
    void layoutIsInsignificantAndARuleEndsAtTheNextDeclaration() {
        RuleSetFile file = parseClean("""
                template "t" version 1 language "zh-CN" rule a: agent says "x"
                  and
                    customer says "y" rule b "标题" severity info: agent says "z" lexicon l = ["w"]""");

        assertThat(file.declarations()).extracting(Declaration::kind).containsExactly(
                DeclarationKind.TEMPLATE, DeclarationKind.RULE, DeclarationKind.RULE, DeclarationKind.LEXICON);
        assertThat(tree(rule(file, "a").condition())).isEqualTo("(and (agent any [x]) (customer any [y]))");
        assertThat(((Declaration.Template) file.declarations().getFirst()).language().value()).isEqualTo("zh-CN");
    }

    @Test
    void namesAndTextMayBeChineseAndSpansPointIntoTheSource() {
        String source = "\uFEFF# 注释\r\ntemplate \"t\" version 1 language zh\r\nlexicon 问候语 = [\"您好\"]\r\nrule 未问候 \"未问候\":\r\n  not 客服 says any 问候语\r\n";
        SourceFile sourceFile = new SourceFile("zh.parley", source);
        Diagnostics diagnostics = new Diagnostics(sourceFile);
        RuleSetFile file = Parser.parse(sourceFile, diagnostics);

        assertThat(diagnostics.toList()).isEmpty();
        Declaration.Rule rule = rule(file, "未问候");
        Condition.Says says = (Condition.Says) ((Condition.Not) rule.condition()).operand();
        assertThat(says.role().name()).isEqualTo("客服");
        Match.TermSource.LexiconRef lexicon = (Match.TermSource.LexiconRef) ((Match.Terms) says.match()).terms();
        assertThat(sourceFile.line(lexicon.name().span().start())).isEqualTo(5);
        assertThat(sourceFile.column(lexicon.name().span().start())).isEqualTo(19);
        assertThat(sourceFile.lineText(5)).isEqualTo("  not 客服 says any 问候语");
    }

    @Test
    void aSyntaxErrorAbandonsOnlyItsDeclarationAndKeepsItsName() {
        SourceFile source = new SourceFile("broken.parley", """
                template "t" version 1 language zh
                rule broken "坏": agent says any [
                rule fine: agent says "ok"
                lexicon also_broken = "not a list"
                """);
        Diagnostics diagnostics = new Diagnostics(source);
        RuleSetFile file = Parser.parse(source, diagnostics);

        assertThat(diagnostics.toList()).extracting(Diagnostic::code, Diagnostic::line).containsExactly(
                org.assertj.core.groups.Tuple.tuple("PRL0110", 2), org.assertj.core.groups.Tuple.tuple("PRL0110", 4));
        assertThat(file.declarations()).hasSize(4);
        assertThat(file.declarations().get(1)).isInstanceOfSatisfying(Declaration.Malformed.class, malformed -> {
            assertThat(malformed.kind()).isEqualTo(DeclarationKind.RULE);
            assertThat(malformed.name()).map(n -> n.name()).contains("broken");
        });
        assertThat(tree(rule(file, "fine").condition())).isEqualTo("(agent any [ok])");
        assertThat(file.declarations().get(3)).isInstanceOf(Declaration.Malformed.class);
    }

    // ---- helpers --------------------------------------------------------------------------------

    private static String condition(String condition) {
        return tree(rule(parseClean("template \"t\" version 1 language zh\nrule r: " + condition), "r").condition());
    }

    private static RuleSetFile parseClean(String text) {
        SourceFile source = new SourceFile("test.parley", text);
        Diagnostics diagnostics = new Diagnostics(source);
        RuleSetFile file = Parser.parse(source, diagnostics);
        assertThat(diagnostics.toList()).as("diagnostics").isEmpty();
        return file;
    }

    private static Declaration.Rule rule(RuleSetFile file, String id) {
        return file.declarations().stream()
                .filter(d -> d instanceof Declaration.Rule rule && rule.id().name().equals(id))
                .map(Declaration.Rule.class::cast)
                .findFirst().orElseThrow();
    }

    private static String points(ScoreItem item) {
        return item.effect() instanceof ScoreItem.Effect.Points points ? Double.toString(points.points().value()) : "veto";
    }

    /** A compact s-expression of a condition, so expected trees read at a glance. */
    private static String tree(Condition condition) {
        return switch (condition) {
            case Condition.And and -> "(and " + trees(and.operands()) + ")";
            case Condition.Or or -> "(or " + trees(or.operands()) + ")";
            case Condition.Not not -> "(not " + tree(not.operand()) + ")";
            case Condition.Says says -> "(" + says.role().name() + " " + match(says.match())
                    + says.position().map(p -> " " + position(p)).orElse("") + ")";
            case Condition.Matches matches -> "(" + matches.role().map(Identifier::name).orElse("any") + " matches "
                    + matches.operator().name() + matches.position().map(p -> " " + position(p)).orElse("") + ")";
            case Condition.Sentiment sentiment -> "(" + sentiment.role().name() + " sentiment " + sentiment.label().name()
                    + sentiment.above().map(a -> " >= " + a.value()).orElse("") + ")";
            case Condition.SignalRef ref -> "$" + ref.name().name();
            case Condition.Timing timing -> "(" + timing.measure().name().toLowerCase() + timing.role().map(r -> " " + r.name()).orElse("")
                    + " " + timing.comparison().operator() + " " + timing.amount().value() + ")";
            case Condition.Field field -> "(" + (field.outcome() ? "outcome " : "attribute ") + field.name().name() + " "
                    + field.comparison().operator() + " " + field.number().map(n -> Double.toString(n.value()))
                    .orElse(field.values().stream().map(StringLiteral::value).collect(Collectors.joining(" ", "[", "]"))) + ")";
            case Condition.Anchored anchored -> "(" + tree(anchored.target()) + " " + switch (anchored.window()) {
                case Condition.Window.NextTurns next -> "next " + next.count().value() + next.role().map(r -> " " + r.name()).orElse("");
                case Condition.Window.Seconds seconds -> seconds.seconds().value() + "s";
                case Condition.Window.Before before -> "before";
                case Condition.Window.After after -> "after";
            } + " " + tree(anchored.anchor()) + ")";
            case Condition.Counted counted -> "(" + tree(counted.target()) + (counted.atLeast() ? " >= " : " <= ")
                    + counted.times().value() + " times)";
            case Condition.Nth nth -> "(" + tree(nth.target()) + " #" + nth.nth().value() + ")";
        };
    }

    private static String trees(List<Condition> conditions) {
        return conditions.stream().map(ParserTest::tree).collect(Collectors.joining(" "));
    }

    private static String match(Match match) {
        return switch (match) {
            case Match.Regex regex -> "regex " + regexSource(regex.regex())
                    + regex.except().map(except -> " except " + regexSource(except)).orElse("");
            case Match.Near near -> match(near.terms()) + " near " + near.chars().value() + " " + termSource(near.other());
            case Match.Intent intent -> "intent @" + intent.name().name();
            case Match.Similar similar -> "similar " + similar.examples().items().stream().map(StringLiteral::value)
                    .collect(Collectors.joining(" ", "[", "]")) + similar.above().map(a -> " >= " + a.value()).orElse("");
            case Match.Terms terms -> switch (terms.quantifier()) {
                case Match.Quantifier.Any any -> "any";
                case Match.Quantifier.All all -> "all";
                case Match.Quantifier.None none -> "none";
                case Match.Quantifier.AtLeast atLeast -> atLeast.count().value() + "-of";
            } + " " + termSource(terms.terms());
        };
    }

    private static String termSource(Match.TermSource source) {
        return switch (source) {
            case Match.TermSource.LexiconRef ref -> "@" + ref.name().name();
            case Match.TermSource.Inline inline ->
                    inline.terms().items().stream().map(StringLiteral::value).collect(Collectors.joining(" ", "[", "]"));
        };
    }

    private static String regexSource(Match.RegexSource source) {
        return switch (source) {
            case Match.RegexSource.PatternRef ref -> "@" + ref.name().name();
            case Match.RegexSource.EntityRef ref -> "entity @" + ref.name().name();
            case Match.RegexSource.Inline inline -> "/" + inline.regex().regex() + "/";
        };
    }

    private static String position(Position position) {
        return switch (position) {
            case Position.FirstTurns first -> "(first " + first.count().value() + first.role().map(r -> " " + r.name()).orElse("") + ")";
            case Position.LastTurns last -> "(last " + last.count().value() + last.role().map(r -> " " + r.name()).orElse("") + ")";
        };
    }

    private static String resource(String name) throws IOException {
        try (InputStream in = ParserTest.class.getResourceAsStream(name)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
