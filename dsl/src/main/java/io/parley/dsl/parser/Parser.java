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
            "'template', 'import', 'extends', 'lexicon', 'pattern', 'entity', 'intent', 'operator', 'script', 'signal', "
                    + "'rule', 'checkpoint', 'stage', 'sop', 'drools', 'scorecard', 'party' or 'test'";
    private static final List<String> ATOM_VERBS = List.of("says", "mentions", "responds", "response", "interrupts",
            "speech", "sentiment");
    private static final List<String> TAIL_WORDS = List.of("before", "after", "at", "for");
    /** Duration units and their length in milliseconds. */
    private static final java.util.Map<String, Long> UNITS = java.util.Map.of("ms", 1L, "s", 1_000L, "sec", 1_000L,
            "m", 60_000L, "min", 60_000L, "h", 3_600_000L);
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
                case ENTITY -> entity(keyword);
                case INTENT -> intent(keyword);
                case SIGNAL -> signal(keyword);
                case CHECKPOINT -> checkpoint(keyword);
                case STAGE -> stage(keyword);
                case SOP -> sop(keyword);
                case DROOLS -> drools(keyword);
                case IMPORT, EXTENDS -> {
                    StringLiteral path = string("the file's path in quotes, like \"template.parley\"");
                    yield new Declaration.Include(kind == DeclarationKind.EXTENDS, path, keyword.span().to(path.span()));
                }
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
            case Declaration.Signal signal -> "'and', 'or' or ";
            case Declaration.Checkpoint checkpoint -> "'and', 'or' or ";
            case Declaration.Stage stage -> "'and', 'or' or ";
            case Declaration.Sop sop -> "'->' or ";
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

    /** The header clauses rules and checkpoints share. */
    private record Header(Identifier id, Optional<StringLiteral> title, Optional<Identifier> severity,
                          Optional<StringList> tags) {
    }

    // header = NAME [ STRING ] [ "severity" NAME ] [ "tags" string_list ]
    private Header header(String what) {
        Identifier id = declaredName(what);
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
        return new Header(id, title, severity, tags);
    }

    /** The ':' ending a header; says which clauses could still have come. */
    private void headerEnd(Header header, String what, boolean appliesAllowed) {
        if (!at(TokenKind.COLON)) {
            // Only the header clauses after the last one written could still come.
            List<String> clauses = new ArrayList<>(List.of("a title in quotes", "'severity'", "'tags'"));
            if (appliesAllowed) {
                clauses.add("'applies when'");
            }
            clauses.add("':'");
            int written = header.tags().isPresent() ? 3 : header.severity().isPresent() ? 2 : header.title().isPresent() ? 1 : 0;
            List<String> words = appliesAllowed ? List.of("severity", "tags", "applies") : List.of("severity", "tags");
            throw error(expected(oneOf(clauses.subList(written, clauses.size())) + " in the header of " + what + " '"
                            + header.id().name() + "'"),
                    at(TokenKind.IDENTIFIER) ? NameSuggestions.didYouMean(peek().text(), words) : null);
        }
        advance();
    }

    // rule = "rule" header ":" condition
    private Declaration rule(Token keyword) {
        Header header = header("rule");
        headerEnd(header, "rule", false);
        Condition condition = condition();
        return new Declaration.Rule(header.id(), header.title(), header.severity(), header.tags(), condition,
                keyword.span().to(condition.span()));
    }

    // checkpoint = "checkpoint" header [ "applies" "when" condition ] ":" condition
    private Declaration checkpoint(Token keyword) {
        Header header = header("checkpoint");
        Optional<Condition> applies = Optional.empty();
        if (atWord("applies")) {
            advance();
            expectWord("when", "'when' after 'applies'");
            applies = Optional.of(condition());
        }
        headerEnd(header, "checkpoint", applies.isEmpty());
        Condition condition = condition();
        return new Declaration.Checkpoint(header.id(), header.title(), header.severity(), header.tags(), applies,
                condition, keyword.span().to(condition.span()));
    }

    // stage = "stage" header ":" condition
    private Declaration stage(Token keyword) {
        Header header = header("stage");
        headerEnd(header, "stage", false);
        Condition condition = condition();
        return new Declaration.Stage(header.id(), header.title(), header.severity(), header.tags(), condition,
                keyword.span().to(condition.span()));
    }

    // sop = "sop" NAME [ STRING ] [ "applies" "when" condition ] ":" NAME { "->" NAME }
    private Declaration sop(Token keyword) {
        Identifier id = declaredName("sop");
        Optional<StringLiteral> title = at(TokenKind.STRING) ? Optional.of(string("a title")) : Optional.empty();
        Optional<Condition> applies = Optional.empty();
        if (atWord("applies")) {
            advance();
            expectWord("when", "'when' after 'applies'");
            applies = Optional.of(condition());
        }
        if (!at(TokenKind.COLON)) {
            throw error(expected((applies.isPresent() ? "':'" : title.isEmpty() ? "a title in quotes, 'applies when' or ':'"
                    : "'applies when' or ':'") + " in the header of sop '" + id.name() + "'"));
        }
        advance();
        List<Identifier> stages = new ArrayList<>();
        stages.add(identifier(expect(TokenKind.IDENTIFIER, "the sop's first stage, like 'greeting -> needs -> closing'")));
        while (at(TokenKind.ARROW)) {
            advance();
            stages.add(identifier(expect(TokenKind.IDENTIFIER, "a stage after '->'")));
        }
        return new Declaration.Sop(id, title, applies, stages, keyword.span().to(stages.getLast().span()));
    }

    // signal = "signal" NAME ( "=" | ":" ) condition
    private Declaration signal(Token keyword) {
        Identifier name = declaredName("signal");
        if (!at(TokenKind.EQUALS) && !at(TokenKind.COLON)) {
            throw error(expected("'=' after the signal name"));
        }
        advance();
        Condition condition = condition();
        return new Declaration.Signal(name, condition, keyword.span().to(condition.span()));
    }

    /** {@code rule "name"} or {@code rule name} at the start of a line of DRL. */
    private static final java.util.regex.Pattern DRL_RULE = java.util.regex.Pattern.compile(
            "(?m)^\\s*rule\\s+(?:\"((?:[^\"\\\\]|\\\\.)*)\"|([\\p{L}_][\\p{L}\\d_]*))");

    // drools = "drools" "{" DRL "}"
    private Declaration drools(Token keyword) {
        Token block = expect(TokenKind.DRL_BLOCK, "'{' and DRL rules, like drools { rule \"r\" when … then … end }");
        int textStart = block.span().start() + 1;
        List<Identifier> rules = new ArrayList<>();
        java.util.regex.Matcher rule = DRL_RULE.matcher(block.value());
        while (rule.find()) {
            int group = rule.group(1) != null ? 1 : 2;
            rules.add(new Identifier(rule.group(group),
                    new Span(textStart + rule.start(group), textStart + rule.end(group))));
        }
        return new Declaration.Drools(block.value(), new Span(textStart, textStart + block.value().length()), rules,
                keyword.span().to(block.span()));
    }

    // entity = "entity" NAME [ "=" REGEX ]
    private Declaration entity(Token keyword) {
        Identifier name = declaredName("entity");
        if (!at(TokenKind.EQUALS)) {
            return new Declaration.Entity(name, Optional.empty(), keyword.span().to(name.span()));
        }
        advance();
        RegexLiteral regex = regex("the entity's regex between slashes, like /YHQ\\d{8}/");
        return new Declaration.Entity(name, Optional.of(regex), keyword.span().to(regex.span()));
    }

    // intent = "intent" NAME "examples" string_list [ "threshold" NUMBER ]
    private Declaration intent(Token keyword) {
        Identifier name = declaredName("intent");
        expectWord("examples", "'examples' and the intent's example phrases, like examples [\"我要退款\"]");
        StringList examples = stringList("the example phrases, like [\"我要退款\", \"怎么退货\"]");
        Optional<NumberLiteral> threshold = Optional.empty();
        if (atWord("threshold")) {
            advance();
            threshold = Optional.of(number("the threshold, like 0.8"));
        }
        return new Declaration.Intent(name, examples, threshold,
                keyword.span().to(threshold.map(NumberLiteral::span).orElse(examples.span())));
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

    // unary = "not" unary | "(" condition ")" | atom [ nth ] [ window ] [ count ]
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
        return tail(atom());
    }

    // nth    = "for" "the" ORDINAL "time"
    // window = "within" "next" INT [ ROLE ] "turns" "after" atom | "within" DURATION "after" atom
    //        | ( "before" | "after" ) atom
    // count  = "at" ( "least" | "most" ) INT ( "times" | "time" )
    private Condition tail(Condition target) {
        Condition result = nth(target);
        if (atKeyword("within") && (wordAt(position + 1, "next") || tokens.get(position + 1).kind() == TokenKind.NUMBER)) {
            Token within = advance();
            Condition.Window window;
            if (atWord("next")) {
                advance();
                IntLiteral count = integer("how many turns, like 'within next 3 agent turns'");
                Optional<Identifier> role = at(TokenKind.IDENTIFIER) ? Optional.of(identifier(advance())) : Optional.empty();
                if (!atKeyword("turns") && !atKeyword("turn")) {
                    throw error(expected("'turns'" + (role.isEmpty() ? " or a role" : "") + " after the count"));
                }
                window = new Condition.Window.NextTurns(count, role, within.span().to(advance().span()));
            } else {
                NumberLiteral seconds = duration("a time like 60s");
                window = new Condition.Window.Seconds(seconds, within.span().to(previous().span()));
            }
            expectWord("after", "'after' and the condition the window starts at");
            result = anchored(result, window);
        } else if (atWord("before") || atWord("after")) {
            Token word = advance();
            Condition.Window window = word.text().equals("before")
                    ? new Condition.Window.Before(word.span()) : new Condition.Window.After(word.span());
            result = anchored(result, window);
        }
        if (atWord("at") && (wordAt(position + 1, "least") || wordAt(position + 1, "most"))) {
            advance();
            boolean atLeast = advance().text().equals("least");
            IntLiteral times = integer("how many times, like 'at least 2 times'");
            if (!atWord("times") && !atWord("time")) {
                throw error(expected("'times' after the count"));
            }
            result = new Condition.Counted(result, atLeast, times, result.span().to(advance().span()));
        }
        return result;
    }

    /** An ordinal: 1st, 2nd, 3rd, 4th, … (a whole number and its suffix, written together). */
    private IntLiteral ordinal() {
        IntLiteral number = integer("an ordinal like 2nd");
        Token suffix = peek();
        if (suffix.kind() == TokenKind.IDENTIFIER && suffix.span().start() == number.span().end()
                && List.of("st", "nd", "rd", "th").contains(suffix.text())) {
            advance();
            return new IntLiteral(number.value(), number.span().to(suffix.span()));
        }
        throw error(expected("an ordinal like 1st, 2nd, 3rd or 4th"));
    }

    private Condition nth(Condition target) {
        if (!(atWord("for") && wordAt(position + 1, "the") && tokens.get(position + 2).kind() == TokenKind.NUMBER)) {
            return target;
        }
        advance();
        advance();
        IntLiteral nth = ordinal();
        if (!atWord("time")) {
            throw error(expected("'time' after the ordinal, like 'for the 2nd time'"));
        }
        return new Condition.Nth(target, nth, target.span().to(advance().span()));
    }

    private Condition anchored(Condition target, Condition.Window window) {
        Condition anchor = nth(atom());
        return new Condition.Anchored(target, window, anchor, target.span().to(anchor.span()));
    }

    // atom = matches | says | mentions | timing | sentiment | dialogue | field | SIGNAL
    private Condition atom() {
        if ((at(TokenKind.IDENTIFIER) || atKeyword("any")) && tokens.get(position + 1).isKeyword("turn")) {
            return matches();
        }
        if (!at(TokenKind.IDENTIFIER)) {
            throw error(expected("a condition, like 'agent says any greeting'"));
        }
        Token next = tokens.get(position + 1);
        if (atWord("silence") && wordAt(position + 1, "over")) {
            Token start = advance();
            advance();
            NumberLiteral amount = duration("a time like 30s");
            return new Condition.Timing(Condition.Measure.SILENCE, Optional.empty(), Condition.Comparison.OVER, amount,
                    start.span().to(previous().span()));
        }
        if (atWord("dialogue") && (wordAt(position + 1, "has") || wordAt(position + 1, "lasts"))) {
            return dialogueCondition();
        }
        if ((atWord("attribute") || atWord("outcome")) && (next.kind() == TokenKind.IDENTIFIER || next.kind() == TokenKind.STRING)) {
            return field();
        }
        if (next.isKeyword("says")) {
            return says();
        }
        if (next.kind() == TokenKind.IDENTIFIER && !TAIL_WORDS.contains(next.text())) {
            return switch (next.text()) {
                case "mentions" -> mentions();
                case "responds", "response", "interrupts", "speech" -> timing();
                case "sentiment" -> sentiment();
                default -> says(); // reports the missing 'says', with the likely word
            };
        }
        Identifier name = identifier(advance());
        return new Condition.SignalRef(name, name.span());
    }

    private boolean wordAt(int index, String word) {
        Token token = tokens.get(Math.min(index, tokens.size() - 1));
        return token.kind() == TokenKind.IDENTIFIER && token.text().equals(word);
    }

    // mentions = ROLE "mentions" "entity" NAME [ position ]
    private Condition mentions() {
        Identifier role = identifier(advance());
        advance();
        expectKeyword("entity", "after 'mentions'");
        Identifier entity = identifier(expect(TokenKind.IDENTIFIER, "the name of a declared entity"));
        Optional<Position> position = atPosition() ? Optional.of(position()) : Optional.empty();
        Match match = new Match.Regex(new Match.RegexSource.EntityRef(entity), Optional.empty(), entity.span());
        return new Condition.Says(role, match, position, role.span().to(position.map(Position::span).orElse(entity.span())));
    }

    // timing = ROLE "response" "time" ( "over" | "under" ) DURATION | ROLE "responds" "within" DURATION
    //        | ROLE "interrupts" | ROLE "speech" "rate" ( "over" | "under" ) NUMBER
    private Condition timing() {
        Identifier role = identifier(advance());
        Token verb = advance();
        Condition.Measure measure;
        Condition.Comparison comparison;
        NumberLiteral amount;
        switch (verb.text()) {
            case "responds" -> {
                expectKeyword("within", "after 'responds'");
                measure = Condition.Measure.RESPONDS_WITHIN;
                comparison = Condition.Comparison.AT_MOST;
                amount = duration("a time like 30s");
            }
            case "response" -> {
                expectWord("time", "'time' after 'response'");
                measure = Condition.Measure.RESPONSE_TIME;
                comparison = overOrUnder();
                amount = duration("a time like 60s");
            }
            case "speech" -> {
                expectWord("rate", "'rate' after 'speech'");
                measure = Condition.Measure.SPEECH_RATE;
                comparison = overOrUnder();
                amount = number("characters per second, like 6");
            }
            default -> {
                measure = Condition.Measure.INTERRUPTION;
                comparison = Condition.Comparison.OVER;
                amount = new NumberLiteral(0, verb.span());
            }
        }
        return new Condition.Timing(measure, Optional.of(role), comparison, amount, role.span().to(previous().span()));
    }

    private Condition.Comparison overOrUnder() {
        if (atWord("over") || atWord("under")) {
            return advance().text().equals("over") ? Condition.Comparison.OVER : Condition.Comparison.UNDER;
        }
        throw error(expected("'over' or 'under'"));
    }

    // dialogue = "dialogue" "has" ( "more" "than" | "fewer" "than" | "at" "least" | "at" "most" | "exactly" ) INT [ ROLE ] "turns"
    //          | "dialogue" "lasts" ( "over" | "under" ) DURATION
    private Condition dialogueCondition() {
        Token start = advance();
        if (advance().text().equals("lasts")) {
            Condition.Comparison comparison = overOrUnder();
            NumberLiteral amount = duration("a time like 10m");
            return new Condition.Timing(Condition.Measure.DURATION, Optional.empty(), comparison, amount,
                    start.span().to(previous().span()));
        }
        Condition.Comparison comparison = countComparison();
        IntLiteral count = integer("a number of turns");
        Optional<Identifier> role = at(TokenKind.IDENTIFIER) ? Optional.of(identifier(advance())) : Optional.empty();
        if (!atKeyword("turns") && !atKeyword("turn")) {
            throw error(expected("'turns'" + (role.isEmpty() ? " or a role" : "") + " after the count"));
        }
        advance();
        return new Condition.Timing(Condition.Measure.TURN_COUNT, role, comparison,
                new NumberLiteral(count.value(), count.span()), start.span().to(previous().span()));
    }

    private Condition.Comparison countComparison() {
        if ((atWord("more") || atWord("fewer")) && wordAt(position + 1, "than")) {
            boolean more = advance().text().equals("more");
            advance();
            return more ? Condition.Comparison.OVER : Condition.Comparison.UNDER;
        }
        if (atWord("at") && (wordAt(position + 1, "least") || wordAt(position + 1, "most"))) {
            advance();
            return advance().text().equals("least") ? Condition.Comparison.AT_LEAST : Condition.Comparison.AT_MOST;
        }
        if (atWord("exactly")) {
            advance();
            return Condition.Comparison.IS;
        }
        throw error(expected("'more than', 'fewer than', 'at least', 'at most' or 'exactly'"));
    }

    // field = ( "attribute" | "outcome" ) ( NAME | STRING )
    //         ( "is" value | "in" "[" value { "," value } "]" | ( "over" | "under" | "at" "least" | "at" "most" ) NUMBER )
    private Condition field() {
        Token start = advance();
        boolean outcome = start.text().equals("outcome");
        Token nameToken = advance();
        Identifier name = new Identifier(nameToken.value(), nameToken.span());
        List<StringLiteral> values = new ArrayList<>();
        Optional<NumberLiteral> number = Optional.empty();
        Condition.Comparison comparison;
        if (atWord("is")) {
            advance();
            comparison = Condition.Comparison.IS;
            values.add(fieldValue());
        } else if (atWord("in")) {
            advance();
            comparison = Condition.Comparison.IS;
            expect(TokenKind.LEFT_BRACKET, "'[' and the values, like [\"A1\", \"B2\"]");
            while (!at(TokenKind.RIGHT_BRACKET)) {
                values.add(fieldValue());
                if (!at(TokenKind.COMMA)) {
                    break;
                }
                advance();
            }
            expect(TokenKind.RIGHT_BRACKET, values.isEmpty() ? "a value or ']'" : "',' or ']'");
        } else if (atWord("over") || atWord("under") || atWord("at")) {
            comparison = atWord("at") ? countComparison() : overOrUnder();
            number = Optional.of(number("a number"));
        } else {
            throw error(expected("'is', 'in', 'over', 'under', 'at least' or 'at most' after " + start.text() + " '"
                    + name.name() + "'"));
        }
        return new Condition.Field(outcome, name, comparison, values, number, start.span().to(previous().span()));
    }

    /** A value an attribute is compared with, as text: a string, a number or true/false. */
    private StringLiteral fieldValue() {
        Token token = peek();
        if (at(TokenKind.STRING) || at(TokenKind.NUMBER) || atWord("true") || atWord("false")) {
            advance();
            return new StringLiteral(token.value(), token.span());
        }
        throw error(expected("a value: a \"string\", a number, true or false"));
    }

    // sentiment = ROLE "sentiment" NAME [ "above" NUMBER ]
    private Condition sentiment() {
        Identifier role = identifier(advance());
        advance();
        Identifier label = identifier(expect(TokenKind.IDENTIFIER, "a sentiment label, like negative"));
        Optional<NumberLiteral> above = above();
        return new Condition.Sentiment(role, label, above, role.span().to(previous().span()));
    }

    private Optional<NumberLiteral> above() {
        if (!atWord("above")) {
            return Optional.empty();
        }
        advance();
        return Optional.of(number("a score between 0 and 1, like 0.8"));
    }

    /**
     * DURATION = NUMBER UNIT, the unit one of ms, s, sec, m, min, h; read as seconds. A missing or
     * unknown unit is reported and read as seconds.
     */
    private NumberLiteral duration(String what) {
        NumberLiteral amount = number(what);
        Token unit = peek();
        boolean adjacentWord = unit.kind() == TokenKind.IDENTIFIER && unit.span().start() == amount.span().end();
        if (adjacentWord && UNITS.containsKey(unit.text())) {
            advance();
            return new NumberLiteral(amount.value() * UNITS.get(unit.text()) / 1000.0, amount.span().to(unit.span()));
        }
        if (adjacentWord) {
            advance();
        }
        diagnostics.report(DiagnosticCode.INVALID_DURATION, adjacentWord ? unit.span() : amount.span(),
                adjacentWord ? "unknown time unit '" + unit.text() + "'" : "the time " + sourceOf(amount.span()) + " has no unit",
                "write the unit right after the number: " + (long) amount.value() + "s, " + (long) amount.value() + "m or "
                        + (long) amount.value() + "h");
        return new NumberLiteral(amount.value(), adjacentWord ? amount.span().to(unit.span()) : amount.span());
    }

    // matches = ( ROLE | "any" ) "turn" "matches" NAME [ position ]
    private Condition matches() {
        Token first = advance();
        Optional<Identifier> role = first.kind() == TokenKind.IDENTIFIER ? Optional.of(identifier(first)) : Optional.empty();
        advance();
        expectKeyword("matches", "after '" + first.text() + " turn'");
        Identifier operator = identifier(expect(TokenKind.IDENTIFIER, "the name of a declared operator"));
        Optional<Position> position = atPosition() ? Optional.of(position()) : Optional.empty();
        Span end = position.map(Position::span).orElse(operator.span());
        return new Condition.Matches(role, operator, position, first.span().to(end));
    }

    // says = ROLE "says" match [ position ]
    private Condition says() {
        Identifier role = identifier(advance());
        expectKeyword("says", "after the role '" + role.name() + "'");
        Match match = match();
        Optional<Position> position = atPosition() ? Optional.of(position()) : Optional.empty();
        Span end = position.map(Position::span).orElse(match.span());
        return new Condition.Says(role, match, position, role.span().to(end));
    }

    /** 'within first' or 'within last' (a window or proximity starts with 'within' too). */
    private boolean atPosition() {
        return atKeyword("within") && (tokens.get(position + 1).isKeyword("first") || wordAt(position + 1, "last"));
    }

    // match = ( ( "any" | "all" | "none" | INT "of" ) terms | STRING ) [ "within" INT "chars" "of" near ]
    //       | "regex" regex_source [ "except" regex_source ] | "entity" NAME | "intent" NAME
    //       | "similar" "to" string_list [ "above" NUMBER ]
    private Match match() {
        Match match = termsOrRegex();
        if (match instanceof Match.Terms terms && atKeyword("within") && tokens.get(position + 1).kind() == TokenKind.NUMBER
                && wordAt(position + 2, "chars")) {
            advance();
            IntLiteral chars = integer("a number of characters");
            advance();
            expectKeyword("of", "after 'chars'");
            Match.TermSource other;
            if (at(TokenKind.STRING)) {
                StringLiteral literal = string("a string");
                other = new Match.TermSource.Inline(new StringList(List.of(literal), literal.span()));
            } else {
                if (atKeyword("any")) {
                    advance();
                }
                other = terms();
            }
            return new Match.Near(terms, chars, other, terms.span().to(other.span()));
        }
        return match;
    }

    private Match termsOrRegex() {
        Token start = peek();
        if (atKeyword("entity") || atKeyword("intent")) {
            advance();
            Identifier name = identifier(expect(TokenKind.IDENTIFIER, "the name of a declared " + start.text()));
            return start.text().equals("entity")
                    ? new Match.Regex(new Match.RegexSource.EntityRef(name), Optional.empty(), start.span().to(name.span()))
                    : new Match.Intent(name, start.span().to(name.span()));
        }
        if (atWord("similar")) {
            advance();
            expectWord("to", "'to' after 'similar'");
            StringList examples = stringList("example phrases, like [\"太贵了\"]");
            Optional<NumberLiteral> above = above();
            return new Match.Similar(examples, above, start.span().to(previous().span()));
        }
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
            regex = regexSource("after 'regex'");
            Optional<Match.RegexSource> except = Optional.empty();
            if (atWord("except")) {
                advance();
                except = Optional.of(regexSource("after 'except'"));
            }
            return new Match.Regex(regex, except, start.span().to(except.orElse(regex).span()));
        }
        if (at(TokenKind.STRING)) {
            StringLiteral literal = string("a string");
            return new Match.Terms(new Match.Quantifier.Any(),
                    new Match.TermSource.Inline(new StringList(List.of(literal), literal.span())), literal.span());
        }
        throw error(expected("'any', 'all', 'none', a count like '2 of', 'regex' or a \"string\" after 'says'"),
                unquotedTextSuggestion(start));
    }

    private Match.RegexSource regexSource(String context) {
        if (at(TokenKind.IDENTIFIER)) {
            return new Match.RegexSource.PatternRef(identifier(advance()));
        }
        if (at(TokenKind.REGEX)) {
            return new Match.RegexSource.Inline(regex("a regex"));
        }
        throw error(expected("a pattern name or a regex like /\\d+/ " + context));
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

    // position = "within" ( "first" | "last" ) INT [ ROLE ] ( "turns" | "turn" )
    private Position position() {
        Token within = advance();
        boolean first = advance().text().equals("first");
        IntLiteral count = integer("how many turns, like 'within first 2 turns'");
        Optional<Identifier> role = at(TokenKind.IDENTIFIER) ? Optional.of(identifier(advance())) : Optional.empty();
        if (!atKeyword("turns") && !atKeyword("turn")) {
            throw error(expected("'turns'" + (role.isEmpty() ? " or a role" : "") + " after the count"));
        }
        Span span = within.span().to(advance().span());
        return first ? new Position.FirstTurns(count, role, span) : new Position.LastTurns(count, role, span);
    }

    // scorecard = "scorecard" NAME "base" NUMBER [ "floor" NUMBER ] ":" { score_item } { section } [ grades ]
    private Declaration scorecard(Token keyword) {
        Identifier name = declaredName("scorecard");
        expectKeyword("base", "after the scorecard name, like 'base 100'");
        NumberLiteral base = number("the base score");
        Optional<NumberLiteral> floor = Optional.empty();
        if (atWord("floor")) {
            advance();
            floor = Optional.of(number("the lowest score, like 'floor 40'"));
        }
        expect(TokenKind.COLON, floor.isEmpty() ? "'floor' or ':' after the base score" : "':' after the floor");
        List<ScoreItem> items = new ArrayList<>();
        List<Declaration.Section> sections = new ArrayList<>();
        Optional<Identifier> section = Optional.empty();
        while (at(TokenKind.IDENTIFIER)) {
            if (atWord("section") && tokens.get(position + 1).kind() == TokenKind.IDENTIFIER) {
                Declaration.Section header = section();
                sections.add(header);
                section = Optional.of(header.name());
            } else {
                scoreItem(section).ifPresent(items::add);
            }
        }
        List<GradeBand> grades = atKeyword("grades") ? grades() : List.of();
        Span end = !grades.isEmpty() ? grades.getLast().span() : !items.isEmpty() ? items.getLast().span() : previous().span();
        return new Declaration.Scorecard(name, base, floor, items, sections, grades, keyword.span().to(end));
    }

    // section = "section" NAME [ STRING ] [ "weight" NUMBER ] [ "cap" NUMBER ] ":"
    private Declaration.Section section() {
        Token start = advance();
        Identifier name = identifier(advance());
        Optional<StringLiteral> title = at(TokenKind.STRING) ? Optional.of(string("a title")) : Optional.empty();
        Optional<NumberLiteral> weight = Optional.empty();
        if (atWord("weight")) {
            advance();
            weight = Optional.of(number("the section's weight"));
        }
        Optional<NumberLiteral> cap = Optional.empty();
        if (atWord("cap")) {
            advance();
            cap = Optional.of(number("the most points the section loses"));
        }
        expect(TokenKind.COLON, "':' after the header of section '" + name.name() + "'");
        return new Declaration.Section(name, title, weight, cap, start.span().to(previous().span()));
    }

    // score_item = RULE ( ( "+" | "-" ) NUMBER | "veto" [ "to" NUMBER ] )
    private Optional<ScoreItem> scoreItem(Optional<Identifier> section) {
        Identifier rule = identifier(advance());
        ScoreItem.Effect effect;
        if (atKeyword("veto")) {
            Token veto = advance();
            Optional<NumberLiteral> to = Optional.empty();
            if (atWord("to")) {
                advance();
                to = Optional.of(number("the score a veto forces, like 'veto to 59'"));
            }
            effect = new ScoreItem.Effect.Veto(to, veto.span().to(previous().span()));
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
        return Optional.of(new ScoreItem(rule, effect, section, rule.span().to(effect.span())));
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

    // expectation = "expect" ( [ "no" ] "hit" NAME [ "on" "turn" INT ] | "score" NUMBER | "grade" NAME
    //                        | "checkpoint" NAME ( "passed" | "failed" | "not" "applicable" )
    //                        | "stage" NAME ( "passed" | "missing" | "out" "of" "order" | "not" "applicable" ) )
    private Expectation expectation() {
        Token expect = advance();
        if (atKeyword("stage")) {
            advance();
            Identifier stage = identifier(expect(TokenKind.IDENTIFIER, "a stage id"));
            if (atWord("out")) {
                advance();
                expectKeyword("of", "after 'out'");
                Token order = peek();
                expectWord("order", "'order' after 'out of'");
                return new Expectation.Stage(stage, Expectation.StageStatus.OUT_OF_ORDER, expect.span().to(order.span()));
            }
            if (atKeyword("not")) {
                advance();
                Token applicable = peek();
                expectWord("applicable", "'applicable' after 'not'");
                return new Expectation.Stage(stage, Expectation.StageStatus.NOT_APPLICABLE, expect.span().to(applicable.span()));
            }
            for (Expectation.StageStatus status : List.of(Expectation.StageStatus.PASSED, Expectation.StageStatus.MISSING)) {
                if (atWord(status.name().toLowerCase(java.util.Locale.ROOT))) {
                    return new Expectation.Stage(stage, status, expect.span().to(advance().span()));
                }
            }
            throw error(expected("'passed', 'missing', 'out of order' or 'not applicable' after the stage id"),
                    at(TokenKind.IDENTIFIER) ? NameSuggestions.didYouMean(peek().text(), List.of("passed", "missing", "out")) : null);
        }
        if (atKeyword("checkpoint")) {
            advance();
            Identifier checkpoint = identifier(expect(TokenKind.IDENTIFIER, "a checkpoint id"));
            String statuses = "'passed', 'failed' or 'not applicable' after the checkpoint id";
            if (atKeyword("not")) {
                advance();
                Token applicable = peek();
                expectWord("applicable", "'applicable' after 'not'");
                return new Expectation.Checkpoint(checkpoint, Expectation.CheckpointStatus.NOT_APPLICABLE,
                        expect.span().to(applicable.span()));
            }
            for (Expectation.CheckpointStatus status : List.of(Expectation.CheckpointStatus.PASSED,
                    Expectation.CheckpointStatus.FAILED)) {
                if (atWord(status.name().toLowerCase(java.util.Locale.ROOT))) {
                    return new Expectation.Checkpoint(checkpoint, status, expect.span().to(advance().span()));
                }
            }
            throw error(expected(statuses));
        }
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
        expectWord("hit", hit ? "'hit', 'no hit', 'score', 'grade', 'checkpoint' or 'stage' after 'expect'" : "'hit' after 'no'");
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
