package io.parley.dsl.parser;

import io.parley.dsl.ast.ConfigEntry;
import io.parley.dsl.ast.ConfigEntry.ConfigValue;
import io.parley.dsl.ast.Declaration;
import io.parley.dsl.ast.Identifier;
import io.parley.dsl.ast.NumberLiteral;
import io.parley.dsl.ast.ScriptSource;
import io.parley.dsl.ast.StringLiteral;
import io.parley.dsl.source.Span;
import io.parley.engine.api.NameSuggestions;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.parley.dsl.parser.TokenCursor.identifier;

/** The declarations that bring in plugins: operators with their options, and scripts. */
final class PluginParser {
    private static final List<String> SCRIPT_ROLES = List.of("operator", "score", "map");

    private final TokenCursor tokens;

    PluginParser(TokenCursor tokens) {
        this.tokens = tokens;
    }

    // operator = "operator" NAME "=" PLUGIN "{" [ option { "," option } [ "," ] ] "}"
    Declaration operator(Token keyword) {
        Identifier name = tokens.declaredName("operator");
        tokens.expect(TokenKind.EQUALS, "'=' after the operator name");
        Identifier plugin = pluginId("the plugin that provides the operator, like lexicon or js");
        tokens.expect(TokenKind.LEFT_BRACE, "'{' and the operator's options, like { terms: [\"退款\"] }");
        List<ConfigEntry> options = configEntries();
        Token close = tokens.expect(TokenKind.RIGHT_BRACE, options.isEmpty() ? "an option like 'key: \"value\"' or '}'" : "',' or '}'");
        return new Declaration.Operator(name, plugin, options, keyword.span().to(close.span()));
    }

    /** A plugin id; keywords are fine here ({@code lexicon}, {@code regex}). */
    private Identifier pluginId(String what) {
        if (tokens.at(TokenKind.IDENTIFIER) || tokens.at(TokenKind.KEYWORD)) {
            return identifier(tokens.advance());
        }
        throw tokens.expected(what);
    }

    // options = [ option { "," option } [ "," ] ]   (up to the closing brace)
    private List<ConfigEntry> configEntries() {
        List<ConfigEntry> entries = new ArrayList<>();
        while (tokens.at(TokenKind.IDENTIFIER) || tokens.at(TokenKind.KEYWORD)) {
            entries.add(configEntry());
            if (!tokens.at(TokenKind.COMMA)) {
                break;
            }
            tokens.advance();
        }
        return entries;
    }

    // option = NAME ":" value
    private ConfigEntry configEntry() {
        Identifier key = identifier(tokens.advance());
        tokens.expect(TokenKind.COLON, "':' after option '" + key.name() + "'");
        ConfigValue value = configValue();
        return new ConfigEntry(key, value, key.span().to(value.span()));
    }

    // value = STRING | SCRIPT | [ "-" ] NUMBER | "true" | "false" | "[" [ value { "," value } [ "," ] ] "]" | "{" options "}"
    private ConfigValue configValue() {
        Token start = tokens.peek();
        switch (start.kind()) {
            case STRING, SCRIPT -> {
                tokens.advance();
                return new ConfigValue.Text(start.value(), start.span());
            }
            case NUMBER, MINUS -> {
                Token sign = start.kind() == TokenKind.MINUS ? tokens.advance() : null;
                NumberLiteral number = tokens.number("a number after '-'");
                return new ConfigValue.Number(sign == null ? number.value() : -number.value(),
                        !tokens.previous().text().contains("."), sign == null ? number.span() : sign.span().to(number.span()));
            }
            case LEFT_BRACKET -> {
                tokens.advance();
                List<ConfigValue> items = new ArrayList<>();
                while (!tokens.at(TokenKind.RIGHT_BRACKET)) {
                    items.add(configValue());
                    if (!tokens.at(TokenKind.COMMA)) {
                        break;
                    }
                    tokens.advance();
                }
                Token close = tokens.expect(TokenKind.RIGHT_BRACKET, "',' or ']'");
                return new ConfigValue.ListValue(items, start.span().to(close.span()));
            }
            case LEFT_BRACE -> {
                tokens.advance();
                List<ConfigEntry> entries = configEntries();
                Token close = tokens.expect(TokenKind.RIGHT_BRACE, "',' or '}'");
                return new ConfigValue.MapValue(entries, start.span().to(close.span()));
            }
            case IDENTIFIER -> {
                if (start.text().equals("true") || start.text().equals("false")) {
                    tokens.advance();
                    return new ConfigValue.Bool(start.text().equals("true"), start.span());
                }
            }
            default -> {
            }
        }
        throw tokens.expected("a value: a \"string\", a number, true, false, a [list] or a { map }",
                start.kind() == TokenKind.IDENTIFIER ? "to give text, quote it: \"" + start.text() + "\"" : null);
    }

    // script = "script" ( "operator" NAME | "score" | "map" ) "=" script_source
    Declaration script(Token keyword) {
        Declaration.ScriptRole role;
        Optional<Identifier> name = Optional.empty();
        if (tokens.atKeyword("operator")) {
            tokens.advance();
            role = Declaration.ScriptRole.OPERATOR;
            name = Optional.of(tokens.declaredName("operator"));
        } else if (tokens.at(TokenKind.IDENTIFIER) && tokens.peek().text().equals("score")) {
            tokens.advance();
            role = Declaration.ScriptRole.SCORE;
        } else if (tokens.at(TokenKind.IDENTIFIER) && tokens.peek().text().equals("map")) {
            tokens.advance();
            role = Declaration.ScriptRole.MAP;
        } else {
            throw tokens.expected("'operator NAME', 'score' or 'map' after 'script'",
                    tokens.at(TokenKind.IDENTIFIER) ? NameSuggestions.didYouMean(tokens.peek().text(), SCRIPT_ROLES) : null);
        }
        tokens.expect(TokenKind.EQUALS, "'=' after " + name.map(n -> "the operator name").orElse("'script " + role.keyword() + "'"));
        ScriptSource source = scriptSource();
        return new Declaration.Script(role, name, source, keyword.span().to(source.span()));
    }

    // script_source = LANGUAGE ( SCRIPT | "file" STRING )
    private ScriptSource scriptSource() {
        String example = "a script like js\"\"\"(dialogue) => …\"\"\" or js file \"script.js\"";
        if (!tokens.at(TokenKind.IDENTIFIER)) {
            throw tokens.expected(example);
        }
        Identifier language = identifier(tokens.advance());
        if (tokens.at(TokenKind.SCRIPT)) {
            Token script = tokens.advance();
            int textStart = script.span().start() + 3;
            return new ScriptSource.Inline(language, script.value(),
                    new Span(textStart, textStart + script.value().length()), language.span().to(script.span()));
        }
        if (tokens.at(TokenKind.IDENTIFIER) && tokens.peek().text().equals("file")) {
            tokens.advance();
            StringLiteral path = tokens.string("the script file's path in quotes, like \"ops/slow_reply.js\"");
            return new ScriptSource.File(language, path, language.span().to(path.span()));
        }
        throw tokens.expected("the script in triple quotes after '" + language.name() + "', like "
                + language.name() + "\"\"\"(dialogue) => …\"\"\", or 'file \"script.js\"'");
    }
}
