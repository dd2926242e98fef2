package io.parley.app.bench;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A large rule set for benchmarks, written twice with the same meaning: once in Parley (lexicons
 * and {@code says} conditions, which the engine matches with one Aho-Corasick pass and Drools
 * rules over signal facts) and once as hand-written DRL whose conditions call
 * {@code text.contains} on every turn — what a team without Parley would write. Two rule shapes
 * alternate: "ROLE says any L" and "customer says any L and not agent says any M".
 */
record GeneratedRuleSet(String parley, String textDrl, List<List<String>> lexicons) {
    private static final int TERMS_PER_LEXICON = 5;

    static GeneratedRuleSet of(int rules, long seed) {
        Random random = new Random(seed);
        Set<String> used = new LinkedHashSet<>();
        List<List<String>> lexicons = new ArrayList<>();
        for (int i = 0; i < rules; i++) {
            List<String> terms = new ArrayList<>();
            while (terms.size() < TERMS_PER_LEXICON) {
                String term = word(random, 2 + random.nextInt(3));
                if (used.add(term)) {
                    terms.add(term);
                }
            }
            lexicons.add(terms);
        }
        StringBuilder parley = new StringBuilder("template \"generated-" + rules + "\" version 1 language zh\n\n");
        StringBuilder drl = new StringBuilder("""
                package parley.rules.textbench;
                import io.parley.engine.api.facts.TurnFact;
                global io.parley.engine.api.facts.HitCollector hits;

                """);
        for (int i = 0; i < rules; i++) {
            parley.append("lexicon lex_").append(i).append(" = [")
                    .append(lexicons.get(i).stream().map(t -> "\"" + t + "\"").collect(Collectors.joining(", "))).append("]\n");
        }
        parley.append('\n');
        for (int i = 0; i < rules; i++) {
            String role = i % 2 == 0 ? "agent" : "customer";
            boolean unanswered = i % 4 == 1;
            int other = (i + 1) % rules;
            parley.append("rule r_").append(i).append(" \"rule ").append(i).append("\" severity minor:\n  ")
                    .append(role).append(" says any lex_").append(i);
            drl.append("rule \"r_").append(i).append("\"\nwhen\n    $t: TurnFact(role == \"").append(role).append("\", ")
                    .append(containsAny(lexicons.get(i))).append(")\n");
            if (unanswered) {
                parley.append(" and not agent says any lex_").append(other);
                drl.append("    not TurnFact(role == \"agent\", ").append(containsAny(lexicons.get(other))).append(")\n");
            }
            parley.append("\n\n");
            drl.append("then\n    hits.hit(\"r_").append(i).append("\", $t);\nend\n\n");
        }
        parley.append("scorecard generated base 100:\n");
        for (int i = 0; i < rules; i++) {
            parley.append("  r_").append(i).append(" -1\n");
        }
        return new GeneratedRuleSet(parley.toString(), drl.toString(), List.copyOf(lexicons));
    }

    private static String containsAny(List<String> terms) {
        return terms.stream().map(t -> "text.contains(\"" + t + "\")").collect(Collectors.joining(" || "));
    }

    /** A pseudo-word of common CJK characters (U+4E00–U+62FF), so terms look and segment like Chinese. */
    private static String word(Random random, int length) {
        StringBuilder word = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            word.append((char) (0x4E00 + random.nextInt(0x1500)));
        }
        return word.toString();
    }
}
