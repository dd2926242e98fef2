package io.parley.ml.tools.intent;

import io.parley.ml.EmbeddingModelCard;
import io.parley.ml.EmbeddingModels;
import io.parley.ml.SentenceEmbedder;
import io.parley.ml.tools.ClassificationMetrics;
import io.parley.ml.tools.Sha256;
import io.parley.plugins.onnx.ExampleSet;
import io.parley.plugins.onnx.IntentHead;
import io.parley.plugins.onnx.IntentHeadDescriptor;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import static io.parley.ml.tools.intent.IntentReportLines.metric;
import static io.parley.ml.tools.intent.IntentReportLines.row;

/**
 * {@code parley eval intent --head FILE}: measures a trained intent head ({@link IntentHead}) on
 * texts it did not train on, beside intent by examples (the {@code intent} operator, given K
 * examples per intent from the training part), the keyword baseline and the majority class. Which
 * texts the head trained on is read from its descriptor: evaluated on its own training file, the
 * split must be the one it held out (same seed and share), else the run is refused; evaluated on
 * another file, all of that file is new to it.
 */
public final class IntentHeadEvaluation {

    private IntentHeadEvaluation() {
    }

    /**
     * The report: {@code eval.intent.<metric> = <number>} lines (the headline accuracy and macro-F1
     * are the head's) and {@code #} comment lines.
     *
     * @param options        as for {@link IntentEvaluation}; {@code model}, when given, must be the head's embedding model
     * @param headNameOrFile a shipped head's name ({@code banking77}) or a head's {@code .onnx} file
     * @throws IllegalArgumentException when the test texts would include texts the head trained on
     */
    public static List<String> run(IntentEvaluation.Options options, String headNameOrFile, EmbeddingModels models) throws IOException {
        try (IntentHead head = IntentHead.open(headNameOrFile, Path.of(headNameOrFile))) {
            IntentHeadDescriptor descriptor = head.descriptor();
            String dataSha = Sha256.ofFile(options.data());
            boolean dataIsHeadTraining = dataSha.equals(descriptor.trainingSha256());
            IntentEvaluation.Split split;
            if (options.train() == null) {
                if (dataIsHeadTraining && (descriptor.heldOutPercent() != Math.round(IntentEvaluation.TEST_FRACTION * 100)
                        || descriptor.splitSeed() != options.seed())) {
                    throw new IllegalArgumentException("head " + descriptor.ref() + " was trained on " + options.data().getFileName()
                            + " holding out " + descriptor.heldOutPercent() + "% with seed " + descriptor.splitSeed()
                            + "; the split with " + Math.round(IntentEvaluation.TEST_FRACTION * 100) + "% and seed " + options.seed()
                            + " would test it on texts it trained on" + (descriptor.heldOutPercent() == 0 ? "" : " (use --seed " + descriptor.splitSeed() + ")"));
                }
                split = IntentEvaluation.stratifiedSplit(LabelledText.readCsv(options.data()), options.data().getFileName().toString(), options.seed());
            } else {
                if (dataIsHeadTraining) {
                    throw new IllegalArgumentException("head " + descriptor.ref() + " was trained on " + options.data().getFileName()
                            + " (same SHA-256): testing on all of it would test it on texts it trained on");
                }
                split = new IntentEvaluation.Split("train = " + options.train().getFileName() + ", test = " + options.data().getFileName(),
                        LabelledText.readCsv(options.train()), LabelledText.readCsv(options.data()));
            }
            if (options.model() != null && EmbeddingModelCard.find(options.model()).filter(head.encoder()::equals).isEmpty()) {
                throw new IllegalArgumentException("head " + descriptor.ref() + " reads vectors of " + head.encoder().ref()
                        + "; --model " + options.model() + " does not fit it");
            }
            if (options.shots() != null && options.shots() < 1) {
                throw new IllegalArgumentException("--shots must be at least 1, not " + options.shots());
            }
            List<LabelledText> examples = options.shots() == null ? split.train()
                    : IntentEvaluation.shots(split.train(), options.shots(), options.seed());
            SentenceEmbedder embedder = models.embedder(head.encoder());
            List<String> testTexts = split.test().stream().map(LabelledText::text).toList();
            float[][] testVectors = embedder.embed(testTexts);
            float[][] exampleVectors = embedder.embed(examples.stream().map(LabelledText::text).toList());
            List<String> gold = split.test().stream().map(LabelledText::category).toList();

            long started = System.nanoTime();
            double[][] probabilities = head.probabilities(testVectors, testTexts);
            double microsPerText = (System.nanoTime() - started) / 1e3 / Math.max(1, testVectors.length);
            List<String> headPredicted = new ArrayList<>();
            double[] headBest = new double[probabilities.length];
            for (int i = 0; i < probabilities.length; i++) {
                headPredicted.add(head.best(probabilities[i]));
                headBest[i] = probabilities[i][descriptor.labels().indexOf(headPredicted.get(i))];
            }
            ClassificationMetrics headScores = ClassificationMetrics.of(gold, headPredicted);
            Map<String, ExampleSet> intents = IntentEvaluation.exampleSets(examples, exampleVectors);
            ClassificationMetrics exampleScores = ClassificationMetrics.of(gold,
                    IntentEvaluation.Predictions.of(intents, testVectors, ExampleSet.OPERATOR_SCORING).categories());
            KeywordNearestExample keyword = new KeywordNearestExample(examples);
            ClassificationMetrics keywordScores = ClassificationMetrics.of(gold, testTexts.stream().map(keyword::classify).toList());
            String majority = IntentEvaluation.majority(split.train());
            ClassificationMetrics majorityScores = ClassificationMetrics.of(gold, Collections.nCopies(gold.size(), majority));
            long unknown = gold.stream().filter(category -> !descriptor.labels().contains(category)).count();

            List<String> lines = new ArrayList<>();
            lines.add("# eval intent: head " + descriptor.ref() + " (" + headNameOrFile + ", trained on " + descriptor.trainingFile()
                    + (descriptor.heldOutPercent() > 0 ? " holding out " + descriptor.heldOutPercent() + "% with seed " + descriptor.splitSeed() : "")
                    + "); split " + split.name() + "; " + split.test().size() + " test texts" + (unknown > 0 ? " (" + unknown
                    + " with a category the head does not know)" : "") + "; model " + head.encoder().ref());
            lines.add("# examples for intent by examples and the keyword baseline: " + (options.shots() == null
                    ? "all " + examples.size() + " training texts" : options.shots() + " per intent (" + examples.size() + " texts)"));
            lines.add("# method             accuracy  macro-F1");
            lines.add(row("trained head", headScores) + "   <- " + descriptor.trainer());
            lines.add(row("intent by examples", exampleScores) + "   the intent operator (nearest+prototype)");
            lines.add(row("keyword TF-IDF", keywordScores) + "   baseline: nearest example by TF-IDF cosine");
            lines.add(row("majority class", majorityScores) + "   baseline: always '" + majority + "'");
            lines.add(metric("accuracy", headScores.accuracy()));
            lines.add(metric("macro_f1", headScores.macroF1()));
            lines.add(metric("examples.accuracy", exampleScores.accuracy()));
            lines.add(metric("examples.macro_f1", exampleScores.macroF1()));
            lines.add(metric("baseline.keyword.accuracy", keywordScores.accuracy()));
            lines.add(metric("baseline.keyword.macro_f1", keywordScores.macroF1()));
            lines.add(metric("baseline.majority.accuracy", majorityScores.accuracy()));
            lines.add(metric("baseline.majority.macro_f1", majorityScores.macroF1()));
            lines.add(String.format(Locale.ROOT, "# head inference: %.1f µs per text (%d vectors in one ONNX Runtime call; embedding not included)",
                    microsPerText, testVectors.length));
            if (options.outOfScope() != null) {
                double threshold = descriptor.noneOfTheseThreshold() == null ? 0.5 : descriptor.noneOfTheseThreshold();
                List<LabelledText> outOfScope = LabelledText.readCsv(options.outOfScope());
                List<String> oosTexts = outOfScope.stream().map(LabelledText::text).toList();
                double[][] oosProbabilities = head.probabilities(embedder.embed(oosTexts), oosTexts);
                double[] oosBest = new double[oosProbabilities.length];
                for (int i = 0; i < oosBest.length; i++) {
                    oosBest[i] = oosProbabilities[i][descriptor.labels().indexOf(head.best(oosProbabilities[i]))];
                }
                boolean[] right = new boolean[gold.size()];
                for (int i = 0; i < right.length; i++) {
                    right[i] = headPredicted.get(i).equals(gold.get(i));
                }
                lines.add(metric("threshold", threshold));
                lines.addAll(NoneOfTheseThreshold.report(headBest, right, oosBest, threshold, options.outOfScope().getFileName().toString()));
            }
            lines.addAll(IntentReportLines.confusions("the head", headScores));
            return lines;
        }
    }
}
