package io.parley.dsl.parser;

import io.parley.dsl.ast.Declaration;
import io.parley.dsl.ast.GradeBand;
import io.parley.dsl.ast.Identifier;
import io.parley.dsl.ast.NumberLiteral;
import io.parley.dsl.ast.ScoreItem;
import io.parley.dsl.ast.StringLiteral;
import io.parley.dsl.diagnostics.DiagnosticCode;
import io.parley.dsl.source.Span;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.parley.dsl.parser.TokenCursor.identifier;

/** The scorecard: its base, the points of each rule, sections and grades. */
final class ScorecardParser {
    private final TokenCursor tokens;

    ScorecardParser(TokenCursor tokens) {
        this.tokens = tokens;
    }

    // scorecard = "scorecard" NAME "base" NUMBER [ "floor" NUMBER ] ":" { score_item } { section } [ grades ]
    Declaration scorecard(Token keyword) {
        Identifier name = tokens.declaredName("scorecard");
        tokens.expectKeyword("base", "after the scorecard name, like 'base 100'");
        NumberLiteral base = tokens.number("the base score");
        Optional<NumberLiteral> floor = Optional.empty();
        if (tokens.atWord("floor")) {
            tokens.advance();
            floor = Optional.of(tokens.number("the lowest score, like 'floor 40'"));
        }
        tokens.expect(TokenKind.COLON, floor.isEmpty() ? "'floor' or ':' after the base score" : "':' after the floor");
        List<ScoreItem> items = new ArrayList<>();
        List<Declaration.Section> sections = new ArrayList<>();
        Optional<Identifier> section = Optional.empty();
        while (tokens.at(TokenKind.IDENTIFIER)) {
            if (tokens.atWord("section") && tokens.peek(1).kind() == TokenKind.IDENTIFIER) {
                Declaration.Section header = section();
                sections.add(header);
                section = Optional.of(header.name());
            } else {
                scoreItem(section).ifPresent(items::add);
            }
        }
        List<GradeBand> grades = tokens.atKeyword("grades") ? grades() : List.of();
        Span end = !grades.isEmpty() ? grades.getLast().span() : !items.isEmpty() ? items.getLast().span() : tokens.previous().span();
        return new Declaration.Scorecard(name, base, floor, items, sections, grades, keyword.span().to(end));
    }

    // section = "section" NAME [ STRING ] [ "weight" NUMBER ] [ "cap" NUMBER ] ":"
    private Declaration.Section section() {
        Token start = tokens.advance();
        Identifier name = identifier(tokens.advance());
        Optional<StringLiteral> title = tokens.at(TokenKind.STRING) ? Optional.of(tokens.string("a title")) : Optional.empty();
        Optional<NumberLiteral> weight = Optional.empty();
        if (tokens.atWord("weight")) {
            tokens.advance();
            weight = Optional.of(tokens.number("the section's weight"));
        }
        Optional<NumberLiteral> cap = Optional.empty();
        if (tokens.atWord("cap")) {
            tokens.advance();
            cap = Optional.of(tokens.number("the most points the section loses"));
        }
        tokens.expect(TokenKind.COLON, "':' after the header of section '" + name.name() + "'");
        return new Declaration.Section(name, title, weight, cap, start.span().to(tokens.previous().span()));
    }

    // score_item = RULE ( ( "+" | "-" ) NUMBER | "veto" [ "to" NUMBER ] )
    private Optional<ScoreItem> scoreItem(Optional<Identifier> section) {
        Identifier rule = identifier(tokens.advance());
        ScoreItem.Effect effect;
        if (tokens.atKeyword("veto")) {
            Token veto = tokens.advance();
            Optional<NumberLiteral> to = Optional.empty();
            if (tokens.atWord("to")) {
                tokens.advance();
                to = Optional.of(tokens.number("the score a veto forces, like 'veto to 59'"));
            }
            effect = new ScoreItem.Effect.Veto(to, veto.span().to(tokens.previous().span()));
        } else if (tokens.at(TokenKind.PLUS) || tokens.at(TokenKind.MINUS)) {
            Token sign = tokens.advance();
            NumberLiteral magnitude = tokens.number("points after '" + sign.text() + "'");
            double points = sign.kind() == TokenKind.MINUS ? -magnitude.value() : magnitude.value();
            effect = new ScoreItem.Effect.Points(new NumberLiteral(points, sign.span().to(magnitude.span())));
        } else if (tokens.at(TokenKind.NUMBER)) {
            // An unsigned number is ambiguous between a deduction and a bonus: say so, read it as written.
            NumberLiteral points = tokens.number("points");
            tokens.diagnostics().report(DiagnosticCode.INVALID_SCORE_ITEM, points.span(),
                    "points for rule '" + rule.name() + "' need a sign",
                    "write -" + tokens.sourceOf(points.span()) + " to deduct or +" + tokens.sourceOf(points.span()) + " to add");
            effect = new ScoreItem.Effect.Points(points);
        } else {
            tokens.diagnostics().report(DiagnosticCode.INVALID_SCORE_ITEM, tokens.errorSpan(),
                    "expected points like -5 or 'veto' after rule '" + rule.name() + "' in the scorecard, found "
                            + tokens.peek().describe(), "every scorecard line is 'RULE_ID -points', 'RULE_ID +points' or 'RULE_ID veto'");
            // Skip what stands in for the points, unless the next item, the grades or a declaration starts there.
            if (!tokens.at(TokenKind.IDENTIFIER) && !tokens.at(TokenKind.END_OF_FILE) && !tokens.atKeyword("grades")
                    && !tokens.atTopLevelKeyword()) {
                tokens.advance();
            }
            return Optional.empty();
        }
        return Optional.of(new ScoreItem(rule, effect, section, rule.span().to(effect.span())));
    }

    // grades = "grades" grade { "," grade }
    private List<GradeBand> grades() {
        tokens.advance();
        List<GradeBand> bands = new ArrayList<>(List.of(gradeBand()));
        while (tokens.at(TokenKind.COMMA)) {
            tokens.advance();
            bands.add(gradeBand());
        }
        return bands;
    }

    // grade = NAME ">=" NUMBER
    private GradeBand gradeBand() {
        Identifier grade = tokens.declaredName("grade");
        tokens.expect(TokenKind.GREATER_EQUAL, "'>=' after grade '" + grade.name() + "'");
        NumberLiteral min = tokens.number("the grade's minimum score");
        return new GradeBand(grade, min, grade.span().to(min.span()));
    }
}
