package io.parley.engine.api;

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
    private NameSuggestions() {
    }

    public static Optional<String> closest(String typed, Collection<String> known) {
        String normalizedTyped = normalize(typed);
        // Short names tolerate one edit, longer ones two: "agnet" is "agent", but "ab" is not "xy".
        int tolerance = normalizedTyped.length() <= 3 ? 1 : 2;
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : known) {
            int distance = editDistance(normalizedTyped, normalize(candidate));
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

    /**
     * Edits (insert, delete, substitute, swap two neighbours) from one to the other: the optimal
     * string alignment distance, which is what a typo costs. Written here because the API artifact
     * depends on Jackson only, and names are short.
     */
    static int editDistance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }

    private static String normalize(String name) {
        return name.toLowerCase(Locale.ROOT).replace("_", "").replace("-", "");
    }
}
