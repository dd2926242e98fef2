package io.parley.plugins.onnx;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Cuts items into tensor batches by token length: sorted by length, a new batch where the current
 * one is full or an item would pad the batch's shortest row by more than {@code maxPadding}
 * tokens. With {@code maxPadding} 0 no row is padded, so a text gets the same output whatever it is
 * batched with (quantised models are not padding-invariant: docs/models.md).
 */
final class LengthBuckets {
    private LengthBuckets() {
    }

    static <T> List<List<T>> of(List<T> items, ToIntFunction<T> length, int maxBatch, int maxPadding) {
        List<T> sorted = new ArrayList<>(items);
        sorted.sort(Comparator.comparingInt(length));
        List<List<T>> batches = new ArrayList<>();
        List<T> current = new ArrayList<>();
        for (T item : sorted) {
            if (!current.isEmpty() && (current.size() == maxBatch
                    || length.applyAsInt(item) - length.applyAsInt(current.getFirst()) > maxPadding)) {
                batches.add(current);
                current = new ArrayList<>();
            }
            current.add(item);
        }
        if (!current.isEmpty()) {
            batches.add(current);
        }
        return batches;
    }
}
