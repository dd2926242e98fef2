package io.parley.dsl.parser;

import io.parley.dsl.ast.Identifier;
import io.parley.dsl.ast.StringList;
import io.parley.dsl.ast.StringLiteral;
import io.parley.engine.api.NameSuggestions;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static io.parley.dsl.parser.TokenCursor.identifier;

/** The header clauses rules, checkpoints and stages share. */
record RuleHeader(Identifier id, Optional<StringLiteral> title, Optional<Identifier> severity, Optional<StringList> tags) {

    // header = NAME [ STRING ] [ "severity" NAME ] [ "tags" string_list ]
    static RuleHeader parse(TokenCursor tokens, String what) {
        Identifier id = tokens.declaredName(what);
        Optional<StringLiteral> title = tokens.at(TokenKind.STRING) ? Optional.of(tokens.string("a title")) : Optional.empty();
        Optional<Identifier> severity = Optional.empty();
        if (tokens.atKeyword("severity")) {
            tokens.advance();
            severity = Optional.of(identifier(tokens.expect(TokenKind.IDENTIFIER, "a severity: info, minor, major or critical")));
        }
        Optional<StringList> tags = Optional.empty();
        if (tokens.atKeyword("tags")) {
            tokens.advance();
            tags = Optional.of(tokens.stringList("the tags, like [\"服务态度\"]"));
        }
        return new RuleHeader(id, title, severity, tags);
    }

    /** The ':' ending a header; says which clauses could still have come. */
    void end(TokenCursor tokens, String what, boolean appliesAllowed) {
        if (!tokens.at(TokenKind.COLON)) {
            // Only the header clauses after the last one written could still come.
            List<String> clauses = new ArrayList<>(List.of("a title in quotes", "'severity'", "'tags'"));
            if (appliesAllowed) {
                clauses.add("'applies when'");
            }
            clauses.add("':'");
            int written = tags.isPresent() ? 3 : severity.isPresent() ? 2 : title.isPresent() ? 1 : 0;
            List<String> words = appliesAllowed ? List.of("severity", "tags", "applies") : List.of("severity", "tags");
            throw tokens.expected(oneOf(clauses.subList(written, clauses.size())) + " in the header of " + what + " '"
                            + id.name() + "'",
                    tokens.at(TokenKind.IDENTIFIER) ? NameSuggestions.didYouMean(tokens.peek().text(), words) : null);
        }
        tokens.advance();
    }

    private static String oneOf(List<String> alternatives) {
        return alternatives.size() == 1 ? alternatives.getFirst()
                : String.join(", ", alternatives.subList(0, alternatives.size() - 1)) + " or " + alternatives.getLast();
    }
}
