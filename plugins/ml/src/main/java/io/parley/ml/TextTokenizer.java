package io.parley.ml;

import ai.djl.huggingface.tokenizers.Encoding;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * A Hugging Face {@code tokenizer.json} run by DJL's binding of the Rust tokenizers library
 * (it unpacks its native library under {@code ~/.djl.ai} on first use). Truncates to the model's
 * maximum and never pads: the embedder pads per batch. Thread-safe.
 */
public final class TextTokenizer implements AutoCloseable {
    private final HuggingFaceTokenizer tokenizer;

    private TextTokenizer(HuggingFaceTokenizer tokenizer) {
        this.tokenizer = tokenizer;
    }

    private static Map<String, String> options(int maxTokens) {
        return Map.of("padding", "false", "truncation", "true", "maxLength", Integer.toString(maxTokens),
                "addSpecialTokens", "true");
    }

    public static TextTokenizer fromResource(String resource, int maxTokens) throws IOException {
        try (InputStream in = TextTokenizer.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IOException("tokenizer '" + resource + "' is not on the classpath");
            }
            return new TextTokenizer(HuggingFaceTokenizer.newInstance(in, options(maxTokens)));
        }
    }

    public static TextTokenizer fromFile(Path file, int maxTokens) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return new TextTokenizer(HuggingFaceTokenizer.newInstance(in, options(maxTokens)));
        } catch (RuntimeException e) {
            // The native library reports a malformed tokenizer.json as a RuntimeException.
            throw new IOException("cannot read tokenizer " + file + ": " + e.getMessage(), e);
        }
    }

    public Tokens tokenize(String text) {
        Encoding encoding = tokenizer.encode(text);
        return new Tokens(encoding.getIds(), encoding.getAttentionMask(), encoding.getTypeIds());
    }

    @Override
    public void close() {
        tokenizer.close();
    }
}
