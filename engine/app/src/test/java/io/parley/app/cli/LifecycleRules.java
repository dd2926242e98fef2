package io.parley.app.cli;

/** Two versions of a small rule set and dialogues they judge differently, for the lifecycle tests. */
final class LifecycleRules {
    static final String V1 = """
            template "mini" version 1 language zh
            lexicon forbidden = ["不知道"]
            lexicon greeting = ["您好"]
            rule forbidden_phrase "禁语" severity major:
              agent says any forbidden
            rule no_greeting "未问候" severity minor:
              not agent says any greeting
            scorecard quality base 100:
              forbidden_phrase -20
              no_greeting -5
            """;

    /** Adds a rule and a term, drops no_greeting, tightens forbidden_phrase. */
    static final String V2 = """
            template "mini" version 2 language zh
            lexicon forbidden = ["不知道", "没办法"]
            lexicon abuse = ["爱买不买"]
            rule forbidden_phrase "禁语" severity critical:
              agent says any forbidden or agent says any abuse
            rule abusive "辱骂" severity critical:
              agent says any abuse
            scorecard quality base 100:
              forbidden_phrase -30
              abusive veto
            """;

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

    private LifecycleRules() {
    }
}
