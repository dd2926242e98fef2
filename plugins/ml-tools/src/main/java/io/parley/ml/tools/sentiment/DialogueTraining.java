package io.parley.ml.tools.sentiment;

import io.parley.ml.EmbeddingCache;
import io.parley.ml.EmbeddingModels;
import io.parley.ml.tools.Sha256;
import io.parley.ml.tools.TribuoExport;
import io.parley.plugins.sentiment.BgeSmallZhEncoder;
import io.parley.plugins.sentiment.ContextTurn;
import io.parley.plugins.sentiment.DialogueFeatures;
import io.parley.plugins.sentiment.DialogueHead;
import io.parley.plugins.sentiment.DialogueHeadDescriptor;
import io.parley.plugins.sentiment.HeadDescriptor;
import io.parley.plugins.sentiment.Sentiment;
import io.parley.plugins.sentiment.SentimentHead;
import io.parley.plugins.sentiment.SentimentModel;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.ONNXExportable;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.linear.LinearSGDTrainer;
import org.tribuo.classification.sgd.objectives.LogMulticlass;
import org.tribuo.impl.ArrayExample;
import org.tribuo.math.optimisers.AdaGrad;
import org.tribuo.provenance.SimpleDataSourceProvenance;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.IntStream;

/**
 * Trains the dialogue-level satisfaction head ({@link DialogueHead}) on the training side of the
 * bundled turn head's own split: JDDC dialogues with their OVERALL label and STC-3 dialogues with
 * their annotators' mean S, each read as {@link DialogueFeatures} from the bundled (unchanged) turn
 * head's probabilities. Multinomial logistic regression (Tribuo {@link LinearSGDTrainer}, log loss,
 * AdaGrad, fixed seed), every source weighing the same and within it every class; exported to
 * ONNX, loaded back through ONNX Runtime and measured on the held-out dialogues of both sources
 * next to the fixed aggregation, the majority class and the keyword baseline.
 *
 * <pre>java -cp … io.parley.ml.tools.sentiment.DialogueTraining DATA_DIR OUTPUT_DIR [EMBEDDING_CACHE_DIR]</pre>
 */
public final class DialogueTraining {
    public static final String ID = "sentiment-zh-dialogue";
    static final String FILE = "sentiment-dialogue.onnx";
    static final int EPOCHS = 30;
    /** The version is this generation and the split seed. */
    static final int GENERATION = 1;

    private DialogueTraining() {
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 2) {
            System.err.println("usage: DialogueTraining DATA_DIR OUTPUT_DIR [EMBEDDING_CACHE_DIR]");
            System.exit(2);
        }
        EmbeddingCache cache = args.length > 2 ? EmbeddingCache.open(Path.of(args[2])) : EmbeddingCache.inMemory();
        try (EmbeddingModels models = new EmbeddingModels(cache, Runtime.getRuntime().availableProcessors());
             SentimentHead turnHead = SentimentHead.bundled()) {
            SentimentModel turnModel = new SentimentModel(new BgeSmallZhEncoder(models), turnHead, turnHead.descriptor().contextTurns());
            train(Path.of(args[0]), Path.of(args[1]), turnModel, System.out);
        }
    }

    /** Trains on the training side of the turn head's split, writes {@link #FILE} and its .json to {@code output}, prints metrics. */
    public static DialogueHeadDescriptor train(Path dataDir, Path output, SentimentModel turnModel, PrintStream out) throws IOException {
        long started = System.nanoTime();
        HeadDescriptor turnHead = turnModel.head().descriptor();
        HeldOutSplit split = HeldOutSplit.of(turnHead);
        Map<String, String> files = new LinkedHashMap<>();
        List<LabelledDialogue> dialogues = new ArrayList<>();
        files.put(SentimentCorpus.JDDC, Sha256.ofFile(dataDir.resolve(SentimentCorpus.JDDC)));
        dialogues.addAll(LabelledDialogue.jddc(dataDir.resolve(SentimentCorpus.JDDC)));
        files.put(SentimentCorpus.STC3, Sha256.ofFile(dataDir.resolve(SentimentCorpus.STC3)));
        dialogues.addAll(LabelledDialogue.stc3(dataDir.resolve(SentimentCorpus.STC3)));
        List<LabelledDialogue> train = dialogues.stream().filter(d -> !split.isHeldOut(d.key())).toList();
        List<LabelledDialogue> heldOut = dialogues.stream().filter(d -> split.isHeldOut(d.key())).toList();
        out.println("split: the turn head's (" + turnHead.id() + " " + turnHead.version() + "): " + split.describe());
        for (String source : List.of("jddc", "stc3")) {
            out.printf(Locale.ROOT, "  %-5s train %5d dialogues %s, held out %4d %s%n", source,
                    train.stream().filter(d -> d.source().equals(source)).count(), counts(train, source),
                    heldOut.stream().filter(d -> d.source().equals(source)).count(), counts(heldOut, source));
        }
        List<double[]> trainFeatures = features(train, turnModel);
        List<double[]> heldOutFeatures = features(heldOut, turnModel);
        out.printf(Locale.ROOT, "turn head run on %d dialogues in %.1f s%n", dialogues.size(), (System.nanoTime() - started) / 1e9);

        LabelFactory labels = new LabelFactory();
        MutableDataset<Label> dataset = new MutableDataset<>(new SimpleDataSourceProvenance("parley dialogue satisfaction " + dataDir, labels), labels);
        double[] weights = classWeights(train);
        String[] names = DialogueFeatures.NAMES.toArray(String[]::new);
        for (int i = 0; i < train.size(); i++) {
            Example<Label> example = new ArrayExample<>(new Label(train.get(i).overall().label()), names, trainFeatures.get(i));
            example.setWeight((float) weights[i]);
            dataset.add(example);
        }
        LinearSGDTrainer trainer = new LinearSGDTrainer(new LogMulticlass(), new AdaGrad(0.1, 1e-6), EPOCHS, Integer.MAX_VALUE, 1, split.seed());
        Model<Label> model = trainer.train(dataset);
        printWeights(model, out);

        Files.createDirectories(output);
        Path onnx = output.resolve(FILE);
        ((ONNXExportable) model).saveONNXModel("io.parley.sentiment.dialogue", 1, onnx);
        List<String> featureOrder = TribuoExport.featureOrder(model);
        List<String> labelOrder = TribuoExport.labelOrder(model);
        String version = GENERATION + "." + split.seed();
        String turnHeadName = turnHead.id() + " " + turnHead.version();
        Path json = Path.of(SentimentHead.descriptorName(onnx.toString()));
        // Written once unmeasured so the exported model can be loaded back through ONNX Runtime and measured.
        new DialogueHeadDescriptor(ID, version, turnHeadName, labelOrder, featureOrder, split.seed(), split.heldOutPercent(), files,
                Map.of(), DialogueHeadDescriptor.DECAYED_MAX_CHURN, turnHead.bands().churnAbove()).write(json);

        Map<String, Double> metrics = new LinkedHashMap<>();
        DialogueHeadDescriptor measured;
        try (DialogueHead head = DialogueHead.load(onnx)) {
            double[][] trainProbabilities = head.probabilities(trainFeatures);
            double[][] heldOutProbabilities = head.probabilities(heldOutFeatures);
            List<DialogueBandsCalibration.Scored> churnCalibration = IntStream.range(0, train.size())
                    .mapToObj(i -> new DialogueBandsCalibration.Scored(train.get(i).overall(), 0, trainProbabilities[i][Sentiment.NEGATIVE.ordinal()]))
                    .toList();
            double trainedChurnAbove = DialogueBandsCalibration.calibrate(churnCalibration).churnAbove();
            out.printf(Locale.ROOT, "trained churn (P(negative dialogue)) cut-off calibrated on %d training dialogues: above %.2f%n",
                    train.size(), trainedChurnAbove);
            boolean trainedChurnBetter = true;
            for (String source : List.of("jddc", "stc3")) {
                for (var side : List.of(Map.entry("train", train), Map.entry("heldout", heldOut))) {
                    List<LabelledDialogue> sideDialogues = side.getValue();
                    List<double[]> sideFeatures = side.getKey().equals("train") ? trainFeatures : heldOutFeatures;
                    double[][] sideProbabilities = side.getKey().equals("train") ? trainProbabilities : heldOutProbabilities;
                    int[] of = IntStream.range(0, sideDialogues.size()).filter(i -> sideDialogues.get(i).source().equals(source)).toArray();
                    DialogueEvaluation evaluation = DialogueEvaluation.measure(
                            IntStream.of(of).mapToObj(sideDialogues::get).toList(),
                            IntStream.of(of).mapToObj(sideFeatures::get).toList(),
                            IntStream.of(of).mapToObj(i -> sideProbabilities[i]).toArray(double[][]::new),
                            turnHead.bands(), trainedChurnAbove);
                    evaluation.print(out, "train.dialogue." + side.getKey() + "." + source);
                    if (side.getKey().equals("heldout")) {
                        metrics.putAll(evaluation.metrics(source));
                        trainedChurnBetter &= evaluation.trainedChurnF1() > evaluation.decayedMaxChurnF1();
                    }
                }
            }
            out.println("churn: " + (trainedChurnBetter ? "the trained P(negative dialogue) beats the decayed max on both held-out sets; it is used"
                    : "the trained P(negative dialogue) does not beat the decayed max on both held-out sets; the decayed max stays"));
            measured = new DialogueHeadDescriptor(ID, version, turnHeadName, labelOrder, featureOrder, split.seed(), split.heldOutPercent(),
                    files, metrics, trainedChurnBetter ? DialogueHeadDescriptor.TRAINED_CHURN : DialogueHeadDescriptor.DECAYED_MAX_CHURN,
                    trainedChurnBetter ? trainedChurnAbove : turnHead.bands().churnAbove());
        }
        measured.write(json);
        out.printf(Locale.ROOT, "wrote %s (%d bytes) and its .json in %.0f s%n", onnx, Files.size(onnx), (System.nanoTime() - started) / 1e9);
        return measured;
    }

    /** {@link DialogueFeatures} of each dialogue from the turn head's probabilities of its customer turns; on all cores. */
    static List<double[]> features(List<LabelledDialogue> dialogues, SentimentModel turnModel) {
        double[][] features = new double[dialogues.size()][];
        IntStream.range(0, features.length).parallel().forEach(i -> {
            List<ContextTurn> turns = dialogues.get(i).turns();
            features[i] = DialogueFeatures.of(turns, turnModel.customerTurns(turns));
        });
        return List.of(features);
    }

    /** Every source weighs the same in total, and within it each of its classes (so 25 unsatisfied JDDC dialogues are not drowned). */
    static double[] classWeights(List<LabelledDialogue> dialogues) {
        return SentimentTraining.classWeights(dialogues, LabelledDialogue::source, LabelledDialogue::overall);
    }

    private static String counts(List<LabelledDialogue> dialogues, String source) {
        return List.of(Sentiment.values()).stream()
                .map(s -> s.label() + " " + dialogues.stream().filter(d -> d.source().equals(source) && d.overall() == s).count())
                .toList().toString();
    }

    private static void printWeights(Model<Label> model, PrintStream out) {
        Map<String, List<com.oracle.labs.mlrg.olcut.util.Pair<String, Double>>> top = model.getTopFeatures(-1);
        out.println("learned weights (feature: " + String.join(" / ", top.keySet()) + "):");
        Map<String, StringBuilder> rows = new LinkedHashMap<>();
        top.forEach((label, pairs) -> pairs.forEach(pair -> rows.computeIfAbsent(pair.getA(), name -> new StringBuilder())
                .append(String.format(Locale.ROOT, " %+.2f", pair.getB()))));
        rows.forEach((name, row) -> out.println("  " + name + ":" + row));
    }
}
