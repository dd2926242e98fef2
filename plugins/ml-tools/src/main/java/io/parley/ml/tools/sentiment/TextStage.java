package io.parley.ml.tools.sentiment;

import io.parley.plugins.sentiment.Sentiment;
import io.parley.plugins.sentiment.TurnContextFeatures;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import java.util.ArrayList;
import java.util.List;

/**
 * The text-only first stage of the stacked head: a logistic regression on the embedding of a turn's
 * text without its thanks clauses ({@code turn_e*} alone: no context, no thanks), whose P(negative)
 * becomes the head's {@code rest_negative} feature and, crossed with thanks,
 * {@code thanks_x_rest_negative}. It answers "is what the customer says besides the thanks
 * negative?" from all corpora at once, so the head can learn how much that should outweigh the thanks.
 *
 * <p>Stacking without leaking: the head's training features use <em>out-of-fold</em> scores, each
 * example scored by a stage trained on the other {@value #FOLDS} − 1 folds (folds by dialogue), so the
 * head sees scores as noisy as those it gets at run time; the stage shipped is trained on all of them.
 */
record TextStage(Model<Label> model, double[] outOfFold, int texts) {
    static final int FOLDS = 5;

    /**
     * @param vectors the head's feature vectors of {@code examples} (their {@code turn_e*} part is read)
     * @param weights the examples' class weights
     */
    static TextStage crossFit(List<LabelledTurn> examples, float[][] vectors, double[] weights, int dimension, int epochs, long seed) {
        List<String> names = TurnContextFeatures.names(dimension).subList(0, dimension);
        String[] featureNames = names.toArray(String[]::new);
        List<Integer> texts = new ArrayList<>();
        for (int i = 0; i < examples.size(); i++) {
            if (!TurnContextFeatures.withoutThanks(examples.get(i).turn().text()).isEmpty()) {
                texts.add(i);
            }
        }
        double[] outOfFold = new double[examples.size()];
        for (int fold = 0; fold < FOLDS; fold++) {
            int held = fold;
            Model<Label> model = train(examples, vectors, weights, texts.stream().filter(i -> fold(examples.get(i)) != held).toList(),
                    featureNames, epochs, seed);
            for (int i : texts) {
                if (fold(examples.get(i)) == held) {
                    outOfFold[i] = negative(model, example(examples.get(i), vectors[i], featureNames));
                }
            }
        }
        return new TextStage(train(examples, vectors, weights, texts, featureNames, epochs, seed), outOfFold, texts.size());
    }

    /** Folds by dialogue: String.hashCode is specified, so the folds are the same on every JVM. */
    static int fold(LabelledTurn example) {
        return Math.floorMod(("fold/" + example.dialogueKey()).hashCode(), FOLDS);
    }

    private static Model<Label> train(List<LabelledTurn> examples, float[][] vectors, double[] weights, List<Integer> indexes,
                                      String[] featureNames, int epochs, long seed) {
        LabelFactory labels = new LabelFactory();
        MutableDataset<Label> dataset = new MutableDataset<>(new SimpleDataSourceProvenance("parley sentiment text stage", labels), labels);
        for (int i : indexes) {
            Example<Label> example = example(examples.get(i), vectors[i], featureNames);
            example.setWeight((float) weights[i]);
            dataset.add(example);
        }
        return new LinearSGDTrainer(new LogMulticlass(), new AdaGrad(0.05, 1e-6), epochs, Integer.MAX_VALUE, 1, seed).train(dataset);
    }

    private static Example<Label> example(LabelledTurn turn, float[] vector, String[] featureNames) {
        double[] values = new double[featureNames.length];
        for (int d = 0; d < values.length; d++) {
            values[d] = vector[d];
        }
        return new ArrayExample<>(new Label(turn.label().label()), featureNames, values);
    }

    private static double negative(Model<Label> model, Example<Label> example) {
        Prediction<Label> prediction = model.predict(example);
        Label negative = prediction.getOutputScores().get(Sentiment.NEGATIVE.label());
        return negative == null ? 0 : negative.getScore();
    }
}
