package io.parley.engine.api;

import org.apache.commons.text.similarity.DamerauLevenshteinDistance;

import java.util.Collection;
import java.util.Locale;
import java.util.Optional;

/**
 * "Did you mean …?" for every place that names things: DSL declarations, dialogue fields and
 * roles, plugin options. The closest known name by edit distance (a transposition such as
 * agnet/agent is one edit), ignoring case and word separators ({@code Started_At} is
 * {@code startedAt}), when it is close enough to be a typo; the first candidate wins ties.
 */
public final class NameSuggestions {
    private static final DamerauLevenshteinDistance DISTANCE = new DamerauLevenshteinDistance();

    private NameSuggestions() {
    }

    public static Optional<String> closest(String typed, Collection<String> known) {
        String normalizedTyped = normalize(typed);
        // Short names tolerate one edit, longer ones two: "agnet" is "agent", but "ab" is not "xy".
        int tolerance = normalizedTyped.length() <= 3 ? 1 : 2;
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int distance = DISTANCE.apply(normalizedTyped, normalize(candidate));
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return bestDistance <= tolerance ? Optional.of(best) : Optional.empty();
    }

    /** {@code did you mean 'x'?} for the closest known name, or null when none is plausibly meant. */
    public static String didYouMean(String typed, Collection<String> known) {
        return closest(typed, known).map(name -> "did you mean '" + name + "'?").orElse(null);
    }

    private static String normalize(String name) {
        return name.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
    }
}
