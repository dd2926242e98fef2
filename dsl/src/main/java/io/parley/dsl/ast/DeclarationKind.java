package io.parley.dsl.ast;

/** What a top-level declaration declares, named by its keyword. */
public enum DeclarationKind {
    TEMPLATE, PARTY, LEXICON, PATTERN, OPERATOR, SCRIPT, RULE, SCORECARD, TEST, ENTITY, INTENT, SIGNAL, CHECKPOINT, DROOLS, IMPORT, EXTENDS, STAGE, SOP;

    /** The keyword that starts it, which is also how messages name it. */
    public String keyword() {
        return name().toLowerCase();
    }
}
