package io.parley.dsl.ast;

import io.parley.dsl.source.Span;

import java.util.Optional;

/** Restricts an atom to part of the dialogue. */
public sealed interface Position {
    Span span();

    IntLiteral count();

    /** The role whose turns are counted; empty for every turn. */
    Optional<Identifier> role();

    /** "first" or "last", as written. */
    default String word() {
        return this instanceof FirstTurns ? "first" : "last";
    }

    /**
     * {@code within first N turns} (the dialogue's first N turns) or {@code within first N agent turns}
     * (the first N turns of that role, which must be the atom's role).
     */
    record FirstTurns(IntLiteral count, Optional<Identifier> role, Span span) implements Position {
    }

    /** {@code within last N [role] turns}: the dialogue's (or the role's) last N turns. */
    record LastTurns(IntLiteral count, Optional<Identifier> role, Span span) implements Position {
    }
}
