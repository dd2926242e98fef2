package io.parley.plugins.sentiment;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Embeddings kept on disk between training runs (text → vector, tagged with the encoder's id),
 * so re-training with other features or settings does not re-embed tens of thousands of texts.
 * A file written by another encoder is ignored.
 */
final class EmbeddingStore {

    private EmbeddingStore() {
    }

    static Map<String, float[]> read(Path file, SentenceEncoder encoder) throws IOException {
        Map<String, float[]> vectors = new LinkedHashMap<>();
        if (!Files.isRegularFile(file)) {
            return vectors;
        }
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            if (!in.readUTF().equals(encoder.modelId()) || in.readInt() != encoder.dimension()) {
                return vectors;
            }
            while (true) {
                String text;
                try {
                    text = in.readUTF();
                } catch (EOFException end) {
                    return vectors;
                }
                float[] vector = new float[encoder.dimension()];
                for (int i = 0; i < vector.length; i++) {
                    vector[i] = in.readFloat();
                }
                vectors.put(text, vector);
            }
        }
    }

    static void write(Path file, SentenceEncoder encoder, Map<String, float[]> vectors) throws IOException {
        if (file.getParent() != null) {
            Files.createDirectories(file.getParent());
        }
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file), 1 << 16))) {
            out.writeUTF(encoder.modelId());
            out.writeInt(encoder.dimension());
            for (Map.Entry<String, float[]> entry : vectors.entrySet()) {
                if (entry.getKey().length() > 20_000) {
                    continue;
                }
                out.writeUTF(entry.getKey());
                for (float value : entry.getValue()) {
                    out.writeFloat(value);
                }
            }
        }
    }
}
