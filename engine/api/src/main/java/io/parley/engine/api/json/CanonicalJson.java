package io.parley.engine.api.json;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.util.TokenBuffer;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A value serialised once by {@link ParleyJson} into Jackson's tokens, which can then be written as
 * JSON, hashed, or streamed into another format (the storage writes BSON from them) without
 * serialising the value again or parsing its JSON text back.
 */
public final class CanonicalJson {
    private CanonicalJson() {
    }

    /** The value's tokens, exactly as {@link ParleyJson#mapper()} would write them as JSON. */
    public static TokenBuffer tokens(Object value) {
        TokenBuffer tokens = new TokenBuffer(ParleyJson.mapper(), false);
        try {
            ParleyJson.mapper().writeValue(tokens, value);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a " + value.getClass().getSimpleName() + " as JSON", e);
        }
        return tokens;
    }

    /** SHA-256 (hex) of the value's JSON as {@link ParleyJson#mapper()} writes it. */
    public static String sha256(Object value) {
        return sha256(tokens(value));
    }

    /** SHA-256 (hex) of the JSON these tokens write, the same bytes as the mapper's own {@code writeValueAsBytes}. */
    public static String sha256(TokenBuffer tokens) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JDK has no SHA-256", e);
        }
        try (JsonGenerator generator = ParleyJson.mapper().createGenerator(
                new DigestOutputStream(OutputStream.nullOutputStream(), digest))) {
            tokens.serialize(generator);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot hash JSON", e);
        }
        return HexFormat.of().formatHex(digest.digest());
    }
}
