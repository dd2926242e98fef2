package io.parley.dsl.parser;

/** The kinds of token; {@link #description()} is how messages name a token of the kind. */
public enum TokenKind {
    IDENTIFIER("a name"),
    KEYWORD("a keyword"),
    STRING("a string"),
    REGEX("a regex"),
    SCRIPT("a script"),
    DRL_BLOCK("a DRL block"),
    NUMBER("a number"),
    LEFT_BRACKET("'['"),
    RIGHT_BRACKET("']'"),
    LEFT_BRACE("'{'"),
    RIGHT_BRACE("'}'"),
    LEFT_PAREN("'('"),
    RIGHT_PAREN("')'"),
    COMMA("','"),
    COLON("':'"),
    EQUALS("'='"),
    GREATER_EQUAL("'>='"),
    PLUS("'+'"),
    MINUS("'-'"),
    ARROW("'->'"),
    END_OF_FILE("the end of the file");

    private final String description;

    TokenKind(String description) {
        this.description = description;
    }

    public String description() {
        return description;
    }
}
