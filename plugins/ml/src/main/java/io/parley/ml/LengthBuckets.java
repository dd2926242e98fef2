package io.parley.ml;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * Cuts items into tensor batches by token length: sorted by length, a new batch where the current
 * one is full or the next item is longer, so no row is padded and a text gets the same output
 * whatever its length is batched with (quantised models are not padding-invariant: docs/models.md).
 */
public final class LengthBuckets {
    private LengthBuckets() {
    }

    public static <T> List<List<T>> of(List<T> items, ToIntFunction<T> length, int maxBatch) {
        List<T> sorted = new ArrayList<>(items);
        sorted.sort(Comparator.comparingInt(length));
        List<List<T>> batches = new ArrayList<>();
        List<T> current = new ArrayList<>();
        for (T item : sorted) {
            if (!current.isEmpty() && (current.size() == maxBatch || length.applyAsInt(item) != length.applyAsInt(current.getFirst()))) {
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
