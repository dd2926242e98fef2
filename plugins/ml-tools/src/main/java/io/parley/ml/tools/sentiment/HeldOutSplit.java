package io.parley.ml.tools.sentiment;

import io.parley.ml.tools.Sha256;
import io.parley.plugins.sentiment.DialogueHeadDescriptor;
import io.parley.plugins.sentiment.HeadDescriptor;

import java.nio.charset.StandardCharsets;

/**
 * Decides by dialogue which side of the split a dialogue is on: SHA-256 of seed and dialogue key,
 * so the split is the same on every machine and run, does not depend on file order or on which
 * other dialogues exist, and every turn of a dialogue lands on the same side.
 */
public record HeldOutSplit(long seed, int heldOutPercent) {
    public static final HeldOutSplit DEFAULT = new HeldOutSplit(20261124L, 20);

    public HeldOutSplit {
        if (heldOutPercent <= 0 || heldOutPercent >= 100) {
            throw new IllegalArgumentException("held-out percent must be in 1..99, was " + heldOutPercent);
        }
    }

    /** The split a turn head was trained with, recorded in its descriptor. */
    public static HeldOutSplit of(HeadDescriptor head) {
        return new HeldOutSplit(head.splitSeed(), head.heldOutPercent());
    }

    /** The split a dialogue head was trained with (its turn head's), recorded in its descriptor. */
    public static HeldOutSplit of(DialogueHeadDescriptor head) {
        return new HeldOutSplit(head.splitSeed(), head.heldOutPercent());
    }

    public boolean isHeldOut(String dialogueKey) {
        byte[] digest = Sha256.of((seed + "/" + dialogueKey).getBytes(StandardCharsets.UTF_8));
        int bucket = Math.floorMod(((digest[0] & 0xff) << 8) | (digest[1] & 0xff), 100);
        return bucket < heldOutPercent;
    }

    public String describe() {
        return heldOutPercent + "% of dialogues held out by SHA-256(seed " + seed + " / dialogue key)";
    }
}
