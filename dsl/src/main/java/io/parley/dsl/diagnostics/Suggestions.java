package io.parley.dsl.diagnostics;

import java.util.Collection;
import java.util.Optional;

/** "Did you mean …?": the closest candidate by edit distance, when it is close enough to be a typo. */
public final class Suggestions {
    private Suggestions() {
    }

    /** The candidate nearest to {@code name}, first declared wins ties; empty when none is plausibly meant. */
    public static Optional<String> closest(String name, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int distance = editDistance(name.toLowerCase(), candidate.toLowerCase());
            if (distance < bestDistance) {
                best = candidate;
                bestDistance = distance;
            }
        }
        return best != null && bestDistance <= allowedDistance(name) ? Optional.of(best) : Optional.empty();
    }

    /** "did you mean 'x'?" for the closest candidate, or null. */
    public static String didYouMean(String name, Collection<String> candidates) {
        return closest(name, candidates).map(c -> "did you mean '" + c + "'?").orElse(null);
    }

    /** Short names allow one edit, longer ones two: "agnet" → "agent", but "ab" is not "xy". */
    private static int allowedDistance(String name) {
        return name.length() <= 3 ? 1 : 2;
    }

    /** Levenshtein distance with adjacent transpositions counted as one edit (optimal string alignment). */
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
}
