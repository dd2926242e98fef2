package io.parley.plugins.sentiment;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

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

    public boolean isHeldOut(String dialogueKey) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((seed + "/" + dialogueKey).getBytes(StandardCharsets.UTF_8));
            int bucket = Math.floorMod(((digest[0] & 0xff) << 8) | (digest[1] & 0xff), 100);
            return bucket < heldOutPercent;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    public String describe() {
        return heldOutPercent + "% of dialogues held out by SHA-256(seed " + seed + " / dialogue key)";
    }
}
