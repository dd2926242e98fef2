package io.parley.engine.impl.annotate;

import io.parley.engine.api.facts.SignalFact;
import io.parley.engine.api.facts.TurnFact;
import io.parley.engine.api.ruleset.LexiconDefinition;
import org.ahocorasick.trie.PayloadEmit;
import org.ahocorasick.trie.PayloadTrie;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Finds the terms of all lexicons of a rule set in one Aho-Corasick pass per turn and emits a
 * {@code lexicon} signal per match and lexicon: overlapping matches are all reported, a term shared
 * by several lexicons yields one signal for each. Matching ignores case char by char, so spans
 * index the original text; there is no word-boundary check, which Chinese text needs.
 */
public final class LexiconAnnotator {
    public static final String KIND = "lexicon";

    /** The term as its lexicon declares it, reported as the signal's {@code term}. */
    private record LexiconTerm(String lexicon, String term) {
    }

    private final PayloadTrie<List<LexiconTerm>> trie;

    public LexiconAnnotator(List<LexiconDefinition> lexicons) {
        // Terms that fold to the same key share one trie keyword: the trie keeps one payload per keyword.
        Map<String, List<LexiconTerm>> termsByKey = new LinkedHashMap<>();
        for (LexiconDefinition lexicon : lexicons) {
            for (String term : lexicon.terms()) {
                if (term.isEmpty()) {
                    continue;
                }
                List<LexiconTerm> owners = termsByKey.computeIfAbsent(foldCase(term), key -> new ArrayList<>());
                if (owners.stream().noneMatch(owner -> owner.lexicon().equals(lexicon.name()))) {
                    owners.add(new LexiconTerm(lexicon.name(), term));
                }
            }
        }
        PayloadTrie.PayloadTrieBuilder<List<LexiconTerm>> builder = PayloadTrie.<List<LexiconTerm>>builder().ignoreCase();
        termsByKey.forEach((key, owners) -> builder.addKeyword(key, List.copyOf(owners)));
        this.trie = builder.build();
    }

    /** Lower-cases char by char, as the trie does with the text, so lengths and offsets never change. */
    private static String foldCase(String term) {
        char[] chars = term.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            chars[i] = Character.toLowerCase(chars[i]);
        }
        return new String(chars);
    }

    /** Thread-safe: the annotator is built once per rule set and shared by every evaluation. */
    public void annotate(TurnFact turn, Consumer<SignalFact> signals) {
        String text = turn.getText();
        if (text == null) {
            return;
        }
        for (PayloadEmit<List<LexiconTerm>> emit : trie.parseText(text)) {
            int start = emit.getStart();
            int end = emit.getEnd() + 1; // the trie's end is inclusive
            String matched = text.substring(start, end);
            for (LexiconTerm owner : emit.getPayload()) {
                signals.accept(new SignalFact(KIND, owner.lexicon(), owner.term(), turn.getIndex(), turn.getRole(),
                        turn.getRoleIndex(), start, end, matched));
            }
        }
    }
}
