package io.parley.dsl.parser;

import io.parley.dsl.ast.Condition;
import io.parley.dsl.ast.Identifier;
import io.parley.dsl.ast.IntLiteral;
import io.parley.dsl.ast.NumberLiteral;
import io.parley.dsl.ast.StringLiteral;
import io.parley.dsl.diagnostics.DiagnosticCode;
import io.parley.dsl.diagnostics.Limits;
import io.parley.dsl.source.Span;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static io.parley.dsl.parser.TokenCursor.identifier;

/**
 * Conditions: 'and', 'or', 'not' and parentheses over atoms, the tails that count or place an atom
 * (nth time, windows, 'at least'), and the atoms about timing, the whole dialogue and its fields.
 * The atoms about what one turn says are the {@link TurnConditionParser}'s.
 */
final class ConditionParser {
    private static final List<String> TAIL_WORDS = List.of("before", "after", "at", "for");
    /** Duration units and their length in milliseconds. */
    private static final Map<String, Long> UNITS = Map.of("ms", 1L, "s", 1_000L, "sec", 1_000L,
            "m", 60_000L, "min", 60_000L, "h", 3_600_000L);

    private final TokenCursor tokens;
    private final TurnConditionParser turnConditions;
    /** How deep the 'not's and parentheses being parsed nest: bounded, so a pathological file cannot exhaust the stack. */
    private int depth;

    ConditionParser(TokenCursor tokens) {
        this.tokens = tokens;
        this.turnConditions = new TurnConditionParser(tokens);
    }

    // applies = "applies" "when" condition   (optional, in the headers of checkpoints and sops)
    Optional<Condition> appliesWhen() {
        if (!tokens.atWord("applies")) {
            return Optional.empty();
        }
        tokens.advance();
        tokens.expectWord("when", "'when' after 'applies'");
        return Optional.of(condition());
    }

    // condition = and_condition { "or" and_condition }
    Condition condition() {
        List<Condition> operands = new ArrayList<>(List.of(andCondition()));
        while (tokens.atKeyword("or")) {
            tokens.advance();
            operands.add(andCondition());
        }
        return operands.size() == 1 ? operands.getFirst() : new Condition.Or(operands, spanOf(operands));
    }

    // and_condition = unary { "and" unary }
    private Condition andCondition() {
        List<Condition> operands = new ArrayList<>(List.of(unary()));
        while (tokens.atKeyword("and")) {
            tokens.advance();
            operands.add(unary());
        }
        return operands.size() == 1 ? operands.getFirst() : new Condition.And(operands, spanOf(operands));
    }

    private static Span spanOf(List<Condition> operands) {
        return operands.getFirst().span().to(operands.getLast().span());
    }

    // unary = "not" unary | "(" condition ")" | atom [ nth ] [ window ] [ count ]
    private Condition unary() {
        if (tokens.atKeyword("not") || tokens.at(TokenKind.LEFT_PAREN)) {
            if (depth >= Limits.MAX_NESTING) {
                tokens.diagnostics().report(DiagnosticCode.LIMIT_EXCEEDED, tokens.peek().span(), "the condition nests 'not' and"
                        + " parentheses more than " + Limits.MAX_NESTING + " deep", "write it flatter: 'not not x' is x,"
                        + " and 'and'/'or' need no parentheses of their own");
                throw new TokenCursor.SyntaxError();
            }
            depth++;
            try {
                return nested();
            } finally {
                depth--;
            }
        }
        return tail(atom());
    }

    private Condition nested() {
        if (tokens.atKeyword("not")) {
            Token not = tokens.advance();
            Condition operand = unary();
            return new Condition.Not(operand, not.span().to(operand.span()));
        }
        if (tokens.at(TokenKind.LEFT_PAREN)) {
            Token open = tokens.advance();
            Condition inner = condition();
            String closing = "')' to close the '(' of " + tokens.diagnostics().lineOf(open.span());
            if (tokens.atTopLevelKeyword() || tokens.at(TokenKind.END_OF_FILE)) {
                // The condition is over anyway: report the missing ')' and keep the rule, so its names still get checked.
                tokens.reportExpected(closing, null, tokens.errorSpan());
            } else {
                tokens.expect(TokenKind.RIGHT_PAREN, closing);
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
        if (tokens.atKeyword("within") && (tokens.wordAt(1, "next") || tokens.peek(1).kind() == TokenKind.NUMBER)) {
            Token within = tokens.advance();
            Condition.Window window;
            if (tokens.atWord("next")) {
                tokens.advance();
                IntLiteral count = tokens.integer("how many turns, like 'within next 3 agent turns'");
                Optional<Identifier> role = tokens.at(TokenKind.IDENTIFIER) ? Optional.of(identifier(tokens.advance())) : Optional.empty();
                if (!tokens.atKeyword("turns") && !tokens.atKeyword("turn")) {
                    throw tokens.expected("'turns'" + (role.isEmpty() ? " or a role" : "") + " after the count");
                }
                window = new Condition.Window.NextTurns(count, role, within.span().to(tokens.advance().span()));
            } else {
                NumberLiteral seconds = duration("a time like 60s");
                window = new Condition.Window.Seconds(seconds, within.span().to(tokens.previous().span()));
            }
            tokens.expectWord("after", "'after' and the condition the window starts at");
            result = anchored(result, window);
        } else if (tokens.atWord("before") || tokens.atWord("after")) {
            Token word = tokens.advance();
            Condition.Window window = word.text().equals("before")
                    ? new Condition.Window.Before(word.span()) : new Condition.Window.After(word.span());
            result = anchored(result, window);
        }
        if (tokens.atWord("at") && (tokens.wordAt(1, "least") || tokens.wordAt(1, "most"))) {
            tokens.advance();
            boolean atLeast = tokens.advance().text().equals("least");
            IntLiteral times = tokens.integer("how many times, like 'at least 2 times'");
            if (!tokens.atWord("times") && !tokens.atWord("time")) {
                throw tokens.expected("'times' after the count");
            }
            result = new Condition.Counted(result, atLeast, times, result.span().to(tokens.advance().span()));
        }
        return result;
    }

    /** An ordinal: 1st, 2nd, 3rd, 4th, … (a whole number and its suffix, written together). */
    private IntLiteral ordinal() {
        IntLiteral number = tokens.integer("an ordinal like 2nd");
        Token suffix = tokens.peek();
        if (suffix.kind() == TokenKind.IDENTIFIER && suffix.span().start() == number.span().end()
                && List.of("st", "nd", "rd", "th").contains(suffix.text())) {
            tokens.advance();
            return new IntLiteral(number.value(), number.span().to(suffix.span()));
        }
        throw tokens.expected("an ordinal like 1st, 2nd, 3rd or 4th");
    }

    private Condition nth(Condition target) {
        if (!(tokens.atWord("for") && tokens.wordAt(1, "the") && tokens.peek(2).kind() == TokenKind.NUMBER)) {
            return target;
        }
        tokens.advance();
        tokens.advance();
        IntLiteral nth = ordinal();
        if (!tokens.atWord("time")) {
            throw tokens.expected("'time' after the ordinal, like 'for the 2nd time'");
        }
        return new Condition.Nth(target, nth, target.span().to(tokens.advance().span()));
    }

    private Condition anchored(Condition target, Condition.Window window) {
        Condition anchor = nth(atom());
        return new Condition.Anchored(target, window, anchor, target.span().to(anchor.span()));
    }

    // atom = matches | says | mentions | timing | sentiment | dialogue | field | SIGNAL
    private Condition atom() {
        if ((tokens.at(TokenKind.IDENTIFIER) || tokens.atKeyword("any")) && tokens.peek(1).isKeyword("turn")) {
            return turnConditions.matches();
        }
        if (!tokens.at(TokenKind.IDENTIFIER)) {
            throw tokens.expected("a condition, like 'agent says any greeting'");
        }
        Token next = tokens.peek(1);
        if (tokens.atWord("silence") && tokens.wordAt(1, "over")) {
            Token start = tokens.advance();
            tokens.advance();
            NumberLiteral amount = duration("a time like 30s");
            return new Condition.Timing(Condition.Measure.SILENCE, Optional.empty(), Condition.Comparison.OVER, amount,
                    start.span().to(tokens.previous().span()));
        }
        if (tokens.atWord("dialogue") && (tokens.wordAt(1, "has") || tokens.wordAt(1, "lasts"))) {
            return dialogueCondition();
        }
        if ((tokens.atWord("attribute") || tokens.atWord("outcome"))
                && (next.kind() == TokenKind.IDENTIFIER || next.kind() == TokenKind.STRING)) {
            return field();
        }
        if (next.isKeyword("says")) {
            return turnConditions.says();
        }
        if (next.kind() == TokenKind.IDENTIFIER && !TAIL_WORDS.contains(next.text())) {
            return switch (next.text()) {
                case "mentions" -> turnConditions.mentions();
                case "responds", "response", "interrupts", "speech" -> timing();
                case "sentiment" -> turnConditions.sentiment();
                default -> turnConditions.says(); // reports the missing 'says', with the likely word
            };
        }
        Identifier name = identifier(tokens.advance());
        return new Condition.SignalRef(name, name.span());
    }

    // timing = ROLE "response" "time" ( "over" | "under" ) DURATION | ROLE "responds" "within" DURATION
    //        | ROLE "interrupts" | ROLE "speech" "rate" ( "over" | "under" ) NUMBER
    private Condition timing() {
        Identifier role = identifier(tokens.advance());
        Token verb = tokens.advance();
        Condition.Measure measure;
        Condition.Comparison comparison;
        NumberLiteral amount;
        switch (verb.text()) {
            case "responds" -> {
                tokens.expectKeyword("within", "after 'responds'");
                measure = Condition.Measure.RESPONDS_WITHIN;
                comparison = Condition.Comparison.AT_MOST;
                amount = duration("a time like 30s");
            }
            case "response" -> {
                tokens.expectWord("time", "'time' after 'response'");
                measure = Condition.Measure.RESPONSE_TIME;
                comparison = overOrUnder();
                amount = duration("a time like 60s");
            }
            case "speech" -> {
                tokens.expectWord("rate", "'rate' after 'speech'");
                measure = Condition.Measure.SPEECH_RATE;
                comparison = overOrUnder();
                amount = tokens.number("characters per second, like 6");
            }
            default -> {
                measure = Condition.Measure.INTERRUPTION;
                comparison = Condition.Comparison.OVER;
                amount = new NumberLiteral(0, verb.span());
            }
        }
        return new Condition.Timing(measure, Optional.of(role), comparison, amount, role.span().to(tokens.previous().span()));
    }

    private Condition.Comparison overOrUnder() {
        if (tokens.atWord("over") || tokens.atWord("under")) {
            return tokens.advance().text().equals("over") ? Condition.Comparison.OVER : Condition.Comparison.UNDER;
        }
        throw tokens.expected("'over' or 'under'");
    }

    // dialogue = "dialogue" "has" ( "more" "than" | "fewer" "than" | "at" "least" | "at" "most" | "exactly" ) INT [ ROLE ] "turns"
    //          | "dialogue" "lasts" ( "over" | "under" ) DURATION
    private Condition dialogueCondition() {
        Token start = tokens.advance();
        if (tokens.advance().text().equals("lasts")) {
            Condition.Comparison comparison = overOrUnder();
            NumberLiteral amount = duration("a time like 10m");
            return new Condition.Timing(Condition.Measure.DURATION, Optional.empty(), comparison, amount,
                    start.span().to(tokens.previous().span()));
        }
        Condition.Comparison comparison = countComparison();
        IntLiteral count = tokens.integer("a number of turns");
        Optional<Identifier> role = tokens.at(TokenKind.IDENTIFIER) ? Optional.of(identifier(tokens.advance())) : Optional.empty();
        if (!tokens.atKeyword("turns") && !tokens.atKeyword("turn")) {
            throw tokens.expected("'turns'" + (role.isEmpty() ? " or a role" : "") + " after the count");
        }
        tokens.advance();
        return new Condition.Timing(Condition.Measure.TURN_COUNT, role, comparison,
                new NumberLiteral(count.value(), count.span()), start.span().to(tokens.previous().span()));
    }

    private Condition.Comparison countComparison() {
        if ((tokens.atWord("more") || tokens.atWord("fewer")) && tokens.wordAt(1, "than")) {
            boolean more = tokens.advance().text().equals("more");
            tokens.advance();
            return more ? Condition.Comparison.OVER : Condition.Comparison.UNDER;
        }
        if (tokens.atWord("at") && (tokens.wordAt(1, "least") || tokens.wordAt(1, "most"))) {
            tokens.advance();
            return tokens.advance().text().equals("least") ? Condition.Comparison.AT_LEAST : Condition.Comparison.AT_MOST;
        }
        if (tokens.atWord("exactly")) {
            tokens.advance();
            return Condition.Comparison.IS;
        }
        throw tokens.expected("'more than', 'fewer than', 'at least', 'at most' or 'exactly'");
    }

    // field = ( "attribute" | "outcome" ) ( NAME | STRING )
    //         ( "is" value | "in" "[" value { "," value } "]" | ( "over" | "under" | "at" "least" | "at" "most" ) NUMBER )
    private Condition field() {
        Token start = tokens.advance();
        boolean outcome = start.text().equals("outcome");
        Token nameToken = tokens.advance();
        Identifier name = new Identifier(nameToken.value(), nameToken.span());
        List<StringLiteral> values = new ArrayList<>();
        Optional<NumberLiteral> number = Optional.empty();
        Condition.Comparison comparison;
        if (tokens.atWord("is")) {
            tokens.advance();
            comparison = Condition.Comparison.IS;
            values.add(fieldValue());
        } else if (tokens.atWord("in")) {
            tokens.advance();
            comparison = Condition.Comparison.IS;
            tokens.expect(TokenKind.LEFT_BRACKET, "'[' and the values, like [\"A1\", \"B2\"]");
            while (!tokens.at(TokenKind.RIGHT_BRACKET)) {
                values.add(fieldValue());
                if (!tokens.at(TokenKind.COMMA)) {
                    break;
                }
                tokens.advance();
            }
            tokens.expect(TokenKind.RIGHT_BRACKET, values.isEmpty() ? "a value or ']'" : "',' or ']'");
        } else if (tokens.atWord("over") || tokens.atWord("under") || tokens.atWord("at")) {
            comparison = tokens.atWord("at") ? countComparison() : overOrUnder();
            number = Optional.of(tokens.number("a number"));
        } else {
            throw tokens.expected("'is', 'in', 'over', 'under', 'at least' or 'at most' after " + start.text() + " '"
                    + name.name() + "'");
        }
        return new Condition.Field(outcome, name, comparison, values, number, start.span().to(tokens.previous().span()));
    }

    /** A value an attribute is compared with, as text: a string, a number or true/false. */
    private StringLiteral fieldValue() {
        Token token = tokens.peek();
        if (tokens.at(TokenKind.STRING) || tokens.at(TokenKind.NUMBER) || tokens.atWord("true") || tokens.atWord("false")) {
            tokens.advance();
            return new StringLiteral(token.value(), token.span());
        }
        throw tokens.expected("a value: a \"string\", a number, true or false");
    }

    /**
     * DURATION = NUMBER UNIT, the unit one of ms, s, sec, m, min, h; read as seconds. A missing or
     * unknown unit is reported and read as seconds.
     */
    private NumberLiteral duration(String what) {
        NumberLiteral amount = tokens.number(what);
        Token unit = tokens.peek();
        boolean adjacentWord = unit.kind() == TokenKind.IDENTIFIER && unit.span().start() == amount.span().end();
        if (adjacentWord && UNITS.containsKey(unit.text())) {
            tokens.advance();
            return new NumberLiteral(amount.value() * UNITS.get(unit.text()) / 1000.0, amount.span().to(unit.span()));
        }
        if (adjacentWord) {
            tokens.advance();
        }
        tokens.diagnostics().report(DiagnosticCode.INVALID_DURATION, adjacentWord ? unit.span() : amount.span(),
                adjacentWord ? "unknown time unit '" + unit.text() + "'" : "the time " + tokens.sourceOf(amount.span()) + " has no unit",
                "write the unit right after the number: " + (long) amount.value() + "s, " + (long) amount.value() + "m or "
                        + (long) amount.value() + "h");
        return new NumberLiteral(amount.value(), adjacentWord ? amount.span().to(unit.span()) : amount.span());
    }

}
