package io.parley.ml;

import java.text.Normalizer;
import java.util.regex.Pattern;

/**
 * The form the operators' texts are embedded and cached under ({@link EmbeddingStyle#NORMALISED_BATCHED}):
 * NFKC (full-width letters, digits and punctuation fold to their usual forms), trimmed, every run of
 * whitespace one space. Agents repeat scripts with small spacing and width differences; those must
 * hit the same cache entry.
 */
public final class TextNormalizer {
    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private TextNormalizer() {
    }

    public static String normalize(String text) {
        String folded = Normalizer.normalize(text, Normalizer.Form.NFKC);
        return WHITESPACE.matcher(folded.strip()).replaceAll(" ");
    }
}
