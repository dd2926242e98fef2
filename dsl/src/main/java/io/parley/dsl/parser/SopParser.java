package io.parley.dsl.parser;

import io.parley.dsl.ast.Condition;
import io.parley.dsl.ast.Declaration;
import io.parley.dsl.ast.Identifier;
import io.parley.dsl.ast.StringLiteral;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.parley.dsl.parser.TokenCursor.identifier;

/** Stages, and the SOPs that put stages in order. */
final class SopParser {
    private final TokenCursor tokens;
    private final ConditionParser conditions;

    SopParser(TokenCursor tokens, ConditionParser conditions) {
        this.tokens = tokens;
        this.conditions = conditions;
    }

    // stage = "stage" header ":" condition
    Declaration stage(Token keyword) {
        RuleHeader header = RuleHeader.parse(tokens, "stage");
        header.end(tokens, "stage", false);
        Condition condition = conditions.condition();
        return new Declaration.Stage(header.id(), header.title(), header.severity(), header.tags(), condition,
                keyword.span().to(condition.span()));
    }

    // sop = "sop" NAME [ STRING ] [ "applies" "when" condition ] ":" NAME { "->" NAME }
    Declaration sop(Token keyword) {
        Identifier id = tokens.declaredName("sop");
        Optional<StringLiteral> title = tokens.at(TokenKind.STRING) ? Optional.of(tokens.string("a title")) : Optional.empty();
        Optional<Condition> applies = conditions.appliesWhen();
        if (!tokens.at(TokenKind.COLON)) {
            throw tokens.expected((applies.isPresent() ? "':'" : title.isEmpty() ? "a title in quotes, 'applies when' or ':'"
                    : "'applies when' or ':'") + " in the header of sop '" + id.name() + "'");
        }
        tokens.advance();
        List<Identifier> stages = new ArrayList<>();
        stages.add(identifier(tokens.expect(TokenKind.IDENTIFIER, "the sop's first stage, like 'greeting -> needs -> closing'")));
        while (tokens.at(TokenKind.ARROW)) {
            tokens.advance();
            stages.add(identifier(tokens.expect(TokenKind.IDENTIFIER, "a stage after '->'")));
        }
        return new Declaration.Sop(id, title, applies, stages, keyword.span().to(stages.getLast().span()));
    }
}
