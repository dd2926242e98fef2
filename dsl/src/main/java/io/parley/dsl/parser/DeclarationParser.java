package io.parley.dsl.parser;

import io.parley.dsl.ast.Condition;
import io.parley.dsl.ast.Declaration;
import io.parley.dsl.ast.Identifier;
import io.parley.dsl.ast.IntLiteral;
import io.parley.dsl.ast.NumberLiteral;
import io.parley.dsl.ast.RegexLiteral;
import io.parley.dsl.ast.StringList;
import io.parley.dsl.ast.StringLiteral;
import io.parley.dsl.source.Span;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The declarations that stand on their own: the template header, parties, the vocabulary rules
 * look for (lexicons, patterns, entities, intents), rules, checkpoints and signals with their
 * conditions, and drools blocks.
 */
final class DeclarationParser {
    /** {@code rule "name"} or {@code rule name} at the start of a line of DRL. */
    private static final Pattern DRL_RULE = Pattern.compile(
            "(?m)^\\s*rule\\s+(?:\"((?:[^\"\\\\]|\\\\.)*)\"|([\\p{L}_][\\p{L}\\d_]*))");

    private final TokenCursor tokens;
    private final ConditionParser conditions;

    DeclarationParser(TokenCursor tokens, ConditionParser conditions) {
        this.tokens = tokens;
        this.conditions = conditions;
    }

    // template = "template" STRING "version" INT "language" ( NAME | STRING )
    Declaration template(Token keyword) {
        StringLiteral id = tokens.string("the template id in quotes, like \"ecommerce-presale\"");
        tokens.expectKeyword("version", "after the template id");
        IntLiteral version = tokens.integer("a version number");
        tokens.expectKeyword("language", "after the version");
        StringLiteral language;
        if (tokens.at(TokenKind.IDENTIFIER) || tokens.at(TokenKind.STRING)) {
            Token code = tokens.advance();
            language = new StringLiteral(code.value(), code.span());
        } else {
            throw tokens.expected("a language code, like zh or \"zh-CN\"");
        }
        return new Declaration.Template(id, version, language, keyword.span().to(language.span()));
    }

    // party = "party" NAME
    Declaration party(Token keyword) {
        Identifier name = tokens.declaredName("party");
        return new Declaration.Party(name, keyword.span().to(name.span()));
    }

    // lexicon = "lexicon" NAME "=" string_list
    Declaration lexicon(Token keyword) {
        Identifier name = tokens.declaredName("lexicon");
        tokens.expect(TokenKind.EQUALS, "'=' after the lexicon name");
        StringList terms = tokens.stringList("the lexicon's terms, like [\"您好\", \"亲\"]");
        return new Declaration.Lexicon(name, terms, keyword.span().to(terms.span()));
    }

    // pattern = "pattern" NAME "=" REGEX
    Declaration pattern(Token keyword) {
        Identifier name = tokens.declaredName("pattern");
        tokens.expect(TokenKind.EQUALS, "'=' after the pattern name");
        RegexLiteral regex = tokens.regex("a regex between slashes, like /\\d{10,20}/");
        return new Declaration.Pattern(name, regex, keyword.span().to(regex.span()));
    }

    // rule = "rule" header ":" condition
    Declaration rule(Token keyword) {
        RuleHeader header = RuleHeader.parse(tokens, "rule");
        header.end(tokens, "rule", false);
        Condition condition = conditions.condition();
        return new Declaration.Rule(header.id(), header.title(), header.severity(), header.tags(), condition,
                keyword.span().to(condition.span()));
    }

    // checkpoint = "checkpoint" header [ "applies" "when" condition ] ":" condition
    Declaration checkpoint(Token keyword) {
        RuleHeader header = RuleHeader.parse(tokens, "checkpoint");
        Optional<Condition> applies = conditions.appliesWhen();
        header.end(tokens, "checkpoint", applies.isEmpty());
        Condition condition = conditions.condition();
        return new Declaration.Checkpoint(header.id(), header.title(), header.severity(), header.tags(), applies,
                condition, keyword.span().to(condition.span()));
    }

    // signal = "signal" NAME ( "=" | ":" ) condition
    Declaration signal(Token keyword) {
        Identifier name = tokens.declaredName("signal");
        if (!tokens.at(TokenKind.EQUALS) && !tokens.at(TokenKind.COLON)) {
            throw tokens.expected("'=' after the signal name");
        }
        tokens.advance();
        Condition condition = conditions.condition();
        return new Declaration.Signal(name, condition, keyword.span().to(condition.span()));
    }

    // drools = "drools" "{" DRL "}"
    Declaration drools(Token keyword) {
        Token block = tokens.expect(TokenKind.DRL_BLOCK, "'{' and DRL rules, like drools { rule \"r\" when … then … end }");
        int textStart = block.span().start() + 1;
        List<Identifier> rules = new ArrayList<>();
        Matcher rule = DRL_RULE.matcher(block.value());
        while (rule.find()) {
            int group = rule.group(1) != null ? 1 : 2;
            rules.add(new Identifier(rule.group(group),
                    new Span(textStart + rule.start(group), textStart + rule.end(group))));
        }
        return new Declaration.Drools(block.value(), new Span(textStart, textStart + block.value().length()), rules,
                keyword.span().to(block.span()));
    }

    // entity = "entity" NAME [ "=" REGEX ]
    Declaration entity(Token keyword) {
        Identifier name = tokens.declaredName("entity");
        if (!tokens.at(TokenKind.EQUALS)) {
            return new Declaration.Entity(name, Optional.empty(), keyword.span().to(name.span()));
        }
        tokens.advance();
        RegexLiteral regex = tokens.regex("the entity's regex between slashes, like /YHQ\\d{8}/");
        return new Declaration.Entity(name, Optional.of(regex), keyword.span().to(regex.span()));
    }

    // intent = "intent" NAME "examples" string_list [ "threshold" NUMBER ]
    Declaration intent(Token keyword) {
        Identifier name = tokens.declaredName("intent");
        tokens.expectWord("examples", "'examples' and the intent's example phrases, like examples [\"我要退款\"]");
        StringList examples = tokens.stringList("the example phrases, like [\"我要退款\", \"怎么退货\"]");
        Optional<NumberLiteral> threshold = Optional.empty();
        if (tokens.atWord("threshold")) {
            tokens.advance();
            threshold = Optional.of(tokens.number("the threshold, like 0.8"));
        }
        return new Declaration.Intent(name, examples, threshold,
                keyword.span().to(threshold.map(NumberLiteral::span).orElse(examples.span())));
    }
}
