package io.parley.plugins.sentiment;

import io.parley.engine.spi.plugin.PluginException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * The trained dialogue-level satisfaction head, run by ONNX Runtime: {@link DialogueFeatures} of a
 * dialogue in, P(negative, neutral, positive dialogue) out. Trained by parley-ml-tools' DialogueTraining.
 * Thread-safe.
 */
public final class DialogueHead implements AutoCloseable {
    public static final String BUNDLED = "/io/parley/plugins/sentiment/sentiment-dialogue.onnx";

    private final DialogueHeadDescriptor descriptor;
    private final SentimentClassifier classifier;
    private final int[] featureSource;

    private DialogueHead(DialogueHeadDescriptor descriptor, byte[] model) {
        this.descriptor = descriptor;
        this.featureSource = new int[descriptor.features().size()];
        for (int i = 0; i < featureSource.length; i++) {
            featureSource[i] = DialogueFeatures.NAMES.indexOf(descriptor.features().get(i));
            if (featureSource[i] < 0) {
                throw new PluginException("dialogue head " + name() + " expects feature '" + descriptor.features().get(i)
                        + "', which this version does not compute");
            }
        }
        this.classifier = new SentimentClassifier("dialogue head " + name(), "dialogues", model, descriptor.labels());
    }

    /** The dialogue head in this jar. */
    public static DialogueHead bundled() {
        try (InputStream model = DialogueHead.class.getResourceAsStream(BUNDLED);
             InputStream descriptor = DialogueHead.class.getResourceAsStream(SentimentHead.descriptorName(BUNDLED))) {
            if (model == null || descriptor == null) {
                throw new PluginException("the bundled dialogue head " + BUNDLED + " is missing from the jar; train one with DialogueTraining");
            }
            return new DialogueHead(DialogueHeadDescriptor.read(descriptor), model.readAllBytes());
        } catch (IOException e) {
            throw new PluginException("cannot read the bundled dialogue head: " + e.getMessage(), e);
        }
    }

    /** A dialogue head from {@code model} (an .onnx file) and its descriptor (the same name ending in .json). */
    public static DialogueHead load(Path model) {
        try (InputStream in = Files.newInputStream(Path.of(SentimentHead.descriptorName(model.toString())))) {
            return new DialogueHead(DialogueHeadDescriptor.read(in), Files.readAllBytes(model));
        } catch (NoSuchFileException e) {
            throw new PluginException("dialogue head file not found: " + e.getFile(), e);
        } catch (IOException e) {
            throw new PluginException("cannot read dialogue head " + model + ": " + e.getMessage(), e);
        }
    }

    public DialogueHeadDescriptor descriptor() {
        return descriptor;
    }

    /** The names of the model's input (the features) and output (the probabilities), for the model registry. */
    String inputName() {
        return classifier.inputName();
    }

    String outputName() {
        return classifier.outputName();
    }

    private String name() {
        return descriptor.id() + " " + descriptor.version();
    }

    /**
     * P(negative, neutral, positive) by {@link Sentiment} ordinal for each row of {@link DialogueFeatures}.
     *
     * @throws PluginException when the model fails or gives a non-finite probability
     */
    public double[][] probabilities(List<double[]> features) {
        if (features.isEmpty()) {
            return new double[0][];
        }
        float[][] batch = new float[features.size()][featureSource.length];
        for (int row = 0; row < batch.length; row++) {
            for (int i = 0; i < featureSource.length; i++) {
                batch[row][i] = (float) features.get(row)[featureSource[i]];
            }
        }
        return classifier.probabilities(batch);
    }

    @Override
    public void close() {
        classifier.close();
    }
}
