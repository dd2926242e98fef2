package io.parley.plugins.onnx;

import io.parley.ml.EmbeddingModelCard;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Puts the {@code intent} uses of one rule set (on one model) into one {@link IntentGroup}. The
 * engine prepares a rule set's declared operators one at a time, in declaration order, on one
 * thread; so a use joins the group still open for its thread, rule file and model, unless that group
 * is already in use (sealed), already has an intent of that name, or was declared at or after this
 * use's position (then this use starts the preparation of another rule set, and a new group).
 */
final class IntentGroups {
    /** {@code file:line:column}, the file possibly holding colons itself. */
    private static final Pattern ORIGIN = Pattern.compile("(.+):(\\d+):(\\d+)");

    private record Key(long thread, String file, String model) {
    }

    private record Open(IntentGroup group, long position) {
    }

    private final Map<Key, Open> open = new ConcurrentHashMap<>();

    IntentGroup join(String origin, EmbeddingModelCard model, IntentGroup.Member member) {
        Matcher positioned = origin == null ? null : ORIGIN.matcher(origin);
        boolean hasPosition = positioned != null && positioned.matches();
        String file = hasPosition ? positioned.group(1) : String.valueOf(origin);
        long position = hasPosition ? Long.parseLong(positioned.group(2)) * 100_000 + Long.parseLong(positioned.group(3)) : -1;
        Key key = new Key(Thread.currentThread().threadId(), file, model.ref());
        Open current = open.get(key);
        IntentGroup group;
        if (current == null || current.group().sealed() || current.group().has(member.name())
                || (position >= 0 && position <= current.position())) {
            group = new IntentGroup();
        } else {
            group = current.group();
        }
        group.add(member);
        open.put(key, new Open(group, position));
        return group;
    }
}
