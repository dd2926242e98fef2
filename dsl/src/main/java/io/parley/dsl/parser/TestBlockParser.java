package io.parley.dsl.parser;

import io.parley.dsl.ast.Declaration;
import io.parley.dsl.ast.Expectation;
import io.parley.dsl.ast.Identifier;
import io.parley.dsl.ast.IntLiteral;
import io.parley.dsl.ast.NumberLiteral;
import io.parley.dsl.ast.StringLiteral;
import io.parley.dsl.ast.TestTurn;
import io.parley.dsl.source.Span;
import io.parley.engine.api.NameSuggestions;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import static io.parley.dsl.parser.TokenCursor.identifier;

/** Test blocks: a dialogue written out turn by turn, and what the rules should make of it. */
final class TestBlockParser {
    private final TokenCursor tokens;

    TestBlockParser(TokenCursor tokens) {
        this.tokens = tokens;
    }

    // test = "test" STRING "{" "dialogue" "{" { test_turn } "}" { expectation } "}"
    Declaration test(Token keyword) {
        StringLiteral name = tokens.string("the test's name in quotes, like \"greets and closes\"");
        tokens.expect(TokenKind.LEFT_BRACE, "'{' after the test name");
        tokens.expectWord("dialogue", "'dialogue {' with the test's turns");
        tokens.expect(TokenKind.LEFT_BRACE, "'{' after 'dialogue'");
        List<TestTurn> turns = new ArrayList<>();
        while (tokens.at(TokenKind.IDENTIFIER)) {
            turns.add(testTurn());
        }
        tokens.expect(TokenKind.RIGHT_BRACE, "a turn like 'agent: \"您好\"' or '}'");
        List<Expectation> expectations = new ArrayList<>();
        while (tokens.atWord("expect")) {
            expectations.add(expectation());
        }
        Token close = tokens.expect(TokenKind.RIGHT_BRACE, "'expect' or '}' to end the test");
        return new Declaration.Test(name, turns, expectations, keyword.span().to(close.span()));
    }

    // test_turn = NAME ":" STRING [ "at" STRING ]
    private TestTurn testTurn() {
        Identifier role = identifier(tokens.advance());
        tokens.expect(TokenKind.COLON, "':' after the role '" + role.name() + "'");
        StringLiteral text = tokens.string("the turn's text in quotes");
        Optional<StringLiteral> at = Optional.empty();
        if (tokens.atWord("at")) {
            tokens.advance();
            at = Optional.of(tokens.string("the turn's time in quotes, like \"2026-11-11T10:00:03+08:00\""));
        }
        return new TestTurn(role, text, at, role.span().to(at.orElse(text).span()));
    }

    // expectation = "expect" ( [ "no" ] "hit" NAME [ "on" "turn" INT ] | "score" NUMBER | "grade" NAME
    //                        | "checkpoint" NAME ( "passed" | "failed" | "not" "applicable" )
    //                        | "stage" NAME ( "passed" | "missing" | "out" "of" "order" | "not" "applicable" ) )
    private Expectation expectation() {
        Token expect = tokens.advance();
        if (tokens.atKeyword("stage")) {
            tokens.advance();
            Identifier stage = identifier(tokens.expect(TokenKind.IDENTIFIER, "a stage id"));
            if (tokens.atWord("out")) {
                tokens.advance();
                tokens.expectKeyword("of", "after 'out'");
                Token order = tokens.peek();
                tokens.expectWord("order", "'order' after 'out of'");
                return new Expectation.Stage(stage, Expectation.StageStatus.OUT_OF_ORDER, expect.span().to(order.span()));
            }
            if (tokens.atKeyword("not")) {
                tokens.advance();
                Token applicable = tokens.peek();
                tokens.expectWord("applicable", "'applicable' after 'not'");
                return new Expectation.Stage(stage, Expectation.StageStatus.NOT_APPLICABLE, expect.span().to(applicable.span()));
            }
            for (Expectation.StageStatus status : List.of(Expectation.StageStatus.PASSED, Expectation.StageStatus.MISSING)) {
                if (tokens.atWord(status.name().toLowerCase(Locale.ROOT))) {
                    return new Expectation.Stage(stage, status, expect.span().to(tokens.advance().span()));
                }
            }
            throw tokens.expected("'passed', 'missing', 'out of order' or 'not applicable' after the stage id",
                    tokens.at(TokenKind.IDENTIFIER)
                            ? NameSuggestions.didYouMean(tokens.peek().text(), List.of("passed", "missing", "out")) : null);
        }
        if (tokens.atKeyword("checkpoint")) {
            tokens.advance();
            Identifier checkpoint = identifier(tokens.expect(TokenKind.IDENTIFIER, "a checkpoint id"));
            String statuses = "'passed', 'failed' or 'not applicable' after the checkpoint id";
            if (tokens.atKeyword("not")) {
                tokens.advance();
                Token applicable = tokens.peek();
                tokens.expectWord("applicable", "'applicable' after 'not'");
                return new Expectation.Checkpoint(checkpoint, Expectation.CheckpointStatus.NOT_APPLICABLE,
                        expect.span().to(applicable.span()));
            }
            for (Expectation.CheckpointStatus status : List.of(Expectation.CheckpointStatus.PASSED,
                    Expectation.CheckpointStatus.FAILED)) {
                if (tokens.atWord(status.name().toLowerCase(Locale.ROOT))) {
                    return new Expectation.Checkpoint(checkpoint, status, expect.span().to(tokens.advance().span()));
                }
            }
            throw tokens.expected(statuses);
        }
        if (tokens.atWord("score")) {
            tokens.advance();
            NumberLiteral value = tokens.number("the expected score");
            return new Expectation.Score(value, expect.span().to(value.span()));
        }
        if (tokens.atWord("grade")) {
            tokens.advance();
            Identifier grade = identifier(tokens.expect(TokenKind.IDENTIFIER, "the expected grade"));
            return new Expectation.Grade(grade, expect.span().to(grade.span()));
        }
        boolean hit = !tokens.atWord("no");
        if (!hit) {
            tokens.advance();
        }
        tokens.expectWord("hit", hit ? "'hit', 'no hit', 'score', 'grade', 'checkpoint' or 'stage' after 'expect'" : "'hit' after 'no'");
        Identifier rule = identifier(tokens.expect(TokenKind.IDENTIFIER, "a rule id"));
        Optional<IntLiteral> turn = Optional.empty();
        if (tokens.atWord("on")) {
            tokens.advance();
            tokens.expectKeyword("turn", "after 'on'");
            turn = Optional.of(tokens.integer("the turn's number, counting from 1"));
        }
        Span end = turn.map(IntLiteral::span).orElse(rule.span());
        return new Expectation.Hit(hit, rule, turn, expect.span().to(end));
    }
}
