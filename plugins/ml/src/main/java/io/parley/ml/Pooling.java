package io.parley.ml;

/** How a sentence vector is made from a transformer's per-token hidden states. */
public enum Pooling {
    /** The first ([CLS]) token's state: BGE models. */
    CLS,
    /** The mean of the states of the real (unmasked) tokens: sentence-transformers models such as MiniLM. */
    MEAN
}
