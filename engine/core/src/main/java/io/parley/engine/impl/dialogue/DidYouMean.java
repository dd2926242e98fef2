package io.parley.engine.impl.dialogue;

import org.apache.commons.text.similarity.LevenshteinDistance;

import java.util.Collection;
import java.util.Comparator;
import java.util.Locale;
import java.util.Optional;

/** Finds the known name a misspelt one most likely meant ({@code agnet} → {@code agent}, {@code started_at} → {@code startedAt}). */
final class DidYouMean {
    private static final LevenshteinDistance DISTANCE = LevenshteinDistance.getDefaultInstance();

    private DidYouMean() {
    }

    static Optional<String> closest(String input, Collection<String> known) {
        String typed = normalize(input);
        // Short names tolerate one edit, longer ones two (a transposition such as agnet/agent costs two).
        int tolerance = typed.length() <= 3 ? 1 : 2;
        return known.stream()
                .filter(candidate -> distance(typed, candidate) <= tolerance)
                .min(Comparator.comparingInt(candidate -> distance(typed, candidate)));
    }

    private static int distance(String typed, String candidate) {
        return DISTANCE.apply(typed, normalize(candidate));
    }

    /** Case and word separators are the cheapest mistakes: {@code Started_At} is {@code startedAt}. */
    private static String normalize(String name) {
        return name.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
    }
}
