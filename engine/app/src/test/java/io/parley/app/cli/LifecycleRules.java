package io.parley.app.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Two versions of a small rule set and dialogues they judge differently, for the lifecycle tests:
 * the files of examples/lifecycle, which docs/lifecycle.md uses too.
 */
final class LifecycleRules {
    private static final Path EXAMPLE = Path.of("../../examples/lifecycle");

    /** A forbidden phrase (-20) and a missing greeting (-5). */
    static final String V1 = read("mini.parley");

    /** Adds a rule and a term, drops no_greeting, tightens forbidden_phrase. */
    static final String V2 = read("mini-v2.parley");

    /** Hit by forbidden_phrase in both versions (v1: 80, v2: 70). */
    static String forbidden(String id) {
        return dialogue(id, "2026-11-05T10:00:00+08:00", "您好，不知道");
    }

    /** No hit in v1 (100); forbidden_phrase in v2 via the new term (70). */
    static String noWay(String id) {
        return dialogue(id, "2026-11-05T10:00:00+08:00", "您好，没办法");
    }

    /** no_greeting in v1 (95); nothing in v2 (100). */
    static String noGreeting(String id, String startedAt) {
        return dialogue(id, startedAt, "已发货");
    }

    static String dialogue(String id, String startedAt, String agentText) {
        return """
                {"id": "%s", "channel": "im", "startedAt": "%s", "turns": [
                  {"role": "customer", "text": "发货了吗"},
                  {"role": "agent", "text": "%s"}
                ]}""".formatted(id, startedAt, agentText);
    }

    private static String read(String file) {
        try {
            return Files.readString(EXAMPLE.resolve(file));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the lifecycle example " + file, e);
        }
    }

    private LifecycleRules() {
    }
}
