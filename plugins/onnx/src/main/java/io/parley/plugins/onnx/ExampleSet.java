package io.parley.plugins.onnx;

import io.parley.ml.Vectors;

import java.util.List;

/**
 * The example phrases of one intent (or similarity target), embedded once when the rule set is
 * prepared. The operators score a text against the set by {@link #OPERATOR_SCORING}: the mean of
 * its cosine to the nearest example and to the prototype (the normalised mean of the examples),
 * which {@code parley eval intent} measured best of the three ways (docs/models.md).
 */
public final class ExampleSet {
    public static final Scoring OPERATOR_SCORING = Scoring.BLEND;

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

    /** The nearest example to a unit vector, with the operators' score ({@link #OPERATOR_SCORING}). */
    public Match match(float[] vector) {
        Match nearest = nearest(vector);
        return new Match(nearest.example(), score(vector, OPERATOR_SCORING));
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

    /** How a text's similarity to an example set is scored; the eval compares them (docs/models.md). */
    public enum Scoring {
        /** The cosine to the nearest example. */
        NEAREST("nearest example"),
        /** The cosine to the prototype, the normalised mean of the examples. */
        PROTOTYPE("prototype (mean)"),
        /** The mean of the two. */
        BLEND("nearest+prototype");

        private final String label;

        Scoring(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    /** A text's score against this set, by {@code scoring}. */
    public double score(float[] vector, Scoring scoring) {
        return switch (scoring) {
            case NEAREST -> nearest(vector).similarity();
            case PROTOTYPE -> prototypeSimilarity(vector);
            case BLEND -> (nearest(vector).similarity() + prototypeSimilarity(vector)) / 2;
        };
    }

    public record Match(String example, double similarity) {
    }
}
