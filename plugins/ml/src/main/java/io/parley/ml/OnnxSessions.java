package io.parley.ml;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;

import java.nio.LongBuffer;
import java.util.Arrays;
import java.util.List;

/** Opening ONNX Runtime sessions and building token tensors the same way for every model. */
public final class OnnxSessions {
    static final String INPUT_IDS = "input_ids";
    static final String ATTENTION_MASK = "attention_mask";
    static final String TOKEN_TYPE_IDS = "token_type_ids";

    private OnnxSessions() {
    }

    static OrtEnvironment environment() {
        return OrtEnvironment.getEnvironment();
    }

    /**
     * One intra-op thread per session: the embedder parallelises across batches on its own pool
     * instead, which measured faster on 2 cores than ORT's intra-op threads (docs/design.md#onnx-runtime-threads); the
     * classifiers' small linear heads gain nothing from more.
     */
    static OrtSession open(byte[] model) throws OrtException {
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            return environment().createSession(model, options);
        }
    }

    /** A [batch, width] INT64 tensor, each row right-padded with {@code pad}. */
    public static OnnxTensor tensor(List<long[]> rows, int width, long pad) throws OrtException {
        long[] flat = new long[rows.size() * width];
        Arrays.fill(flat, pad);
        for (int row = 0; row < rows.size(); row++) {
            long[] values = rows.get(row);
            System.arraycopy(values, 0, flat, row * width, values.length);
        }
        return OnnxTensor.createTensor(environment(), LongBuffer.wrap(flat), new long[]{rows.size(), width});
    }
}
