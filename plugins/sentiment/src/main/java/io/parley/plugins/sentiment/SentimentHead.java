package io.parley.plugins.sentiment;

import io.parley.engine.spi.plugin.PluginException;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;

/**
 * The trained classifier head, run by ONNX Runtime: takes {@link TurnContextFeatures} vectors,
 * returns probabilities per {@link Sentiment}. The head's own input order and label order come
 * from its {@link HeadDescriptor}, so a re-trained head with another feature order still loads.
 * Thread-safe ({@link SentimentClassifier}: an ONNX Runtime session may be run from several threads).
 */
public final class SentimentHead implements AutoCloseable {
    /** The head shipped in this jar, trained by {@code parley train sentiment}. */
    public static final String BUNDLED = "/io/parley/plugins/sentiment/sentiment-head.onnx";

    private final HeadDescriptor descriptor;
    private final SentimentClassifier classifier;
    private final int[] featureSource;
    /** The text-only stage that scores the turn's text without thanks (null for heads without one). */
    private final SentimentHead textStage;

    private SentimentHead(HeadDescriptor descriptor, byte[] model, SentimentHead textStage) {
        this.descriptor = descriptor;
        this.textStage = textStage;
        List<String> ours = TurnContextFeatures.names(descriptor.dimension());
        this.featureSource = new int[descriptor.features().size()];
        for (int i = 0; i < featureSource.length; i++) {
            featureSource[i] = ours.indexOf(descriptor.features().get(i));
            if (featureSource[i] < 0) {
                throw new PluginException("sentiment head " + descriptor.id() + " " + descriptor.version()
                        + " expects feature '" + descriptor.features().get(i) + "', which this version does not compute");
            }
        }
        this.classifier = new SentimentClassifier("sentiment head " + descriptor.id() + " " + descriptor.version(), "turns", model,
                descriptor.labels());
    }

    /** The head in this jar. */
    public static SentimentHead bundled() {
        try (InputStream model = SentimentHead.class.getResourceAsStream(BUNDLED);
             InputStream descriptor = SentimentHead.class.getResourceAsStream(descriptorName(BUNDLED))) {
            if (model == null || descriptor == null) {
                throw new PluginException("the bundled sentiment head " + BUNDLED + " is missing from the jar; "
                        + "train one with `parley train sentiment`");
            }
            HeadDescriptor read = HeadDescriptor.read(descriptor);
            SentimentHead textStage = read.textStage() == null ? null
                    : bundled(BUNDLED.substring(0, BUNDLED.lastIndexOf('/') + 1) + read.textStage());
            return new SentimentHead(read, model.readAllBytes(), textStage);
        } catch (IOException e) {
            throw new PluginException("cannot read the bundled sentiment head: " + e.getMessage(), e);
        }
    }

    private static SentimentHead bundled(String resource) throws IOException {
        try (InputStream model = SentimentHead.class.getResourceAsStream(resource);
             InputStream descriptor = SentimentHead.class.getResourceAsStream(descriptorName(resource))) {
            if (model == null || descriptor == null) {
                throw new PluginException("the bundled sentiment head's text stage " + resource + " is missing from the jar");
            }
            return new SentimentHead(HeadDescriptor.read(descriptor), model.readAllBytes(), null);
        }
    }

    /** A head from {@code model} (an .onnx file) and its descriptor (the same name ending in .json). */
    public static SentimentHead load(Path model) {
        Path descriptor = Path.of(descriptorName(model.toString()));
        try (InputStream in = Files.newInputStream(descriptor)) {
            HeadDescriptor read = HeadDescriptor.read(in);
            SentimentHead textStage = read.textStage() == null ? null : load(model.resolveSibling(read.textStage()));
            return new SentimentHead(read, Files.readAllBytes(model), textStage);
        } catch (NoSuchFileException e) {
            throw new PluginException("sentiment head file not found: " + e.getFile()
                    + " (a head is an .onnx file with its .json descriptor beside it)", e);
        } catch (IOException e) {
            throw new PluginException("cannot read sentiment head " + model + ": " + e.getMessage(), e);
        }
    }

    /** The descriptor beside a head's {@code .onnx} file: the same name ending in {@code .json}. */
    public static String descriptorName(String model) {
        return (model.endsWith(".onnx") ? model.substring(0, model.length() - ".onnx".length()) : model) + ".json";
    }

    public HeadDescriptor descriptor() {
        return descriptor;
    }

    /** The name of the model's input tensor (the features) and of its output (the probabilities), for the model registry. */
    String inputName() {
        return classifier.inputName();
    }

    String outputName() {
        return classifier.outputName();
    }

    /** P(negative) of the text stage for a feature vector whose {@code turn_e*} part is filled; none without a stage. */
    public TurnContextFeatures.ContentScore contentScore() {
        return textStage == null ? TurnContextFeatures.ContentScore.NONE
                : features -> textStage.probabilities(List.of(features))[0][Sentiment.NEGATIVE.ordinal()];
    }

    /**
     * Probabilities per {@link Sentiment} (by ordinal) for each row of {@code features}.
     *
     * @throws PluginException when the model fails or gives a non-finite probability
     */
    public double[][] probabilities(List<float[]> features) {
        if (features.isEmpty()) {
            return new double[0][];
        }
        float[][] batch = new float[features.size()][featureSource.length];
        for (int row = 0; row < batch.length; row++) {
            float[] ours = features.get(row);
            for (int i = 0; i < featureSource.length; i++) {
                batch[row][i] = ours[featureSource[i]];
            }
        }
        return classifier.probabilities(batch);
    }

    @Override
    public void close() {
        classifier.close();
        if (textStage != null) {
            textStage.close();
        }
    }
}
