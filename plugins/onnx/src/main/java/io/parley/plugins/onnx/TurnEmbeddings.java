package io.parley.plugins.onnx;

import io.parley.engine.api.facts.TurnFact;
import io.parley.ml.SentenceEmbedder;

import java.util.ArrayList;
import java.util.List;

/** The vectors of a dialogue's turns, embedded in one pipeline call; a blank turn has none. */
final class TurnEmbeddings {
    private TurnEmbeddings() {
    }

    /** One vector per turn, in order, null for a turn without text. */
    static float[][] of(List<TurnFact> turns, SentenceEmbedder embedder) {
        List<String> texts = new ArrayList<>();
        for (TurnFact turn : turns) {
            if (!turn.getText().isBlank()) {
                texts.add(turn.getText());
            }
        }
        float[][] embedded = embedder.embed(texts);
        float[][] vectors = new float[turns.size()][];
        int next = 0;
        for (int i = 0; i < turns.size(); i++) {
            if (!turns.get(i).getText().isBlank()) {
                vectors[i] = embedded[next++];
            }
        }
        return vectors;
    }

    static ExampleSet exampleSet(List<String> examples, SentenceEmbedder embedder) {
        return new ExampleSet(examples, embedder.embed(examples));
    }
}
