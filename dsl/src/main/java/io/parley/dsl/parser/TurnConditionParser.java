package io.parley.dsl.parser;

import io.parley.dsl.ast.Condition;
import io.parley.dsl.ast.Identifier;
import io.parley.dsl.ast.IntLiteral;
import io.parley.dsl.ast.Match;
import io.parley.dsl.ast.NumberLiteral;
import io.parley.dsl.ast.Position;
import io.parley.dsl.ast.StringList;
import io.parley.dsl.ast.StringLiteral;
import io.parley.dsl.source.Span;
import io.parley.engine.api.NameSuggestions;

import java.util.List;
import java.util.Optional;

import static io.parley.dsl.parser.TokenCursor.identifier;

/**
 * The atoms about what one turn says: {@code says}, {@code mentions}, {@code turn matches} and
 * {@code sentiment}, with the matches and positions they take.
 */
final class TurnConditionParser {
    private static final List<String> MATCH_KEYWORDS = List.of("any", "all", "none", "regex");

    private final TokenCursor tokens;

    TurnConditionParser(TokenCursor tokens) {
        this.tokens = tokens;
    }

    // mentions = ROLE "mentions" "entity" NAME [ position ]
    Condition mentions() {
        Identifier role = identifier(tokens.advance());
        tokens.advance();
        tokens.expectKeyword("entity", "after 'mentions'");
        Identifier entity = identifier(tokens.expect(TokenKind.IDENTIFIER, "the name of a declared entity"));
        Optional<Position> position = atPosition() ? Optional.of(position()) : Optional.empty();
        Match match = new Match.Regex(new Match.RegexSource.EntityRef(entity), Optional.empty(), entity.span());
        return new Condition.Says(role, match, position, role.span().to(position.map(Position::span).orElse(entity.span())));
    }

    // sentiment = ROLE "sentiment" NAME [ "above" NUMBER ]
    Condition sentiment() {
        Identifier role = identifier(tokens.advance());
        tokens.advance();
        Identifier label = identifier(tokens.expect(TokenKind.IDENTIFIER, "a sentiment label, like negative"));
        Optional<NumberLiteral> above = above();
        return new Condition.Sentiment(role, label, above, role.span().to(tokens.previous().span()));
    }

    private Optional<NumberLiteral> above() {
        if (!tokens.atWord("above")) {
            return Optional.empty();
        }
        tokens.advance();
        return Optional.of(tokens.number("a score between 0 and 1, like 0.8"));
    }

    // matches = ( ROLE | "any" ) "turn" "matches" NAME [ position ]
    Condition matches() {
        Token first = tokens.advance();
        Optional<Identifier> role = first.kind() == TokenKind.IDENTIFIER ? Optional.of(identifier(first)) : Optional.empty();
        tokens.advance();
        tokens.expectKeyword("matches", "after '" + first.text() + " turn'");
        Identifier operator = identifier(tokens.expect(TokenKind.IDENTIFIER, "the name of a declared operator"));
        Optional<Position> position = atPosition() ? Optional.of(position()) : Optional.empty();
        Span end = position.map(Position::span).orElse(operator.span());
        return new Condition.Matches(role, operator, position, first.span().to(end));
    }

    // says = ROLE "says" match [ position ]
    Condition says() {
        Identifier role = identifier(tokens.advance());
        tokens.expectKeyword("says", "after the role '" + role.name() + "'");
        Match match = match();
        Optional<Position> position = atPosition() ? Optional.of(position()) : Optional.empty();
        Span end = position.map(Position::span).orElse(match.span());
        return new Condition.Says(role, match, position, role.span().to(end));
    }

    /** 'within first' or 'within last' (a window or proximity starts with 'within' too). */
    private boolean atPosition() {
        return tokens.atKeyword("within") && (tokens.peek(1).isKeyword("first") || tokens.wordAt(1, "last"));
    }

    // match = ( ( "any" | "all" | "none" | INT "of" ) terms | STRING ) [ "within" INT "chars" "of" near ]
    //       | "regex" regex_source [ "except" regex_source ] | "entity" NAME | "intent" NAME
    //       | "similar" "to" string_list [ "above" NUMBER ]
    private Match match() {
        Match match = termsOrRegex();
        if (match instanceof Match.Terms terms && tokens.atKeyword("within") && tokens.peek(1).kind() == TokenKind.NUMBER
                && tokens.wordAt(2, "chars")) {
            tokens.advance();
            IntLiteral chars = tokens.integer("a number of characters");
            tokens.advance();
            tokens.expectKeyword("of", "after 'chars'");
            Match.TermSource other;
            if (tokens.at(TokenKind.STRING)) {
                StringLiteral literal = tokens.string("a string");
                other = new Match.TermSource.Inline(new StringList(List.of(literal), literal.span()));
            } else {
                if (tokens.atKeyword("any")) {
                    tokens.advance();
                }
                other = terms();
            }
            return new Match.Near(terms, chars, other, terms.span().to(other.span()));
        }
        return match;
    }

    private Match termsOrRegex() {
        Token start = tokens.peek();
        if (tokens.atKeyword("entity") || tokens.atKeyword("intent")) {
            tokens.advance();
            Identifier name = identifier(tokens.expect(TokenKind.IDENTIFIER, "the name of a declared " + start.text()));
            return start.text().equals("entity")
                    ? new Match.Regex(new Match.RegexSource.EntityRef(name), Optional.empty(), start.span().to(name.span()))
                    : new Match.Intent(name, start.span().to(name.span()));
        }
        if (tokens.atWord("similar")) {
            tokens.advance();
            tokens.expectWord("to", "'to' after 'similar'");
            StringList examples = tokens.stringList("example phrases, like [\"太贵了\"]");
            Optional<NumberLiteral> above = above();
            return new Match.Similar(examples, above, start.span().to(tokens.previous().span()));
        }
        if (tokens.atKeyword("any") || tokens.atKeyword("all") || tokens.atKeyword("none")) {
            tokens.advance();
            Match.Quantifier quantifier = switch (start.text()) {
                case "any" -> new Match.Quantifier.Any();
                case "all" -> new Match.Quantifier.All();
                default -> new Match.Quantifier.None();
            };
            Match.TermSource terms = terms();
            return new Match.Terms(quantifier, terms, start.span().to(terms.span()));
        }
        if (tokens.at(TokenKind.NUMBER)) {
            IntLiteral count = tokens.integer("a count");
            tokens.expectKeyword("of", "after the count " + count.value());
            Match.TermSource terms = terms();
            return new Match.Terms(new Match.Quantifier.AtLeast(count), terms, start.span().to(terms.span()));
        }
        if (tokens.atKeyword("regex")) {
            tokens.advance();
            Match.RegexSource regex;
            regex = regexSource("after 'regex'");
            Optional<Match.RegexSource> except = Optional.empty();
            if (tokens.atWord("except")) {
                tokens.advance();
                except = Optional.of(regexSource("after 'except'"));
            }
            return new Match.Regex(regex, except, start.span().to(except.orElse(regex).span()));
        }
        if (tokens.at(TokenKind.STRING)) {
            StringLiteral literal = tokens.string("a string");
            return new Match.Terms(new Match.Quantifier.Any(),
                    new Match.TermSource.Inline(new StringList(List.of(literal), literal.span())), literal.span());
        }
        throw tokens.expected("'any', 'all', 'none', a count like '2 of', 'regex' or a \"string\" after 'says'",
                unquotedTextSuggestion(start));
    }

    private Match.RegexSource regexSource(String context) {
        if (tokens.at(TokenKind.IDENTIFIER)) {
            return new Match.RegexSource.PatternRef(identifier(tokens.advance()));
        }
        if (tokens.at(TokenKind.REGEX)) {
            return new Match.RegexSource.Inline(tokens.regex("a regex"));
        }
        throw tokens.expected("a pattern name or a regex like /\\d+/ " + context);
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
        if (tokens.at(TokenKind.IDENTIFIER)) {
            return new Match.TermSource.LexiconRef(identifier(tokens.advance()));
        }
        if (tokens.at(TokenKind.LEFT_BRACKET)) {
            return new Match.TermSource.Inline(tokens.stringList("terms"));
        }
        throw tokens.expected("a lexicon name or a list like [\"退款\", \"退货\"]");
    }

    // position = "within" ( "first" | "last" ) INT [ ROLE ] ( "turns" | "turn" )
    private Position position() {
        Token within = tokens.advance();
        boolean first = tokens.advance().text().equals("first");
        IntLiteral count = tokens.integer("how many turns, like 'within first 2 turns'");
        Optional<Identifier> role = tokens.at(TokenKind.IDENTIFIER) ? Optional.of(identifier(tokens.advance())) : Optional.empty();
        if (!tokens.atKeyword("turns") && !tokens.atKeyword("turn")) {
            throw tokens.expected("'turns'" + (role.isEmpty() ? " or a role" : "") + " after the count");
        }
        Span span = within.span().to(tokens.advance().span());
        return first ? new Position.FirstTurns(count, role, span) : new Position.LastTurns(count, role, span);
    }
}
