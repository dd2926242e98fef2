package io.parley.ml;

/** One text as a transformer reads it: token ids, the attention mask and the segment (type) ids, all of one length. */
public record Tokens(long[] ids, long[] mask, long[] typeIds) {
    public int length() {
        return ids.length;
    }
}
