package io.parley.dsl.ast;

import java.util.List;

/** A parsed Parley file: its declarations in source order. */
public record RuleSetFile(List<Declaration> declarations) {
    public RuleSetFile {
        declarations = List.copyOf(declarations);
    }
}
