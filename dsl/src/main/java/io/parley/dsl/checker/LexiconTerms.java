package io.parley.dsl.checker;

import io.parley.dsl.ast.StringLiteral;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Term identity as the annotate stage sees it: lexicon matching ignores case char by char, so
 * "OK" and "ok" are one term. Duplicate warnings, {@code N of} bounds and the compiled lexicons
 * all count terms this way.
 */
public final class LexiconTerms {
    private LexiconTerms() {
    }

    /** Folds case char by char, like the annotator, so lengths never change. */
    public static String fold(String term) {
        char[] chars = term.toCharArray();
        for (int i = 0; i < chars.length; i++) {
            chars[i] = Character.toLowerCase(chars[i]);
        }
        return new String(chars);
    }

    /** The distinct terms in order, each spelled as first written. */
    public static List<String> distinct(List<StringLiteral> terms) {
        Set<String> seen = new HashSet<>();
        List<String> distinct = new ArrayList<>();
        for (StringLiteral term : terms) {
            if (seen.add(fold(term.value()))) {
                distinct.add(term.value());
            }
        }
        return distinct;
    }
}
