package io.parley.plugins.onnx;

import io.parley.ml.EmbeddingModelCard;

import java.util.stream.Collectors;

/** How plugin descriptions name the shipped models, so every signal traces to a model id and version. */
final class ModelsDescription {
    private ModelsDescription() {
    }

    static String shipped() {
        return EmbeddingModelCard.SHIPPED.stream()
                .map(card -> card.ref() + " (" + card.language() + ")")
                .collect(Collectors.joining(", "));
    }
}
