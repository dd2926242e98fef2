package io.parley.dsl.checker;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The entities Parley defines, used by {@code entity NAME} without a regex of its own. Each is a
 * Java regex matched like a pattern; digits must not run on either side, so a phone number inside
 * a longer digit string is not a phone number.
 */
public final class BuiltInEntities {
    private static final Map<String, String> REGEXES = new LinkedHashMap<>();

    static {
        // Platform order numbers (Taobao/Tmall, JD, Pinduoduo): 12 to 20 digits, possibly with a "-" after a date prefix.
        REGEXES.put("order_no", "(?<![0-9A-Za-z])\\d{6}-?\\d{6,14}(?![0-9])");
        // Mainland China mobile numbers, optionally +86/86, optionally split 3-4-4 by spaces or dashes.
        REGEXES.put("phone", "(?<![0-9])(?:\\+?86[- ]?)?1[3-9]\\d(?:[- ]?\\d{4}){2}(?![0-9])");
        // Amounts in yuan: ¥/￥/RMB before, or 元/块/RMB after the number; thousands separators and 2 decimals allowed.
        String number = "(?:\\d{1,3}(?:,\\d{3})+|\\d+)(?:\\.\\d{1,2})?";
        REGEXES.put("money", "(?:[¥￥]|RMB|rmb)\\s?" + number + "|" + number + "\\s?(?:元|块|RMB|rmb)");
        // Courier waybills with a carrier prefix (SF, YT, JT, JD, DPK, YD, EMS): the prefix then 10 to 15 digits.
        REGEXES.put("tracking_no", "(?<![0-9A-Za-z])(?:SF|YT|JT|JD[A-Z]?|DPK|YD|EMS)\\d{10,15}(?![0-9])");
    }

    private BuiltInEntities() {
    }

    /** The built-in regex of the entity, or null. */
    public static String regex(String name) {
        return REGEXES.get(name);
    }

    public static List<String> names() {
        return List.copyOf(REGEXES.keySet());
    }
}
