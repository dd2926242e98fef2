package io.parley.dsl.diagnostics;

/**
 * What the compiler accepts at most, so that a huge or deeply nested rule file is an error
 * diagnostic (PRL0331) rather than an exhausted stack or heap. docs/operations.md#input-limits
 * lists them.
 */
public final class Limits {
    /** Characters of the rule file given to the compiler (a pushed or checked file). */
    public static final int MAX_SOURCE_CHARS = 4 * 1024 * 1024;
    /** Terms of one lexicon (or other list of terms, such as an intent's examples). */
    public static final int MAX_TERMS = 50_000;
    /** How deep 'not' and parentheses may nest in one condition. */
    public static final int MAX_NESTING = 100;
    /** Duplicate and redundant term warnings reported per list; the rest are summed up in one more. */
    public static final int MAX_TERM_WARNINGS = 20;
    /** The longest source line a diagnostic carries for rendering; a longer one is left out (the position stays). */
    public static final int MAX_EXCERPT_CHARS = 400;

    private Limits() {
    }
}
