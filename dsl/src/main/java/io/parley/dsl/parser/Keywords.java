package io.parley.dsl.parser;

import java.util.List;
import java.util.Set;

/**
 * The reserved words of Parley. They cannot name lexicons, patterns, rules or grades, which keeps
 * the grammar unambiguous as it grows; the top-level ones also end a rule's condition, since layout
 * is insignificant.
 */
public final class Keywords {
    private Keywords() {
    }

    /** Each starts a declaration; error recovery resumes at the next one. A list, so suggestions are deterministic. */
    public static final List<String> TOP_LEVEL = List.of("template", "party", "lexicon", "pattern", "operator", "script",
            "rule", "scorecard", "test", "entity", "intent", "signal", "checkpoint", "drools", "import", "extends",
            "stage", "sop");

    public static final Set<String> ALL = Set.of(
            "template", "party", "lexicon", "pattern", "operator", "script", "rule", "scorecard", "test",
            "entity", "intent", "signal", "checkpoint", "drools", "import", "extends", "stage", "sop",
            "version", "language", "severity", "tags",
            "and", "or", "not", "says", "any", "all", "none", "of", "regex", "within", "first", "turns", "turn",
            "matches", "base", "veto", "grades");
}
