package io.parley.dsl.parser;

import io.parley.dsl.diagnostics.DiagnosticCode;
import io.parley.dsl.diagnostics.Diagnostics;
import io.parley.dsl.source.Span;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits source text into tokens. It never stops at an error: a bad character is reported and
 * skipped, an unterminated string or regex is reported and ends at the end of its line, an
 * unterminated script ends before the next line that starts with a declaration keyword, so the
 * parser still sees a plausible token stream and every lexical error surfaces in one run.
 * Identifiers may use any Unicode letter, so names and text in Chinese need no special care.
 */
final class Lexer {
    /** Full-width punctuation that Chinese input methods produce: reported, then read as its ASCII twin. */
    private static final Map<Character, Character> FULL_WIDTH = Map.of(
            '：', ':', '，', ',', '（', '(', '）', ')', '【', '[', '】', ']', '＝', '=', '“', '"');

    private static final String SCRIPT_QUOTES = "\"\"\"";
    /** A line starting with a declaration keyword: where an unterminated script most likely should have ended. */
    private static final Pattern DECLARATION_LINE = Pattern.compile(
            "^(?:" + String.join("|", Keywords.TOP_LEVEL) + ")\\s", Pattern.MULTILINE);

    private final String text;
    private final Diagnostics diagnostics;
    private final List<Token> tokens = new ArrayList<>();
    private int position;

    private Lexer(String text, Diagnostics diagnostics) {
        this.text = text;
        this.diagnostics = diagnostics;
    }

    /** The tokens of {@code text}, always ending with {@link TokenKind#END_OF_FILE}. */
    static List<Token> tokenize(String text, Diagnostics diagnostics) {
        Lexer lexer = new Lexer(text, diagnostics);
        lexer.run();
        return lexer.tokens;
    }

    private void run() {
        if (text.startsWith("\uFEFF")) {
            position = 1;
        }
        while (true) {
            skipWhitespaceAndComments();
            if (position >= text.length()) {
                tokens.add(new Token(TokenKind.END_OF_FILE, "", "", new Span(text.length(), text.length())));
                return;
            }
            lexToken();
        }
    }

    private void skipWhitespaceAndComments() {
        while (position < text.length()) {
            char c = text.charAt(position);
            if (c == '#') {
                while (position < text.length() && text.charAt(position) != '\n') {
                    position++;
                }
            } else if (Character.isWhitespace(c) || c == '\u3000') {
                position++;
            } else {
                return;
            }
        }
    }

    private void lexToken() {
        int start = position;
        int c = text.codePointAt(position);
        // Only chars of the Basic Multilingual Plane can be punctuation; this keeps casts below exact.
        char ch = Character.isBmpCodePoint(c) ? (char) c : '\0';
        if (isIdentifierStart(c)) {
            lexWord(start);
        } else if (c >= '0' && c <= '9') {
            lexNumber(start);
        } else if (text.startsWith(SCRIPT_QUOTES, position)) {
            lexScript(start);
        } else if (c == '"') {
            lexString(start, '"');
        } else if (c == '/') {
            lexRegex(start);
        } else if (c == '-' && text.startsWith("->", position)) {
            position += 2;
            add(TokenKind.ARROW, start);
        } else if (c == '>' && text.startsWith(">=", position)) {
            position += 2;
            add(TokenKind.GREATER_EQUAL, start);
        } else if (punctuation(ch) != null) {
            position++;
            add(punctuation(ch), start);
        } else if (FULL_WIDTH.containsKey(ch)) {
            lexFullWidth(start, ch);
        } else {
            position += Character.charCount(c);
            diagnostics.report(DiagnosticCode.UNEXPECTED_CHARACTER, new Span(start, position),
                    "unexpected character '" + text.substring(start, position) + "'",
                    c == '>' ? "grade bands are written 'A >= 90'" : null);
        }
    }

    private static TokenKind punctuation(char c) {
        return switch (c) {
            case '[' -> TokenKind.LEFT_BRACKET;
            case ']' -> TokenKind.RIGHT_BRACKET;
            case '{' -> TokenKind.LEFT_BRACE;
            case '}' -> TokenKind.RIGHT_BRACE;
            case '(' -> TokenKind.LEFT_PAREN;
            case ')' -> TokenKind.RIGHT_PAREN;
            case ',' -> TokenKind.COMMA;
            case ':' -> TokenKind.COLON;
            case '=' -> TokenKind.EQUALS;
            case '+' -> TokenKind.PLUS;
            case '-' -> TokenKind.MINUS;
            default -> null;
        };
    }

    private void lexFullWidth(int start, char fullWidth) {
        char ascii = FULL_WIDTH.get(fullWidth);
        diagnostics.report(DiagnosticCode.UNEXPECTED_CHARACTER, new Span(start, start + 1),
                "full-width '" + fullWidth + "' is not Parley punctuation", "use the ASCII '" + ascii + "'");
        if (ascii == '"') {
            lexString(start, '”');
        } else {
            position++;
            add(punctuation(ascii), start);
        }
    }

    private static boolean isIdentifierStart(int c) {
        return Character.isLetter(c) || c == '_';
    }

    private void lexWord(int start) {
        while (position < text.length()) {
            int c = text.codePointAt(position);
            if (!(Character.isLetterOrDigit(c) || c == '_')) {
                break;
            }
            position += Character.charCount(c);
        }
        String word = text.substring(start, position);
        add(Keywords.ALL.contains(word) ? TokenKind.KEYWORD : TokenKind.IDENTIFIER, start);
        if (word.equals("drools")) {
            skipWhitespaceAndComments();
            if (position < text.length() && text.charAt(position) == '{') {
                lexDrlBlock(position);
            }
        }
    }

    /**
     * {@code { … }} after {@code drools}: raw DRL up to the matching brace. Braces inside DRL
     * strings and comments do not count. Unclosed, it runs to the end of the file.
     */
    private void lexDrlBlock(int start) {
        int depth = 0;
        int i = start;
        while (i < text.length()) {
            char c = text.charAt(i);
            if (c == '"') {
                i++;
                while (i < text.length() && text.charAt(i) != '"' && text.charAt(i) != '\n') {
                    i += text.charAt(i) == '\\' ? 2 : 1;
                }
            } else if (c == '/' && i + 1 < text.length() && text.charAt(i + 1) == '/') {
                while (i < text.length() && text.charAt(i) != '\n') {
                    i++;
                }
                continue;
            } else if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                position = i + 1;
                tokens.add(new Token(TokenKind.DRL_BLOCK, text.substring(start, position), text.substring(start + 1, i),
                        new Span(start, position)));
                return;
            }
            i++;
        }
        position = text.length();
        diagnostics.report(DiagnosticCode.UNTERMINATED_BLOCK, new Span(start, start + 1),
                "the drools block has no closing '}'", "close it with '}' after the last 'end'");
        tokens.add(new Token(TokenKind.DRL_BLOCK, text.substring(start), text.substring(start + 1), new Span(start, position)));
    }

    private void lexNumber(int start) {
        skipDigits();
        if (position + 1 < text.length() && text.charAt(position) == '.' && isDigit(text.charAt(position + 1))) {
            position++;
            skipDigits();
        }
        add(TokenKind.NUMBER, start);
    }

    private void skipDigits() {
        while (position < text.length() && isDigit(text.charAt(position))) {
            position++;
        }
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    /**
     * A string on one line; escapes {@code \" \\ \n \t}. {@code alternativeClose} also closes it, so
     * a string opened with a full-width quote may end with its full-width partner.
     */
    private void lexString(int start, char alternativeClose) {
        position++;
        StringBuilder value = new StringBuilder();
        while (true) {
            if (position >= text.length() || text.charAt(position) == '\n' || text.charAt(position) == '\r') {
                diagnostics.report(DiagnosticCode.UNTERMINATED_STRING, new Span(start, position),
                        "unterminated string", "close it with '\"' on the same line");
                break;
            }
            char c = text.charAt(position);
            if (c == '"' || c == alternativeClose) {
                position++;
                break;
            }
            if (c == '\\' && position + 1 < text.length() && text.charAt(position + 1) != '\n') {
                char escaped = text.charAt(position + 1);
                switch (escaped) {
                    case '"', '\\' -> value.append(escaped);
                    case 'n' -> value.append('\n');
                    case 't' -> value.append('\t');
                    default -> {
                        diagnostics.report(DiagnosticCode.INVALID_ESCAPE, new Span(position, position + 2),
                                "unknown escape '\\" + escaped + "' in a string",
                                "strings know \\\", \\\\, \\n and \\t; write \\\\ for a backslash");
                        value.append(escaped);
                    }
                }
                position += 2;
            } else {
                value.append(c);
                position++;
            }
        }
        tokens.add(new Token(TokenKind.STRING, text.substring(start, position), value.toString(), new Span(start, position)));
    }

    /**
     * {@code \"\"\"…\"\"\"}: script text, taken as written (no escapes), over as many lines as it
     * needs; it ends at the first closing quotes. The value is the text between the quotes.
     */
    private void lexScript(int start) {
        int textStart = start + SCRIPT_QUOTES.length();
        int close = text.indexOf(SCRIPT_QUOTES, textStart);
        if (close >= 0) {
            position = close + SCRIPT_QUOTES.length();
            tokens.add(new Token(TokenKind.SCRIPT, text.substring(start, position), text.substring(textStart, close),
                    new Span(start, position)));
            return;
        }
        diagnostics.report(DiagnosticCode.UNTERMINATED_SCRIPT, new Span(start, textStart), "unterminated script",
                "close it with \"\"\" after its last line");
        Matcher nextDeclaration = DECLARATION_LINE.matcher(text);
        position = nextDeclaration.find(textStart) ? nextDeclaration.start() : text.length();
        tokens.add(new Token(TokenKind.SCRIPT, text.substring(start, position), text.substring(textStart, position),
                new Span(start, position)));
    }

    /** A regex on one line between slashes; {@code \/} is a slash, every other escape is left to the regex. */
    private void lexRegex(int start) {
        position++;
        StringBuilder value = new StringBuilder();
        while (true) {
            if (position >= text.length() || text.charAt(position) == '\n' || text.charAt(position) == '\r') {
                diagnostics.report(DiagnosticCode.UNTERMINATED_REGEX, new Span(start, position),
                        "unterminated regex", "close it with '/' on the same line; write \\/ for a slash inside it");
                break;
            }
            char c = text.charAt(position);
            if (c == '/') {
                position++;
                break;
            }
            if (c == '\\' && position + 1 < text.length() && text.charAt(position + 1) != '\n') {
                char escaped = text.charAt(position + 1);
                if (escaped != '/') {
                    value.append('\\');
                }
                value.append(escaped);
                position += 2;
            } else {
                value.append(c);
                position++;
            }
        }
        tokens.add(new Token(TokenKind.REGEX, text.substring(start, position), value.toString(), new Span(start, position)));
    }

    private void add(TokenKind kind, int start) {
        String lexeme = text.substring(start, position);
        tokens.add(new Token(kind, lexeme, lexeme, new Span(start, position)));
    }
}
