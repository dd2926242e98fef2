package io.parley.dsl.parser;

import io.parley.dsl.ast.Identifier;
import io.parley.dsl.ast.IntLiteral;
import io.parley.dsl.ast.NumberLiteral;
import io.parley.dsl.ast.RegexLiteral;
import io.parley.dsl.ast.StringList;
import io.parley.dsl.ast.StringLiteral;
import io.parley.dsl.diagnostics.DiagnosticCode;
import io.parley.dsl.diagnostics.Diagnostics;
import io.parley.dsl.source.SourceFile;
import io.parley.dsl.source.Span;
import io.parley.engine.api.NameSuggestions;

import java.io.Serial;
import java.util.ArrayList;
import java.util.List;

/**
 * The tokens of one file and the parser's place in them, shared by the parsers of each part of the
 * grammar: looking ahead, consuming what is expected, the literals every part uses, and reporting
 * "expected …, found …" with a {@link SyntaxError} that unwinds to the enclosing declaration.
 */
final class TokenCursor {
    /** Unwinds to the enclosing declaration once the error is reported. */
    static final class SyntaxError extends RuntimeException {
        @Serial
        private static final long serialVersionUID = 1L;

        SyntaxError() {
            super(null, null, false, false);
        }
    }

    private final SourceFile source;
    private final Diagnostics diagnostics;
    private final List<Token> tokens;
    private int position;

    TokenCursor(SourceFile source, Diagnostics diagnostics) {
        this.source = source;
        this.diagnostics = diagnostics;
        this.tokens = Lexer.tokenize(source.text(), diagnostics);
    }

    Diagnostics diagnostics() {
        return diagnostics;
    }

    // ---- where the cursor is --------------------------------------------------------------------

    Token peek() {
        return tokens.get(position);
    }

    /** The token {@code ahead} places after the current one; past the end, the end of the file. */
    Token peek(int ahead) {
        return tokens.get(Math.min(position + ahead, tokens.size() - 1));
    }

    Token previous() {
        return tokens.get(position - 1);
    }

    Token advance() {
        Token token = peek();
        if (token.kind() != TokenKind.END_OF_FILE) {
            position++;
        }
        return token;
    }

    boolean at(TokenKind kind) {
        return peek().kind() == kind;
    }

    boolean atKeyword(String keyword) {
        return peek().isKeyword(keyword);
    }

    /** Words of a test block are names, not keywords, so they stay free for rule files to use. */
    boolean atWord(String word) {
        return at(TokenKind.IDENTIFIER) && peek().text().equals(word);
    }

    /** Whether the token {@code ahead} places after the current one is the name {@code word}. */
    boolean wordAt(int ahead, String word) {
        Token token = peek(ahead);
        return token.kind() == TokenKind.IDENTIFIER && token.text().equals(word);
    }

    boolean atTopLevelKeyword() {
        return at(TokenKind.KEYWORD) && Keywords.TOP_LEVEL.contains(peek().text());
    }

    /** Skips to the next top-level keyword (or the end), where the next declaration can start cleanly. */
    void synchronize() {
        while (!at(TokenKind.END_OF_FILE) && !atTopLevelKeyword()) {
            advance();
        }
    }

    // ---- what must come next --------------------------------------------------------------------

    Token expect(TokenKind kind, String what) {
        if (!at(kind)) {
            throw expected(what);
        }
        return advance();
    }

    void expectKeyword(String keyword, String context) {
        if (!atKeyword(keyword)) {
            throw expected("'" + keyword + "' " + context,
                    at(TokenKind.IDENTIFIER) ? NameSuggestions.didYouMean(peek().text(), List.of(keyword)) : null);
        }
        advance();
    }

    void expectWord(String word, String what) {
        if (!atWord(word)) {
            throw expected(what, at(TokenKind.IDENTIFIER) ? NameSuggestions.didYouMean(peek().text(), List.of(word)) : null);
        }
        advance();
    }

    // ---- literals -------------------------------------------------------------------------------

    /** The name a declaration introduces; a keyword there is reported and read as the name meant. */
    Identifier declaredName(String what) {
        if (at(TokenKind.KEYWORD) && !atTopLevelKeyword()) {
            Token keyword = advance();
            diagnostics.report(DiagnosticCode.KEYWORD_AS_NAME, keyword.span(),
                    "'" + keyword.text() + "' is a keyword and cannot name a " + what,
                    "choose another name, like '" + keyword.text() + "_" + what + "'");
            return identifier(keyword);
        }
        return identifier(expect(TokenKind.IDENTIFIER, "a name for the " + what));
    }

    // string_list = "[" [ STRING { "," STRING } [ "," ] ] "]"
    StringList stringList(String what) {
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

    StringLiteral string(String what) {
        Token token = expect(TokenKind.STRING, what);
        return new StringLiteral(token.value(), token.span());
    }

    RegexLiteral regex(String what) {
        Token token = expect(TokenKind.REGEX, what);
        return new RegexLiteral(token.value(), token.span());
    }

    NumberLiteral number(String what) {
        Token token = expect(TokenKind.NUMBER, what);
        return new NumberLiteral(Double.parseDouble(token.text()), token.span());
    }

    IntLiteral integer(String what) {
        if (at(TokenKind.NUMBER) && peek().text().length() <= 9 && peek().text().chars().allMatch(Character::isDigit)) {
            Token token = advance();
            return new IntLiteral(Integer.parseInt(token.text()), token.span());
        }
        throw expected(what + " (a whole number)");
    }

    static Identifier identifier(Token token) {
        return new Identifier(token.text(), token.span());
    }

    /** The source text of a span, as written. */
    String sourceOf(Span span) {
        return source.text().substring(span.start(), span.end());
    }

    // ---- syntax errors --------------------------------------------------------------------------

    /** Reports "expected {@code what}, found …" where the error points; throw the result to abandon the declaration. */
    SyntaxError expected(String what) {
        return expected(what, null);
    }

    SyntaxError expected(String what, String suggestion) {
        reportExpected(what, suggestion, errorSpan());
        return new SyntaxError();
    }

    void reportExpected(String what, String suggestion, Span span) {
        // A syntax error on a line that already has one is nearly always its echo: an unterminated
        // string swallowed the ']', a bad character left a gap. Reporting it would only add noise.
        if (!diagnostics.hasErrorOnLine(source.line(span.start()))) {
            diagnostics.report(DiagnosticCode.UNEXPECTED_TOKEN, span, "expected " + what + ", found " + peek().describe(),
                    suggestion);
        }
    }

    /**
     * Where an "expected" error points: at the offending token, or just after the previous token
     * when the offending one is on a later line — a missing ':' belongs at the end of its header,
     * not at the start of the next line.
     */
    Span errorSpan() {
        Token found = peek();
        if (position > 0) {
            int previousEnd = previous().span().end();
            if (source.line(found.span().start()) > source.line(previousEnd)) {
                return new Span(previousEnd, previousEnd + 1);
            }
        }
        return found.span();
    }
}
