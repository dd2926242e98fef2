package io.parley.plugins.sentiment;

import java.util.Locale;

/** The three classes of the head, in the order probabilities are given everywhere in this module. */
public enum Sentiment {
    NEGATIVE, NEUTRAL, POSITIVE;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The class of the highest of {@code probabilities} (by ordinal), the first on a tie. */
    public static Sentiment likeliest(double[] probabilities) {
        int best = 0;
        for (int i = 1; i < probabilities.length; i++) {
            if (probabilities[i] > probabilities[best]) {
                best = i;
            }
        }
        return values()[best];
    }

    public static Sentiment ofLabel(String label) {
        for (Sentiment sentiment : values()) {
            if (sentiment.label().equals(label)) {
                return sentiment;
            }
        }
        throw new IllegalArgumentException("unknown sentiment '" + label + "': expected negative, neutral or positive");
    }
}
