package io.parley.dsl.parser;

import io.parley.dsl.ast.Condition;
import io.parley.dsl.ast.ConfigEntry;
import io.parley.dsl.ast.ConfigEntry.ConfigValue;
import io.parley.dsl.ast.Declaration;
import io.parley.dsl.ast.DeclarationKind;
import io.parley.dsl.ast.Expectation;
import io.parley.dsl.ast.GradeBand;
import io.parley.dsl.ast.Identifier;
import io.parley.dsl.ast.IntLiteral;
import io.parley.dsl.ast.Match;
import io.parley.dsl.ast.NumberLiteral;
import io.parley.dsl.ast.Position;
import io.parley.dsl.ast.RegexLiteral;
import io.parley.dsl.ast.RuleSetFile;
import io.parley.dsl.ast.ScoreItem;
import io.parley.dsl.ast.ScriptSource;
import io.parley.dsl.ast.StringList;
import io.parley.dsl.ast.StringLiteral;
import io.parley.dsl.ast.TestTurn;
import io.parley.dsl.diagnostics.DiagnosticCode;
import io.parley.dsl.diagnostics.Diagnostics;
import io.parley.dsl.source.SourceFile;
import io.parley.dsl.source.Span;
import io.parley.engine.api.NameSuggestions;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Recursive-descent parser from tokens to a {@link RuleSetFile}. One method per grammar rule of
 * docs/dsl.md. On a syntax error it reports "expected …, found …", abandons the current declaration
 * (keeping its kind and name as a {@link Declaration.Malformed}) and resumes at the next top-level
 * keyword, so one run reports the first syntax error of every declaration. A few slips are
 * reported and read as meant without abandoning anything: a keyword used as a name, full-width
 * punctuation, a scorecard item without a sign.
 */
public final class Parser {
    /** Unwinds to the enclosing declaration once the error is reported. */
    private static final class SyntaxError extends RuntimeException {
        SyntaxError() {
            super(null, null, false, false);
        }
    }

    private static final String DECLARATIONS =
            "'template', 'lexicon', 'pattern', 'operator', 'script', 'rule', 'scorecard', 'party' or 'test'";
    private static final List<String> SCRIPT_ROLES = List.of("operator", "score", "map");
    private static final List<String> MATCH_KEYWORDS = List.of("any", "all", "none", "regex");

    private final SourceFile source;
    private final Diagnostics diagnostics;
    private final List<Token> tokens;
    private int position;

    private Parser(SourceFile source, Diagnostics diagnostics) {
        this.source = source;
        this.diagnostics = diagnostics;
        this.tokens = Lexer.tokenize(source.text(), diagnostics);
    }

    /** Parses a whole file; every lexical and syntax error goes to {@code diagnostics}. */
    public static RuleSetFile parse(SourceFile source, Diagnostics diagnostics) {
        return new Parser(source, diagnostics).file();
    }

    // file = { declaration }
    private RuleSetFile file() {
        List<Declaration> declarations = new ArrayList<>();
        while (!at(TokenKind.END_OF_FILE)) {
            if (atTopLevelKeyword()) {
                declarations.add(declaration());
            } else {
                report(expected(DECLARATIONS), keywordTypo(), peek().span());
                synchronize();
            }
        }
        return new RuleSetFile(declarations);
    }

    private Declaration declaration() {
        Token keyword = advance();
        DeclarationKind kind = DeclarationKind.valueOf(keyword.text().toUpperCase(Locale.ROOT));
        Optional<Identifier> name = nameAhead(kind);
        try {
            Declaration declaration = switch (kind) {
                case TEMPLATE -> template(keyword);
                case PARTY -> party(keyword);
                case LEXICON -> lexicon(keyword);
                case PATTERN -> pattern(keyword);
                case OPERATOR -> operator(keyword);
                case SCRIPT -> script(keyword);
                case RULE -> rule(keyword);
                case SCORECARD -> scorecard(keyword);
                case TEST -> test(keyword);
            };
            if (!atTopLevelKeyword() && !at(TokenKind.END_OF_FILE)) {
                // A misspelt keyword is where the next declaration was meant to start: point at it.
                String typo = keywordTypo();
                report(expected(continuationsAfter(declaration) + "the next declaration"), typo,
                        typo != null ? peek().span() : errorSpan());
                synchronize();
            }
            return declaration;
        } catch (SyntaxError reported) {
            synchronize();
            return new Declaration.Malformed(kind, name, keyword.span().to(previous().span()));
        }
    }

    /** The name a declaration is about to declare, kept even if the declaration turns out malformed. */
    private Optional<Identifier> nameAhead(DeclarationKind kind) {
        if (kind == DeclarationKind.SCRIPT) {
            // Only a script operator has a name: script operator NAME = …
            return atKeyword("operator") && tokens.get(position + 1).kind() == TokenKind.IDENTIFIER
                    ? Optional.of(identifier(tokens.get(position + 1))) : Optional.empty();
        }
        return at(TokenKind.IDENTIFIER) ? Optional.of(identifier(peek())) : Optional.empty();
    }

    /** "did you mean 'rule'?" when the current token is a misspelt top-level keyword, else null. */
    private String keywordTypo() {
        return at(TokenKind.IDENTIFIER) ? NameSuggestions.didYouMean(peek().text(), Keywords.TOP_LEVEL) : null;
    }

    /** What else could have followed a complete declaration, for the "expected" message. */
    private static String continuationsAfter(Declaration declaration) {
        return switch (declaration) {
            case Declaration.Rule rule -> "'and', 'or' or ";
            case Declaration.Scorecard scorecard when scorecard.grades().isEmpty() -> "a rule id, 'grades' or ";
            case Declaration.Scorecard scorecard -> "',' or ";
            default -> "";
        };
    }

    // template = "template" STRING "version" INT "language" ( NAME | STRING )
    private Declaration template(Token keyword) {
        StringLiteral id = string("the template id in quotes, like \"ecommerce-presale\"");
        expectKeyword("version", "after the template id");
        IntLiteral version = integer("a version number");
        expectKeyword("language", "after the version");
        StringLiteral language;
        if (at(TokenKind.IDENTIFIER) || at(TokenKind.STRING)) {
            Token code = advance();
            language = new StringLiteral(code.value(), code.span());
        } else {
            throw error(expected("a language code, like zh or \"zh-CN\""));
        }
        return new Declaration.Template(id, version, language, keyword.span().to(language.span()));
    }

    // party = "party" NAME
    private Declaration party(Token keyword) {
        Identifier name = declaredName("party");
        return new Declaration.Party(name, keyword.span().to(name.span()));
    }

    // lexicon = "lexicon" NAME "=" string_list
    private Declaration lexicon(Token keyword) {
        Identifier name = declaredName("lexicon");
        expect(TokenKind.EQUALS, "'=' after the lexicon name");
        StringList terms = stringList("the lexicon's terms, like [\"您好\", \"亲\"]");
        return new Declaration.Lexicon(name, terms, keyword.span().to(terms.span()));
    }

    // pattern = "pattern" NAME "=" REGEX
    private Declaration pattern(Token keyword) {
        Identifier name = declaredName("pattern");
        expect(TokenKind.EQUALS, "'=' after the pattern name");
        RegexLiteral regex = regex("a regex between slashes, like /\\d{10,20}/");
        return new Declaration.Pattern(name, regex, keyword.span().to(regex.span()));
    }

    // operator = "operator" NAME "=" PLUGIN "{" [ option { "," option } [ "," ] ] "}"
    private Declaration operator(Token keyword) {
        Identifier name = declaredName("operator");
        expect(TokenKind.EQUALS, "'=' after the operator name");
        Identifier plugin = pluginId("the plugin that provides the operator, like lexicon or js");
        expect(TokenKind.LEFT_BRACE, "'{' and the operator's options, like { terms: [\"退款\"] }");
        List<ConfigEntry> options = configEntries();
        Token close = expect(TokenKind.RIGHT_BRACE, options.isEmpty() ? "an option like 'key: \"value\"' or '}'" : "',' or '}'");
        return new Declaration.Operator(name, plugin, options, keyword.span().to(close.span()));
    }

    /** A plugin id; keywords are fine here ({@code lexicon}, {@code regex}). */
    private Identifier pluginId(String what) {
        if (at(TokenKind.IDENTIFIER) || at(TokenKind.KEYWORD)) {
            return identifier(advance());
        }
        throw error(expected(what));
    }

    // options = [ option { "," option } [ "," ] ]   (up to the closing brace)
    private List<ConfigEntry> configEntries() {
        List<ConfigEntry> entries = new ArrayList<>();
        while (at(TokenKind.IDENTIFIER) || at(TokenKind.KEYWORD)) {
            entries.add(configEntry());
            if (!at(TokenKind.COMMA)) {
                break;
            }
            advance();
        }
        return entries;
    }

    // option = NAME ":" value
    private ConfigEntry configEntry() {
        Identifier key = identifier(advance());
        expect(TokenKind.COLON, "':' after option '" + key.name() + "'");
        ConfigValue value = configValue();
        return new ConfigEntry(key, value, key.span().to(value.span()));
    }

    // value = STRING | SCRIPT | [ "-" ] NUMBER | "true" | "false" | "[" [ value { "," value } [ "," ] ] "]" | "{" options "}"
    private ConfigValue configValue() {
        Token start = peek();
        switch (start.kind()) {
            case STRING, SCRIPT -> {
                advance();
                return new ConfigValue.Text(start.value(), start.span());
            }
            case NUMBER, MINUS -> {
                Token sign = start.kind() == TokenKind.MINUS ? advance() : null;
                NumberLiteral number = number("a number after '-'");
                return new ConfigValue.Number(sign == null ? number.value() : -number.value(),
                        !previous().text().contains("."), sign == null ? number.span() : sign.span().to(number.span()));
            }
            case LEFT_BRACKET -> {
                advance();
                List<ConfigValue> items = new ArrayList<>();
                while (!at(TokenKind.RIGHT_BRACKET)) {
                    items.add(configValue());
                    if (!at(TokenKind.COMMA)) {
                        break;
                    }
                    advance();
                }
                Token close = expect(TokenKind.RIGHT_BRACKET, "',' or ']'");
                return new ConfigValue.ListValue(items, start.span().to(close.span()));
            }
            case LEFT_BRACE -> {
                advance();
                List<ConfigEntry> entries = configEntries();
                Token close = expect(TokenKind.RIGHT_BRACE, "',' or '}'");
                return new ConfigValue.MapValue(entries, start.span().to(close.span()));
            }
            case IDENTIFIER -> {
                if (start.text().equals("true") || start.text().equals("false")) {
                    advance();
                    return new ConfigValue.Bool(start.text().equals("true"), start.span());
                }
            }
            default -> {
            }
        }
        throw error(expected("a value: a \"string\", a number, true, false, a [list] or a { map }"),
                start.kind() == TokenKind.IDENTIFIER ? "to give text, quote it: \"" + start.text() + "\"" : null);
    }

    // script = "script" ( "operator" NAME | "score" | "map" ) "=" script_source
    private Declaration script(Token keyword) {
        Declaration.ScriptRole role;
        Optional<Identifier> name = Optional.empty();
        if (atKeyword("operator")) {
            advance();
            role = Declaration.ScriptRole.OPERATOR;
            name = Optional.of(declaredName("operator"));
        } else if (at(TokenKind.IDENTIFIER) && peek().text().equals("score")) {
            advance();
            role = Declaration.ScriptRole.SCORE;
        } else if (at(TokenKind.IDENTIFIER) && peek().text().equals("map")) {
            advance();
            role = Declaration.ScriptRole.MAP;
        } else {
            throw error(expected("'operator NAME', 'score' or 'map' after 'script'"),
                    at(TokenKind.IDENTIFIER) ? NameSuggestions.didYouMean(peek().text(), SCRIPT_ROLES) : null);
        }
        expect(TokenKind.EQUALS, "'=' after " + name.map(n -> "the operator name").orElse("'script " + role.keyword() + "'"));
        ScriptSource source = scriptSource();
        return new Declaration.Script(role, name, source, keyword.span().to(source.span()));
    }

    // script_source = LANGUAGE ( SCRIPT | "file" STRING )
    private ScriptSource scriptSource() {
        String example = "a script like js\"\"\"(dialogue) => …\"\"\" or js file \"script.js\"";
        if (!at(TokenKind.IDENTIFIER)) {
            throw error(expected(example));
        }
        Identifier language = identifier(advance());
        if (at(TokenKind.SCRIPT)) {
            Token script = advance();
            int textStart = script.span().start() + 3;
            return new ScriptSource.Inline(language, script.value(),
                    new Span(textStart, textStart + script.value().length()), language.span().to(script.span()));
        }
        if (at(TokenKind.IDENTIFIER) && peek().text().equals("file")) {
            advance();
            StringLiteral path = string("the script file's path in quotes, like \"ops/slow_reply.js\"");
            return new ScriptSource.File(language, path, language.span().to(path.span()));
        }
        throw error(expected("the script in triple quotes after '" + language.name() + "', like "
                + language.name() + "\"\"\"(dialogue) => …\"\"\", or 'file \"script.js\"'"));
    }

    // rule = "rule" NAME [ STRING ] [ "severity" NAME ] [ "tags" string_list ] ":" condition
    private Declaration rule(Token keyword) {
        Identifier id = declaredName("rule");
        Optional<StringLiteral> title = at(TokenKind.STRING) ? Optional.of(string("a title")) : Optional.empty();
        Optional<Identifier> severity = Optional.empty();
        if (atKeyword("severity")) {
            advance();
            severity = Optional.of(identifier(expect(TokenKind.IDENTIFIER, "a severity: info, minor, major or critical")));
        }
        Optional<StringList> tags = Optional.empty();
        if (atKeyword("tags")) {
            advance();
            tags = Optional.of(stringList("the tags, like [\"服务态度\"]"));
        }
        if (!at(TokenKind.COLON)) {
            // Only the header clauses after the last one written could still come.
            List<String> clauses = List.of("a title in quotes", "'severity'", "'tags'", "':'");
            int written = tags.isPresent() ? 3 : severity.isPresent() ? 2 : title.isPresent() ? 1 : 0;
            throw error(expected(oneOf(clauses.subList(written, clauses.size())) + " in the header of rule '" + id.name() + "'"),
                    at(TokenKind.IDENTIFIER) ? NameSuggestions.didYouMean(peek().text(), List.of("severity", "tags")) : null);
        }
        advance();
        Condition condition = condition();
        return new Declaration.Rule(id, title, severity, tags, condition, keyword.span().to(condition.span()));
    }

    // condition = and_condition { "or" and_condition }
    private Condition condition() {
        List<Condition> operands = new ArrayList<>(List.of(andCondition()));
        while (atKeyword("or")) {
            advance();
            operands.add(andCondition());
        }
        return operands.size() == 1 ? operands.getFirst() : new Condition.Or(operands, spanOf(operands));
    }

    // and_condition = unary { "and" unary }
    private Condition andCondition() {
        List<Condition> operands = new ArrayList<>(List.of(unary()));
        while (atKeyword("and")) {
            advance();
            operands.add(unary());
        }
        return operands.size() == 1 ? operands.getFirst() : new Condition.And(operands, spanOf(operands));
    }

    private static Span spanOf(List<Condition> operands) {
        return operands.getFirst().span().to(operands.getLast().span());
    }

    // unary = "not" unary | "(" condition ")" | matches | says
    private Condition unary() {
        if (atKeyword("not")) {
            Token not = advance();
            Condition operand = unary();
            return new Condition.Not(operand, not.span().to(operand.span()));
        }
        if (at(TokenKind.LEFT_PAREN)) {
            Token open = advance();
            Condition inner = condition();
            String closing = "')' to close the '(' of " + diagnostics.lineOf(open.span());
            if (atTopLevelKeyword() || at(TokenKind.END_OF_FILE)) {
                // The condition is over anyway: report the missing ')' and keep the rule, so its names still get checked.
                report(expected(closing), null, errorSpan());
            } else {
                expect(TokenKind.RIGHT_PAREN, closing);
            }
            return inner;
        }
        if ((at(TokenKind.IDENTIFIER) || atKeyword("any")) && tokens.get(position + 1).isKeyword("turn")) {
            return matches();
        }
        if (at(TokenKind.IDENTIFIER)) {
            return says();
        }
        throw error(expected("a condition, like 'agent says any greeting'"));
    }

    // matches = ( ROLE | "any" ) "turn" "matches" NAME [ position ]
    private Condition matches() {
        Token first = advance();
        Optional<Identifier> role = first.kind() == TokenKind.IDENTIFIER ? Optional.of(identifier(first)) : Optional.empty();
        advance();
        expectKeyword("matches", "after '" + first.text() + " turn'");
        Identifier operator = identifier(expect(TokenKind.IDENTIFIER, "the name of a declared operator"));
        Optional<Position> position = atKeyword("within") ? Optional.of(position()) : Optional.empty();
        Span end = position.map(Position::span).orElse(operator.span());
        return new Condition.Matches(role, operator, position, first.span().to(end));
    }

    // says = ROLE "says" match [ position ]
    private Condition says() {
        Identifier role = identifier(advance());
        expectKeyword("says", "after the role '" + role.name() + "'");
        Match match = match();
        Optional<Position> position = atKeyword("within") ? Optional.of(position()) : Optional.empty();
        Span end = position.map(Position::span).orElse(match.span());
        return new Condition.Says(role, match, position, role.span().to(end));
    }

    // match = ( "any" | "all" | "none" | INT "of" ) terms | "regex" ( REGEX | NAME ) | STRING
    private Match match() {
        Token start = peek();
        if (atKeyword("any") || atKeyword("all") || atKeyword("none")) {
            advance();
            Match.Quantifier quantifier = switch (start.text()) {
                case "any" -> new Match.Quantifier.Any();
                case "all" -> new Match.Quantifier.All();
                default -> new Match.Quantifier.None();
            };
            Match.TermSource terms = terms();
            return new Match.Terms(quantifier, terms, start.span().to(terms.span()));
        }
        if (at(TokenKind.NUMBER)) {
            IntLiteral count = integer("a count");
            expectKeyword("of", "after the count " + count.value());
            Match.TermSource terms = terms();
            return new Match.Terms(new Match.Quantifier.AtLeast(count), terms, start.span().to(terms.span()));
        }
        if (atKeyword("regex")) {
            advance();
            Match.RegexSource regex;
            if (at(TokenKind.IDENTIFIER)) {
                regex = new Match.RegexSource.PatternRef(identifier(advance()));
            } else if (at(TokenKind.REGEX)) {
                regex = new Match.RegexSource.Inline(regex("a regex"));
            } else {
                throw error(expected("a pattern name or a regex like /\\d+/ after 'regex'"));
            }
            return new Match.Regex(regex, start.span().to(regex.span()));
        }
        if (at(TokenKind.STRING)) {
            StringLiteral literal = string("a string");
            return new Match.Terms(new Match.Quantifier.Any(),
                    new Match.TermSource.Inline(new StringList(List.of(literal), literal.span())), literal.span());
        }
        throw error(expected("'any', 'all', 'none', a count like '2 of', 'regex' or a \"string\" after 'says'"),
                unquotedTextSuggestion(start));
    }

    /** A typo of a match keyword, or text that was meant as a string. */
    private static String unquotedTextSuggestion(Token found) {
        if (found.kind() != TokenKind.IDENTIFIER) {
            return null;
        }
        String typo = NameSuggestions.didYouMean(found.text(), MATCH_KEYWORDS);
        return typo != null ? typo : "to look for the text itself, quote it: \"" + found.text() + "\"";
    }

    // terms = NAME | string_list
    private Match.TermSource terms() {
        if (at(TokenKind.IDENTIFIER)) {
            return new Match.TermSource.LexiconRef(identifier(advance()));
        }
        if (at(TokenKind.LEFT_BRACKET)) {
            return new Match.TermSource.Inline(stringList("terms"));
        }
        throw error(expected("a lexicon name or a list like [\"退款\", \"退货\"]"));
    }

    // position = "within" "first" INT [ ROLE ] ( "turns" | "turn" )
    private Position position() {
        Token within = advance();
        expectKeyword("first", "after 'within'");
        IntLiteral count = integer("how many turns, like 'within first 2 turns'");
        Optional<Identifier> role = at(TokenKind.IDENTIFIER) ? Optional.of(identifier(advance())) : Optional.empty();
        if (!atKeyword("turns") && !atKeyword("turn")) {
            throw error(expected("'turns'" + (role.isEmpty() ? " or a role" : "") + " after the count"));
        }
        return new Position.FirstTurns(count, role, within.span().to(advance().span()));
    }

    // scorecard = "scorecard" NAME "base" NUMBER ":" { score_item } [ grades ]
    private Declaration scorecard(Token keyword) {
        Identifier name = declaredName("scorecard");
        expectKeyword("base", "after the scorecard name, like 'base 100'");
        NumberLiteral base = number("the base score");
        expect(TokenKind.COLON, "':' after the base score");
        List<ScoreItem> items = new ArrayList<>();
        while (at(TokenKind.IDENTIFIER)) {
            scoreItem().ifPresent(items::add);
        }
        List<GradeBand> grades = atKeyword("grades") ? grades() : List.of();
        Span end = !grades.isEmpty() ? grades.getLast().span() : !items.isEmpty() ? items.getLast().span() : previous().span();
        return new Declaration.Scorecard(name, base, items, grades, keyword.span().to(end));
    }

    // score_item = RULE ( ( "+" | "-" ) NUMBER | "veto" )
    private Optional<ScoreItem> scoreItem() {
        Identifier rule = identifier(advance());
        ScoreItem.Effect effect;
        if (atKeyword("veto")) {
            effect = new ScoreItem.Effect.Veto(advance().span());
        } else if (at(TokenKind.PLUS) || at(TokenKind.MINUS)) {
            Token sign = advance();
            NumberLiteral magnitude = number("points after '" + sign.text() + "'");
            double points = sign.kind() == TokenKind.MINUS ? -magnitude.value() : magnitude.value();
            effect = new ScoreItem.Effect.Points(new NumberLiteral(points, sign.span().to(magnitude.span())));
        } else if (at(TokenKind.NUMBER)) {
            // An unsigned number is ambiguous between a deduction and a bonus: say so, read it as written.
            NumberLiteral points = number("points");
            diagnostics.report(DiagnosticCode.INVALID_SCORE_ITEM, points.span(),
                    "points for rule '" + rule.name() + "' need a sign",
                    "write -" + sourceOf(points.span()) + " to deduct or +" + sourceOf(points.span()) + " to add");
            effect = new ScoreItem.Effect.Points(points);
        } else {
            diagnostics.report(DiagnosticCode.INVALID_SCORE_ITEM, errorSpan(),
                    "expected points like -5 or 'veto' after rule '" + rule.name() + "' in the scorecard, found "
                            + peek().describe(), "every scorecard line is 'RULE_ID -points', 'RULE_ID +points' or 'RULE_ID veto'");
            // Skip what stands in for the points, unless the next item, the grades or a declaration starts there.
            if (!at(TokenKind.IDENTIFIER) && !at(TokenKind.END_OF_FILE) && !atKeyword("grades") && !atTopLevelKeyword()) {
                advance();
            }
            return Optional.empty();
        }
        return Optional.of(new ScoreItem(rule, effect, rule.span().to(effect.span())));
    }

    private String sourceOf(Span span) {
        return source.text().substring(span.start(), span.end());
    }

    // grades = "grades" grade { "," grade }
    private List<GradeBand> grades() {
        advance();
        List<GradeBand> bands = new ArrayList<>(List.of(gradeBand()));
        while (at(TokenKind.COMMA)) {
            advance();
            bands.add(gradeBand());
        }
        return bands;
    }

    // grade = NAME ">=" NUMBER
    private GradeBand gradeBand() {
        Identifier grade = declaredName("grade");
        expect(TokenKind.GREATER_EQUAL, "'>=' after grade '" + grade.name() + "'");
        NumberLiteral min = number("the grade's minimum score");
        return new GradeBand(grade, min, grade.span().to(min.span()));
    }

    // test = "test" STRING "{" "dialogue" "{" { test_turn } "}" { expectation } "}"
    private Declaration test(Token keyword) {
        StringLiteral name = string("the test's name in quotes, like \"greets and closes\"");
        expect(TokenKind.LEFT_BRACE, "'{' after the test name");
        expectWord("dialogue", "'dialogue {' with the test's turns");
        expect(TokenKind.LEFT_BRACE, "'{' after 'dialogue'");
        List<TestTurn> turns = new ArrayList<>();
        while (at(TokenKind.IDENTIFIER)) {
            turns.add(testTurn());
        }
        expect(TokenKind.RIGHT_BRACE, "a turn like 'agent: \"您好\"' or '}'");
        List<Expectation> expectations = new ArrayList<>();
        while (atWord("expect")) {
            expectations.add(expectation());
        }
        Token close = expect(TokenKind.RIGHT_BRACE, "'expect' or '}' to end the test");
        return new Declaration.Test(name, turns, expectations, keyword.span().to(close.span()));
    }

    // test_turn = NAME ":" STRING [ "at" STRING ]
    private TestTurn testTurn() {
        Identifier role = identifier(advance());
        expect(TokenKind.COLON, "':' after the role '" + role.name() + "'");
        StringLiteral text = string("the turn's text in quotes");
        Optional<StringLiteral> at = Optional.empty();
        if (atWord("at")) {
            advance();
            at = Optional.of(string("the turn's time in quotes, like \"2026-11-11T10:00:03+08:00\""));
        }
        return new TestTurn(role, text, at, role.span().to(at.orElse(text).span()));
    }

    // expectation = "expect" ( [ "no" ] "hit" NAME [ "on" "turn" INT ] | "score" NUMBER | "grade" NAME )
    private Expectation expectation() {
        Token expect = advance();
        if (atWord("score")) {
            advance();
            NumberLiteral value = number("the expected score");
            return new Expectation.Score(value, expect.span().to(value.span()));
        }
        if (atWord("grade")) {
            advance();
            Identifier grade = identifier(expect(TokenKind.IDENTIFIER, "the expected grade"));
            return new Expectation.Grade(grade, expect.span().to(grade.span()));
        }
        boolean hit = !atWord("no");
        if (!hit) {
            advance();
        }
        expectWord("hit", hit ? "'hit', 'no hit', 'score' or 'grade' after 'expect'" : "'hit' after 'no'");
        Identifier rule = identifier(expect(TokenKind.IDENTIFIER, "a rule id"));
        Optional<IntLiteral> turn = Optional.empty();
        if (atWord("on")) {
            advance();
            expectKeyword("turn", "after 'on'");
            turn = Optional.of(integer("the turn's number, counting from 1"));
        }
        Span end = turn.map(IntLiteral::span).orElse(rule.span());
        return new Expectation.Hit(hit, rule, turn, expect.span().to(end));
    }

    /** Words of a test block are names, not keywords, so they stay free for rule files to use. */
    private boolean atWord(String word) {
        return at(TokenKind.IDENTIFIER) && peek().text().equals(word);
    }

    private void expectWord(String word, String what) {
        if (!atWord(word)) {
            throw error(expected(what), at(TokenKind.IDENTIFIER) ? NameSuggestions.didYouMean(peek().text(), List.of(word)) : null);
        }
        advance();
    }

    // string_list = "[" [ STRING { "," STRING } [ "," ] ] "]"
    private StringList stringList(String what) {
        Token open = expect(TokenKind.LEFT_BRACKET, what);
        List<StringLiteral> items = new ArrayList<>();
        while (!at(TokenKind.RIGHT_BRACKET)) {
            items.add(string(items.isEmpty() ? "a string or ']'" : "a string"));
            if (!at(TokenKind.COMMA)) {
                break;
            }
            advance();
        }
        Token close = expect(TokenKind.RIGHT_BRACKET, items.isEmpty() ? "']'" : "',' or ']'");
        return new StringList(items, open.span().to(close.span()));
    }

    /** The name a declaration introduces; a keyword there is reported and read as the name meant. */
    private Identifier declaredName(String what) {
        if (at(TokenKind.KEYWORD) && !atTopLevelKeyword()) {
            Token keyword = advance();
            diagnostics.report(DiagnosticCode.KEYWORD_AS_NAME, keyword.span(),
                    "'" + keyword.text() + "' is a keyword and cannot name a " + what,
                    "choose another name, like '" + keyword.text() + "_" + what + "'");
            return identifier(keyword);
        }
        return identifier(expect(TokenKind.IDENTIFIER, "a name for the " + what));
    }

    private StringLiteral string(String what) {
        Token token = expect(TokenKind.STRING, what);
        return new StringLiteral(token.value(), token.span());
    }

    private RegexLiteral regex(String what) {
        Token token = expect(TokenKind.REGEX, what);
        return new RegexLiteral(token.value(), token.span());
    }

    private NumberLiteral number(String what) {
        Token token = expect(TokenKind.NUMBER, what);
        return new NumberLiteral(Double.parseDouble(token.text()), token.span());
    }

    private IntLiteral integer(String what) {
        if (at(TokenKind.NUMBER) && peek().text().length() <= 9 && peek().text().chars().allMatch(Character::isDigit)) {
            Token token = advance();
            return new IntLiteral(Integer.parseInt(token.text()), token.span());
        }
        throw error(expected(what + " (a whole number)"));
    }

    private static Identifier identifier(Token token) {
        return new Identifier(token.text(), token.span());
    }

    private Token expect(TokenKind kind, String what) {
        if (!at(kind)) {
            throw error(expected(what));
        }
        return advance();
    }

    private void expectKeyword(String keyword, String context) {
        if (!atKeyword(keyword)) {
            throw error(expected("'" + keyword + "' " + context),
                    at(TokenKind.IDENTIFIER) ? NameSuggestions.didYouMean(peek().text(), List.of(keyword)) : null);
        }
        advance();
    }

    private String expected(String what) {
        return "expected " + what + ", found " + peek().describe();
    }

    private static String oneOf(List<String> alternatives) {
        return alternatives.size() == 1 ? alternatives.getFirst()
                : String.join(", ", alternatives.subList(0, alternatives.size() - 1)) + " or " + alternatives.getLast();
    }

    private SyntaxError error(String message) {
        return error(message, null);
    }

    private SyntaxError error(String message, String suggestion) {
        report(message, suggestion, errorSpan());
        return new SyntaxError();
    }

    private void report(String message, String suggestion, Span span) {
        // A syntax error on a line that already has one is nearly always its echo: an unterminated
        // string swallowed the ']', a bad character left a gap. Reporting it would only add noise.
        if (!diagnostics.hasErrorOnLine(source.line(span.start()))) {
            diagnostics.report(DiagnosticCode.UNEXPECTED_TOKEN, span, message, suggestion);
        }
    }

    /**
     * Where an "expected" error points: at the offending token, or just after the previous token
     * when the offending one is on a later line — a missing ':' belongs at the end of its header,
     * not at the start of the next line.
     */
    private Span errorSpan() {
        Token found = peek();
        if (position > 0) {
            int previousEnd = previous().span().end();
            if (source.line(found.span().start()) > source.line(previousEnd)) {
                return new Span(previousEnd, previousEnd + 1);
            }
        }
        return found.span();
    }

    /** Skips to the next top-level keyword (or the end), where the next declaration can start cleanly. */
    private void synchronize() {
        while (!at(TokenKind.END_OF_FILE) && !atTopLevelKeyword()) {
            advance();
        }
    }

    private boolean atTopLevelKeyword() {
        return at(TokenKind.KEYWORD) && Keywords.TOP_LEVEL.contains(peek().text());
    }

    private boolean atKeyword(String keyword) {
        return peek().isKeyword(keyword);
    }

    private boolean at(TokenKind kind) {
        return peek().kind() == kind;
    }

    private Token peek() {
        return tokens.get(position);
    }

    private Token previous() {
        return tokens.get(position - 1);
    }

    private Token advance() {
        Token token = peek();
        if (token.kind() != TokenKind.END_OF_FILE) {
            position++;
        }
        return token;
    }
}
