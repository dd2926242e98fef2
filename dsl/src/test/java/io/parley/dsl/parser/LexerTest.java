package io.parley.dsl.parser;

import io.parley.dsl.diagnostics.Diagnostics;
import io.parley.dsl.source.SourceFile;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class LexerTest {

    @Test
    void readsEveryKindOfToken() {
        assertThat(kinds("rule r \"标题\" : [ ] ( ) , = >= + - 12 3.5 /a\\/b/ 客服 # comment"))
                .containsExactly("KEYWORD rule", "IDENTIFIER r", "STRING 标题", "COLON :", "LEFT_BRACKET [",
                        "RIGHT_BRACKET ]", "LEFT_PAREN (", "RIGHT_PAREN )", "COMMA ,", "EQUALS =", "GREATER_EQUAL >=",
                        "PLUS +", "MINUS -", "NUMBER 12", "NUMBER 3.5", "REGEX a/b", "IDENTIFIER 客服", "END_OF_FILE ");
    }

    @Test
    void readsAnArrowAndKeepsAMinusBeforeANumber() {
        assertThat(kinds("a->b -> c -5 -")).containsExactly("IDENTIFIER a", "ARROW ->", "IDENTIFIER b", "ARROW ->",
                "IDENTIFIER c", "MINUS -", "NUMBER 5", "MINUS -", "END_OF_FILE ");
    }

    @Test
    void decodesStringEscapesAndKeepsRegexEscapesForTheRegex() {
        assertThat(kinds("\"a\\\"b\\\\c\\n\" /\\d+\\.\\//")).containsExactly("STRING a\"b\\c\n", "REGEX \\d+\\./", "END_OF_FILE ");
    }

    @Test
    void anUnterminatedStringEndsAtItsLineSoTheNextLineStillLexes() {
        SourceFile source = new SourceFile("t.parley", "\"亲]\nrule");
        Diagnostics diagnostics = new Diagnostics(source);

        List<Token> tokens = Lexer.tokenize(source.text(), diagnostics);

        assertThat(tokens).extracting(Token::kind).containsExactly(TokenKind.STRING, TokenKind.KEYWORD, TokenKind.END_OF_FILE);
        assertThat(tokens.getFirst().value()).isEqualTo("亲]");
        assertThat(diagnostics.toList()).singleElement().satisfies(d -> assertThat(d.code()).isEqualTo("PRL0102"));
    }

    private static List<String> kinds(String text) {
        SourceFile source = new SourceFile("t.parley", text);
        Diagnostics diagnostics = new Diagnostics(source);
        List<Token> tokens = Lexer.tokenize(text, diagnostics);
        assertThat(diagnostics.toList()).isEmpty();
        return tokens.stream().map(t -> t.kind() + " " + t.value()).toList();
    }
}
