package io.parley.engine.api;

/**
 * How many terminal cells text takes: East Asian wide characters (CJK ideographs, kana, hangul,
 * full-width forms and CJK punctuation) take two, so carets and columns line up under Chinese text.
 */
public final class DisplayWidth {
    private DisplayWidth() {
    }

    public static boolean isWide(int codePoint) {
        Character.UnicodeScript script = Character.UnicodeScript.of(codePoint);
        return script == Character.UnicodeScript.HAN || script == Character.UnicodeScript.HIRAGANA
                || script == Character.UnicodeScript.KATAKANA || script == Character.UnicodeScript.HANGUL
                || (codePoint >= 0xFF01 && codePoint <= 0xFF60) || (codePoint >= 0x3000 && codePoint <= 0x303F);
    }

    public static int of(CharSequence text) {
        return text.codePoints().map(c -> isWide(c) ? 2 : 1).sum();
    }

    /** The text followed by spaces up to {@code cells} terminal cells. */
    public static String padRight(String text, int cells) {
        return text + " ".repeat(Math.max(0, cells - of(text)));
    }
}
