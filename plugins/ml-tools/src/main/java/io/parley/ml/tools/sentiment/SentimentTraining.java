package io.parley.ml.tools.sentiment;

import io.parley.ml.tools.ClassificationMetrics;
import io.parley.ml.tools.TribuoExport;
import io.parley.plugins.sentiment.DialogueBands;
import io.parley.plugins.sentiment.DialogueSatisfaction;
import io.parley.plugins.sentiment.HeadDescriptor;
import io.parley.plugins.sentiment.SentenceEncoder;
import io.parley.plugins.sentiment.Sentiment;
import io.parley.plugins.sentiment.SentimentHead;
import io.parley.plugins.sentiment.SentimentModel;
import io.parley.plugins.sentiment.TurnContextFeatures;
import org.tribuo.Example;
import org.tribuo.Model;
import org.tribuo.MutableDataset;
import org.tribuo.ONNXExportable;
import org.tribuo.Trainer;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.sgd.fm.FMClassificationTrainer;
import org.tribuo.classification.sgd.linear.LinearSGDModel;
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
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * Trains the sentiment head: context features of every training example, a multinomial logistic
 * regression (Tribuo's {@link LinearSGDTrainer}, log loss, AdaGrad, fixed seed) weighted so each
 * class counts the same, exported to ONNX with Tribuo's exporter, then loaded back through ONNX
 * Runtime and measured on the held-out dialogues of every source against the majority-class and
 * keyword baselines. Deterministic for a given data folder and options.
 */
public final class SentimentTraining {
    public static final String HEAD_ID = "sentiment-zh-context";
    static final String TEXT_STAGE_ID = "sentiment-zh-text";
    /** The head's version is this generation and the split seed: 2 = text stage, weak supervision and calibrated bands. */
    static final int GENERATION = 2;
    static final String TEXT_STAGE_FILE = "sentiment-text.onnx";
    /** Timed dialogues generated per labelling function (docs/models-sentiment.md, "Timed dialogues"). */
    static final int TIMED_PER_SCENARIO = 1000;
    /** Thanks-preserving rewrites of real complaints, and as many of real praise (docs/models-sentiment.md, "Weak supervision"). */
    static final int POLITE_PER_LABEL = 1000;
    /**
     * Computed but kept from the head. Only the generated timed dialogues have times, so the head
     * would learn {@code has_times} as "a generated dialogue" (whose labels are never neutral: every
     * live, timed turn would be pushed away from neutral), and plain {@code wait} as a verdict on
     * turns no labelling function speaks about. The wait reaches the head only as {@code thanks_x_wait}.
     */
    static final Set<String> NOT_GIVEN_TO_HEAD = Set.of("x_has_times", "x_wait");

    public record Options(Path dataDir, Path output, HeldOutSplit split, int contextTurns, int epochs,
                          SentimentCorpus.Options corpus, Head head) {
    }

    /**
     * The kind of head: a multinomial logistic regression, or a factorization machine, which also
     * learns pairwise interactions between features (thanks × what else the turn says, × context).
     */
    public enum Head {
        LINEAR, FM;

        Trainer<Label> trainer(int epochs, long seed) {
            return switch (this) {
                case LINEAR -> new LinearSGDTrainer(new LogMulticlass(), new AdaGrad(0.05, 1e-6), epochs, Integer.MAX_VALUE, 1, seed);
                case FM -> new FMClassificationTrainer(new LogMulticlass(), new AdaGrad(0.05, 1e-6), epochs, Integer.MAX_VALUE, 1,
                        seed, FM_FACTORS, 0.1);
            };
        }
    }

    static final int FM_FACTORS = 8;
    /** Texts embedded between two progress lines. */
    private static final int PROGRESS_EVERY = 5000;

    private SentimentTraining() {
    }

    /**
     * Trains, writes {@code sentiment-head.onnx} and {@code .json} to {@code options.output()}, prints split and metrics.
     *
     * @param encoder the encoder the heads will run with ({@link io.parley.plugins.sentiment.BgeSmallZhEncoder}); its cache
     *                keeps the ≈31k texts' vectors for the next run
     */
    public static HeadDescriptor train(Options options, SentenceEncoder encoder, PrintStream out) throws IOException {
        long started = System.nanoTime();
        SentimentCorpus corpus = SentimentCorpus.load(options.dataDir(), options.split(), options.corpus())
                .withWeakSupervision(options.split(), TIMED_PER_SCENARIO, POLITE_PER_LABEL);
        out.println("split: " + options.split().describe());
        printCounts(out, "train", corpus.train());
        printCounts(out, "held-out", corpus.heldOut());

        embedAll(encoder, corpus, out);

        TurnContextFeatures features = new TurnContextFeatures(encoder, options.contextTurns());
        List<LabelledTurn> train = corpus.train();
        String[] names = features.names().toArray(String[]::new);
        float[][] vectors = new float[train.size()][];
        IntStream.range(0, vectors.length).parallel()
                .forEach(i -> vectors[i] = features.turn(train.get(i).turns(), train.get(i).index()));
        double[] weights = classWeights(train);

        long textStarted = System.nanoTime();
        TextStage textStage = TextStage.crossFit(train, vectors, weights, encoder.dimension(), options.epochs(), options.split().seed());
        out.printf(Locale.ROOT, "text stage (P(negative) of the turn without thanks): %d texts, %d folds out-of-fold for the head's features, in %.1f s%n",
                textStage.texts(), TextStage.FOLDS, (System.nanoTime() - textStarted) / 1e9);
        int restNegative = features.names().indexOf("x_rest_negative");
        int thanksRestNegative = features.names().indexOf("x_thanks_x_rest_negative");
        int thanks = features.names().indexOf("x_thanks");
        for (int i = 0; i < vectors.length; i++) {
            vectors[i][restNegative] = (float) textStage.outOfFold()[i];
            vectors[i][thanksRestNegative] = vectors[i][thanks] * (float) textStage.outOfFold()[i];
        }
        printThanksSupport(train, vectors, thanks, restNegative, out);

        LabelFactory labels = new LabelFactory();
        MutableDataset<Label> dataset = new MutableDataset<>(
                new SimpleDataSourceProvenance("parley sentiment corpus " + options.dataDir(), labels), labels);
        int[] given = IntStream.range(0, names.length).filter(f -> !NOT_GIVEN_TO_HEAD.contains(names[f])).toArray();
        String[] headNames = IntStream.of(given).mapToObj(f -> names[f]).toArray(String[]::new);
        for (int i = 0; i < train.size(); i++) {
            double[] values = new double[given.length];
            for (int f = 0; f < values.length; f++) {
                values[f] = vectors[i][given[f]];
            }
            Example<Label> tribuoExample = new ArrayExample<>(new Label(train.get(i).label().label()), headNames, values);
            tribuoExample.setWeight((float) weights[i]);
            dataset.add(tribuoExample);
        }
        out.printf(Locale.ROOT, "features: %d per turn (%d-d embeddings of the turn without its thanks and of its last %d turns; %d context numbers; not given to the head: %s)%n",
                headNames.length, encoder.dimension(), options.contextTurns(), TurnContextFeatures.NUMERIC.size() - NOT_GIVEN_TO_HEAD.size(),
                NOT_GIVEN_TO_HEAD);

        Trainer<Label> trainer = options.head().trainer(options.epochs(), options.split().seed());
        long trainStarted = System.nanoTime();
        Model<Label> model = trainer.train(dataset);
        out.printf(Locale.ROOT, "trained %s in %.1f s (%d epochs, %d examples)%n", trainer.getClass().getSimpleName(),
                (System.nanoTime() - trainStarted) / 1e9, options.epochs(), dataset.size());

        printContextWeights(model, out);

        Files.createDirectories(options.output());
        String version = GENERATION + "." + options.split().seed();
        Path textOnnx = options.output().resolve(TEXT_STAGE_FILE);
        export(textStage.model(), textOnnx, new HeadDescriptor(TEXT_STAGE_ID, version, encoder.modelId(), encoder.dimension(), 0,
                List.of(), List.of(), options.split().seed(), options.split().heldOutPercent(), corpus.files(), Map.of(), null, null));
        Path onnx = options.output().resolve("sentiment-head.onnx");
        HeadDescriptor unmeasured = export(model, onnx, new HeadDescriptor(HEAD_ID, version, encoder.modelId(), encoder.dimension(),
                options.contextTurns(), List.of(), List.of(), options.split().seed(), options.split().heldOutPercent(),
                corpus.files(), Map.of(), TEXT_STAGE_FILE, null));
        Path json = Path.of(SentimentHead.descriptorName(onnx.toString()));

        Map<String, Double> metrics = new LinkedHashMap<>();
        DialogueBands bands;
        try (SentimentHead head = SentimentHead.load(onnx)) {
            SentimentModel onnxModel = new SentimentModel(encoder, head, options.contextTurns());
            for (String source : sources(corpus.heldOut())) {
                List<LabelledTurn> examples = corpus.heldOut().stream().filter(e -> e.source().equals(source)).toList();
                HeldOutReport report = HeldOutReport.measure(source, examples, LabelledTurn.probabilities(examples, onnxModel),
                        !source.equals("review") && !source.equals("tosarcasm") && !source.equals(PoliteComplaints.SOURCE));
                report.print(out, "train.heldout." + source);
                metrics.put(source + ".accuracy", ClassificationMetrics.rounded(report.model().accuracy()));
                metrics.put(source + ".macro_f1", ClassificationMetrics.rounded(report.model().macroF1()));
            }
            bands = calibrateBands(options, onnxModel, out);
        }
        HeadDescriptor measured = unmeasured.measured(metrics, bands);
        measured.write(json);
        out.printf(Locale.ROOT, "wrote %s (%d bytes), %s (%d bytes) and their .json in %.0f s%n", onnx, Files.size(onnx),
                textOnnx.getFileName(), Files.size(textOnnx), (System.nanoTime() - started) / 1e9);
        return measured;
    }

    /**
     * Calibrates the dialogue bands on the JDDC dialogues of the training side (their OVERALL labels;
     * the held-out ones are never looked at here) and prints what they give on both sides.
     */
    private static DialogueBands calibrateBands(Options options, SentimentModel model, PrintStream out) throws IOException {
        List<DialogueBandsCalibration.Scored> train = new ArrayList<>();
        List<DialogueBandsCalibration.Scored> heldOut = new ArrayList<>();
        for (JddcSatisfactionFile.JddcDialogue dialogue : JddcSatisfactionFile.read(options.dataDir().resolve(SentimentCorpus.JDDC))) {
            if (dialogue.overall() != null && !dialogue.turns().isEmpty()) {
                (options.split().isHeldOut(dialogue.key()) ? heldOut : train).add(scored(dialogue, model));
            }
        }
        DialogueBands bands = DialogueBandsCalibration.calibrate(train);
        out.printf(Locale.ROOT, "dialogue bands calibrated on %d training JDDC dialogues: negative below %.2f, positive above %.2f, churn above %.2f%n",
                train.size(), bands.negativeBelow(), bands.positiveAbove(), bands.churnAbove());
        for (var side : List.of(Map.entry("train", train), Map.entry("heldout", heldOut))) {
            for (var candidate : List.of(Map.entry("fixed", DialogueBands.FIXED), Map.entry("calibrated", bands))) {
                int[] gold = side.getValue().stream().mapToInt(d -> d.gold().ordinal()).toArray();
                int[] predicted = side.getValue().stream().mapToInt(d -> candidate.getValue().verdict(d.satisfaction()).ordinal()).toArray();
                ClassificationMetrics.of(HeldOutReport.THREE, gold, predicted)
                        .printMetrics(out, "train.dialogue." + side.getKey() + "." + candidate.getKey());
            }
        }
        return bands;
    }

    static DialogueBandsCalibration.Scored scored(JddcSatisfactionFile.JddcDialogue dialogue, SentimentModel model) {
        double[][] probabilities = LabelledTurn.probabilities(dialogue.turns(), model);
        List<SentimentModel.TurnSentiment> turns = new ArrayList<>();
        for (int i = 0; i < probabilities.length; i++) {
            turns.add(new SentimentModel.TurnSentiment(i, probabilities[i]));
        }
        DialogueSatisfaction verdict = DialogueSatisfaction.of(turns);
        return new DialogueBandsCalibration.Scored(dialogue.overall(), verdict.satisfaction(), verdict.churnRisk());
    }

    /** Exports {@code model} to {@code onnx} and writes its descriptor (features and labels in the model's order) beside it. */
    private static HeadDescriptor export(Model<Label> model, Path onnx, HeadDescriptor template) throws IOException {
        ((ONNXExportable) model).saveONNXModel("io.parley.sentiment", 1, onnx);
        HeadDescriptor descriptor = new HeadDescriptor(template.id(), template.version(), template.encoder(), template.dimension(),
                template.contextTurns(), TribuoExport.labelOrder(model), TribuoExport.featureOrder(model), template.splitSeed(), template.heldOutPercent(),
                template.trainingFiles(), template.metrics(), template.textStage(), template.dialogueBands());
        descriptor.write(Path.of(SentimentHead.descriptorName(onnx.toString())));
        return descriptor;
    }

    /**
     * Each corpus weighs the same, and within it each of its classes: otherwise the reviews swamp the
     * dialogues, and "neutral" (JDDC's commonest) swamps the turns that carry a verdict.
     */
    static double[] classWeights(List<LabelledTurn> examples) {
        return classWeights(examples, LabelledTurn::source, LabelledTurn::label);
    }

    /** Weights so each source weighs the same in total, and within it each of its classes. */
    static <T> double[] classWeights(List<T> examples, Function<T, String> source, Function<T, Sentiment> label) {
        Map<String, Integer> cells = new LinkedHashMap<>();
        Map<String, Set<Sentiment>> classesBySource = new LinkedHashMap<>();
        for (T example : examples) {
            cells.merge(source.apply(example) + "/" + label.apply(example), 1, Integer::sum);
            classesBySource.computeIfAbsent(source.apply(example), s -> new LinkedHashSet<>()).add(label.apply(example));
        }
        double[] weights = new double[examples.size()];
        for (int i = 0; i < weights.length; i++) {
            T example = examples.get(i);
            weights[i] = (double) examples.size() / (classesBySource.size()
                    * classesBySource.get(source.apply(example)).size() * cells.get(source.apply(example) + "/" + label.apply(example)));
        }
        return weights;
    }

    /**
     * What the data says about thanks with a negative remainder: per source and label, the training
     * turns that thank and say something besides, and how many of those the text stage scores
     * negative (out-of-fold P(negative) ≥ 0.5).
     */
    private static void printThanksSupport(List<LabelledTurn> train, float[][] vectors, int thanks, int restNegative, PrintStream out) {
        Map<String, int[]> counts = new java.util.TreeMap<>();
        for (int i = 0; i < train.size(); i++) {
            if (vectors[i][thanks] > 0 && !TurnContextFeatures.withoutThanks(train.get(i).turn().text()).isEmpty()) {
                int[] cell = counts.computeIfAbsent(train.get(i).source() + " " + train.get(i).label().label(), key -> new int[2]);
                cell[0]++;
                cell[1] += vectors[i][restNegative] >= 0.5 ? 1 : 0;
            }
        }
        out.println("training turns with thanks and more (source label: turns, of which the rest scores negative):");
        counts.forEach((key, cell) -> out.printf(Locale.ROOT, "  %-20s %5d  %5d%n", key, cell[0], cell[1]));
    }

    /** The learned weight of each context number per class: what the head made of them. */
    private static void printContextWeights(Model<Label> model, PrintStream out) {
        Map<String, List<com.oracle.labs.mlrg.olcut.util.Pair<String, Double>>> weights = model.getTopFeatures(-1);
        out.println("weights of the context numbers (per class" + (model instanceof LinearSGDModel ? "" : "; linear part only") + "):");
        for (String numeric : TurnContextFeatures.NUMERIC) {
            StringBuilder line = new StringBuilder(String.format(Locale.ROOT, "  %-20s", numeric));
            for (Sentiment sentiment : Sentiment.values()) {
                double weight = weights.getOrDefault(sentiment.label(), List.of()).stream()
                        .filter(pair -> pair.getA().equals("x_" + numeric)).mapToDouble(pair -> pair.getB()).findFirst().orElse(0);
                line.append(String.format(Locale.ROOT, "  %s %+.3f", sentiment.label(), weight));
            }
            out.println(line);
        }
    }


    private static Set<String> sources(List<LabelledTurn> examples) {
        Set<String> sources = new LinkedHashSet<>();
        examples.forEach(example -> sources.add(example.source()));
        return sources;
    }

    private static void printCounts(PrintStream out, String side, List<LabelledTurn> examples) {
        for (String source : sources(examples)) {
            Map<Sentiment, Integer> counts = new EnumMap<>(Sentiment.class);
            Set<String> dialogues = new LinkedHashSet<>();
            examples.stream().filter(e -> e.source().equals(source)).forEach(e -> {
                counts.merge(e.label(), 1, Integer::sum);
                dialogues.add(e.dialogueKey());
            });
            out.printf(Locale.ROOT, "  %-9s %-10s %6d examples from %5d dialogues  %s%n", side, source,
                    counts.values().stream().mapToInt(Integer::intValue).sum(), dialogues.size(), counts);
        }
    }

    /** Embeds every distinct text of the corpus (the encoder's pipeline runs them on all cores), with progress on {@code out}. */
    private static void embedAll(SentenceEncoder encoder, SentimentCorpus corpus, PrintStream out) {
        Set<String> texts = new LinkedHashSet<>();
        for (List<LabelledTurn> side : List.of(corpus.train(), corpus.heldOut())) {
            for (LabelledTurn example : side) {
                example.turns().forEach(turn -> texts.add(turn.text().strip()));
            }
        }
        List<String> distinct = List.copyOf(texts);
        out.printf(Locale.ROOT, "embedding %d distinct texts (those in the embedding cache are not embedded again)%n", distinct.size());
        long started = System.nanoTime();
        for (int from = 0; from < distinct.size(); from += PROGRESS_EVERY) {
            int to = Math.min(distinct.size(), from + PROGRESS_EVERY);
            encoder.encode(distinct.subList(from, to));
            out.printf(Locale.ROOT, "  %d / %d (%.0f texts/s)%n", to, distinct.size(), to / ((System.nanoTime() - started) / 1e9));
        }
        out.printf(Locale.ROOT, "embedded %d texts in %.1f s%n", distinct.size(), (System.nanoTime() - started) / 1e9);
    }
}
