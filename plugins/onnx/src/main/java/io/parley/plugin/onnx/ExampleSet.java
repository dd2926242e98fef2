package io.parley.plugin.onnx;

import java.util.List;

/**
 * The example phrases of one intent (or similarity target), embedded once when the rule set is
 * prepared. A text's similarity to the set is its cosine to the nearest example; the prototype
 * (the normalised mean of the examples) is kept for {@link IntentEvaluation}, which compares the
 * two ways (docs/models.md: nearest example won on BANKING77).
 */
public final class ExampleSet {
    private final List<String> examples;
    private final float[][] vectors;
    private final float[] prototype;

    public ExampleSet(List<String> examples, float[][] vectors) {
        this.examples = List.copyOf(examples);
        this.vectors = vectors;
        this.prototype = Vectors.centroid(vectors);
    }

    public List<String> examples() {
        return examples;
    }

    /** The nearest example to a unit vector and its cosine. */
    public Match nearest(float[] vector) {
        int best = 0;
        double bestSimilarity = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < vectors.length; i++) {
            double similarity = Vectors.dot(vectors[i], vector);
            if (similarity > bestSimilarity) {
                bestSimilarity = similarity;
                best = i;
            }
        }
        return new Match(examples.get(best), bestSimilarity);
    }

    /** The cosine to the prototype. */
    public double prototypeSimilarity(float[] vector) {
        return Vectors.dot(prototype, vector);
    }

    public record Match(String example, double similarity) {
    }
}
