package io.parley.engine.api.model;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * One file of a model (weights, tokenizer, descriptor) as the model registry records it: its name
 * (a path or a classpath resource), its size in bytes and the SHA-256 of its content (64 lowercase
 * hex digits). Two registrations of one model version must have the same files.
 */
public record ModelFile(String name, long size, String sha256) {
    public ModelFile {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a model file needs a name");
        }
        if (sha256 == null || !sha256.matches("[0-9a-f]{64}")) {
            throw new IllegalArgumentException("model file " + name + ": sha256 must be 64 lowercase hex digits, not " + sha256);
        }
    }

    /** The file's size and hash, named by its path as given. */
    public static ModelFile of(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            return of(file.toString(), in);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read model file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads {@code content} to its end (the caller closes it). */
    public static ModelFile of(String name, InputStream content) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
        try {
            long size = new DigestInputStream(content, digest).transferTo(OutputStream.nullOutputStream());
            return new ModelFile(name, size, HexFormat.of().formatHex(digest.digest()));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read model file " + name + ": " + e.getMessage(), e);
        }
    }
}
