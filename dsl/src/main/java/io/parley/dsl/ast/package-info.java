/**
 * The syntax tree of a Parley file: immutable records, each with the {@link io.parley.dsl.source.Span}
 * of the source it came from so every later stage can point at it. Sugar is resolved by the parser
 * (a bare {@code "literal"} is an {@code any} over a one-term inline list), so the tree holds only
 * the core forms. New operators add new {@link io.parley.dsl.ast.Condition} or
 * {@link io.parley.dsl.ast.Match} records; exhaustive switches then show every stage what to extend.
 */
package io.parley.dsl.ast;
