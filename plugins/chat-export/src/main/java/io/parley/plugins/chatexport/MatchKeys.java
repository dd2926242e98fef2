package io.parley.plugins.chatexport;

import java.text.Normalizer;
import java.util.Locale;

/**
 * How header names and sender values are compared: full-width forms folded to their half-width
 * equivalents (NFKC: {@code ＩＤ} is {@code ID}, the ideographic space a space), case and
 * surrounding space ignored, a stray byte-order mark dropped.
 */
final class MatchKeys {
    private MatchKeys() {
    }

    /** For sender values: {@code " 客服 "} and {@code Agent} match {@code 客服} and {@code agent}. */
    static String value(String raw) {
        return Normalizer.normalize(raw.replace("\uFEFF", ""), Normalizer.Form.NFKC).strip().toLowerCase(Locale.ROOT);
    }

    /** For column names, also ignoring spaces, {@code _} and {@code -}: {@code session_id} matches {@code Session ID}. */
    static String column(String raw) {
        return value(raw).replaceAll("[\\s_\\-]", "");
    }
}
