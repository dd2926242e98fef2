package io.parley.ml.tools.intent;

import io.parley.ml.EmbeddingModelCard;
import io.parley.ml.EmbeddingModels;
import io.parley.ml.SentenceEmbedder;
import io.parley.ml.tools.ClassificationMetrics;
import io.parley.ml.tools.Sha256;
import io.parley.ml.tools.TribuoExport;
import io.parley.plugins.onnx.IntentHead;
import io.parley.plugins.onnx.IntentHeadDescriptor;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.ONNXExportable;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.common.sgd.AbstractSGDTrainer;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * {@code parley train intent}: trains an intent head on labelled texts (BANKING77's
 * {@code text,category} CSV). Each text becomes its sentence vector from a shipped embedding model
 * (the pipeline the {@code intent} operator uses); a multinomial logistic regression (Tribuo's
 * {@link LinearSGDTrainer}: log loss, AdaGrad, a fixed seed) learns the intents from the training
 * side only; Tribuo exports it to ONNX, and the exported file — loaded back through ONNX Runtime,
 * as rules run it — is measured on the texts held out (the same stratified split as
 * {@code parley eval intent}, or a separate test file). With out-of-scope texts the "none of these"
 * probability is calibrated on them and the held-out texts. Deterministic: the same file and
 * options write the same bytes.
 */
public final class IntentHeadTraining {
    public static final int DEFAULT_EPOCHS = 20;
    public static final double DEFAULT_LEARNING_RATE = 0.3;
    public static final int DEFAULT_HELD_OUT_PERCENT = 20;

    /**
     * @param test           a separate file to measure on (then nothing of {@code train} is held out), or null
     * @param heldOutPercent share of each category of {@code train} held out, or null for
     *                       {@value #DEFAULT_HELD_OUT_PERCENT} (0 without {@code test}: train on all, measure nothing)
     * @param outOfScope     texts that belong to none of the intents, or null: to calibrate "none of these"
     * @param model          the embedding model, or null to choose by the texts' language
     * @param licence        the training data's licence, recorded in the descriptor
     */
    public record Options(Path train, Path test, Integer heldOutPercent, long seed, Path outOfScope, String id, Path output,
                          int epochs, double learningRate, EmbeddingModelCard model, String licence) {
    }

    private IntentHeadTraining() {
    }

    /**
     * Trains, writes {@code <id>.onnx} and {@code <id>.json} to {@code options.output()}, prints the
     * split and the held-out metrics.
     *
     * @throws IOException              when a file cannot be read or written
     * @throws IllegalArgumentException for contradictory options
     */
    public static IntentHeadDescriptor train(Options options, EmbeddingModels models, PrintStream out) throws IOException {
        long started = System.nanoTime();
        if (options.test() != null && options.heldOutPercent() != null && options.heldOutPercent() != 0) {
            throw new IllegalArgumentException("--held-out and --test exclude each other: with a test file nothing of the training file is held out");
        }
        int heldOutPercent = options.test() != null ? 0 : options.heldOutPercent() == null ? DEFAULT_HELD_OUT_PERCENT : options.heldOutPercent();
        if (heldOutPercent < 0 || heldOutPercent >= 100) {
            throw new IllegalArgumentException("--held-out must be 0 to 99 percent, not " + heldOutPercent);
        }
        if (options.id() == null || !options.id().matches("[a-z0-9][a-z0-9_-]*")) {
            throw new IllegalArgumentException("--id must be lower-case letters, digits, '_' or '-' (it names the head's files), not '" + options.id() + "'");
        }
        if (options.epochs() < 1 || !(options.learningRate() > 0)) {
            throw new IllegalArgumentException("--epochs must be at least 1 and --learning-rate above 0");
        }
        List<LabelledText> rows = LabelledText.readCsv(options.train());
        String trainName = options.train().getFileName().toString();
        IntentEvaluation.Split split;
        if (options.test() != null) {
            split = new IntentEvaluation.Split("train = all of " + trainName + ", test = " + options.test().getFileName(), rows,
                    LabelledText.readCsv(options.test()));
        } else if (heldOutPercent == 0) {
            split = new IntentEvaluation.Split("train = all of " + trainName + ", nothing held out", rows, List.of());
        } else {
            split = IntentEvaluation.stratifiedSplit(rows, trainName, options.seed(), heldOutPercent / 100.0);
        }
        EmbeddingModelCard card = options.model() != null ? options.model()
                : EmbeddingModelCard.forTexts(split.train().stream().map(LabelledText::text).toList());
        out.printf(Locale.ROOT, "# split %s: %d training texts, %d held-out texts; model %s%n", split.name(), split.train().size(),
                split.test().size(), card.ref());

        SentenceEmbedder embedder = models.embedder(card);
        long embedStarted = System.nanoTime();
        // The held-out texts first, in one call, as `parley eval intent --head` embeds them: the quantised encoders quantise
        // each batch as a whole, so a text's vector depends (in the last digits) on the batch it was embedded in.
        float[][] testVectors = embedder.embed(split.test().stream().map(LabelledText::text).toList());
        float[][] trainVectors = embedder.embed(split.train().stream().map(LabelledText::text).toList());
        out.printf(Locale.ROOT, "# embedded %d texts in %.1f s%n", trainVectors.length + testVectors.length,
                (System.nanoTime() - embedStarted) / 1e9);

        LabelFactory labels = new LabelFactory();
        MutableDataset<Label> dataset = new MutableDataset<>(new SimpleDataSourceProvenance("parley intent texts " + trainName, labels), labels);
        String[] names = new String[card.dimension()];
        for (int i = 0; i < names.length; i++) {
            names[i] = IntentHeadDescriptor.featureName(i);
        }
        for (int row = 0; row < trainVectors.length; row++) {
            double[] values = new double[names.length];
            for (int i = 0; i < values.length; i++) {
                values[i] = trainVectors[row][i];
            }
            dataset.add(new ArrayExample<>(new Label(split.train().get(row).category()), names, values));
        }
        Trainer<Label> trainer = new LinearSGDTrainer(new LogMulticlass(), new AdaGrad(options.learningRate(), 1e-6), options.epochs(),
                Integer.MAX_VALUE, 1, options.seed());
        long trainStarted = System.nanoTime();
        // Tribuo logs every label with its count at INFO when training starts: kept out of the report.
        Logger tribuoLog = Logger.getLogger(AbstractSGDTrainer.class.getName());
        Level level = tribuoLog.getLevel();
        tribuoLog.setLevel(Level.WARNING);
        Model<Label> model;
        try {
            model = trainer.train(dataset);
        } finally {
            tribuoLog.setLevel(level);
        }
        String trainerDescription = String.format(Locale.ROOT,
                "Tribuo 4.3.2 LinearSGDTrainer: multinomial logistic regression (log loss), AdaGrad learning rate %s, %d epochs, minibatch 1, seed %d",
                options.learningRate(), options.epochs(), options.seed());
        out.printf(Locale.ROOT, "# trained %s in %.1f s (%d texts, %d intents)%n", trainerDescription,
                (System.nanoTime() - trainStarted) / 1e9, dataset.size(), model.getOutputIDInfo().size());

        List<String> featureOrder = TribuoExport.featureOrder(model);
        List<String> labelOrder = TribuoExport.labelOrder(model);
        // Tribuo's provenance (in the metadata and the doc string) holds the training time: dropped, so the same training
        // writes the same bytes. The descriptor says how the head was trained.
        byte[] onnx = ((ONNXExportable) model).exportONNXModel("io.parley.intent." + options.id(), 1).toBuilder()
                .clearMetadataProps().clearDocString().build().toByteArray();
        String version = "1-" + HexFormat.of().formatHex(Sha256.of(onnx)).substring(0, 8);

        Files.createDirectories(options.output());
        Path onnxFile = options.output().resolve(options.id() + ".onnx");
        Path json = IntentHead.descriptorFile(onnxFile);
        Files.write(onnxFile, onnx);
        IntentHeadDescriptor descriptor = new IntentHeadDescriptor(options.id(), version, card.ref(), card.dimension(), labelOrder,
                featureOrder, trainName, Sha256.ofFile(options.train()), rows.size(), heldOutPercent, options.seed(), trainerDescription,
                null, null, Map.of(), options.licence());
        descriptor.write(json);

        Double threshold = null;
        Map<String, Double> metrics = new LinkedHashMap<>();
        if (!split.test().isEmpty()) {
            try (IntentHead head = IntentHead.load(onnxFile)) {
                List<String> testTexts = split.test().stream().map(LabelledText::text).toList();
                double[][] probabilities = head.probabilities(testVectors, testTexts);
                List<String> gold = split.test().stream().map(LabelledText::category).toList();
                List<String> predicted = new ArrayList<>();
                double[] best = new double[probabilities.length];
                boolean[] right = new boolean[probabilities.length];
                for (int i = 0; i < probabilities.length; i++) {
                    predicted.add(head.best(probabilities[i]));
                    best[i] = max(probabilities[i]);
                    right[i] = predicted.get(i).equals(gold.get(i));
                }
                ClassificationMetrics scores = ClassificationMetrics.of(gold, predicted);
                ClassificationMetrics majority = ClassificationMetrics.of(gold,
                        Collections.nCopies(gold.size(), IntentEvaluation.majority(split.train())));
                metrics.put("accuracy", ClassificationMetrics.rounded(scores.accuracy()));
                metrics.put("macro_f1", ClassificationMetrics.rounded(scores.macroF1()));
                metrics.put("baseline.majority.accuracy", ClassificationMetrics.rounded(majority.accuracy()));
                metrics.put("baseline.majority.macro_f1", ClassificationMetrics.rounded(majority.macroF1()));
                if (options.outOfScope() != null) {
                    List<LabelledText> outOfScope = LabelledText.readCsv(options.outOfScope());
                    List<String> oosTexts = outOfScope.stream().map(LabelledText::text).toList();
                    double[][] oosProbabilities = head.probabilities(embedder.embed(oosTexts), oosTexts);
                    double[] oosBest = new double[oosProbabilities.length];
                    for (int i = 0; i < oosBest.length; i++) {
                        oosBest[i] = max(oosProbabilities[i]);
                    }
                    threshold = NoneOfTheseThreshold.calibrate(best, right, oosBest);
                    metrics.put("oos.accuracy_at_threshold", ClassificationMetrics.rounded(NoneOfTheseThreshold.accuracy(best, right, oosBest, threshold)));
                    metrics.put("oos.rejected_at_threshold", ClassificationMetrics.rounded(NoneOfTheseThreshold.rejected(oosBest, threshold)));
                    metrics.put("oos.texts", (double) oosBest.length);
                }
            }
            descriptor = descriptor.withMeasurements(threshold, split.name()
                    + (options.outOfScope() == null ? "" : "; none of these calibrated with " + options.outOfScope().getFileName()), metrics);
            descriptor.write(json);
        }
        metrics.forEach((name, value) -> out.printf(Locale.ROOT, "train.intent.heldout.%s = %.4f%n", name, value));
        if (threshold != null) {
            out.printf(Locale.ROOT, "train.intent.none_of_these_threshold = %.2f%n", threshold);
        }
        out.printf(Locale.ROOT, "# wrote %s (%d bytes) and %s: head %s, in %.0f s%n", onnxFile, onnx.length, json.getFileName(),
                descriptor.ref(), (System.nanoTime() - started) / 1e9);
        return descriptor;
    }

    private static double max(double[] row) {
        double max = Double.NEGATIVE_INFINITY;
        for (double value : row) {
            max = Math.max(max, value);
        }
        return max;
    }
}
