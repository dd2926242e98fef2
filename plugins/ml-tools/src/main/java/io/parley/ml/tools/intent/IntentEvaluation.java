package io.parley.ml.tools.intent;

import io.parley.ml.EmbeddingModelCard;
import io.parley.ml.EmbeddingModels;
import io.parley.ml.SentenceEmbedder;
import io.parley.ml.tools.ClassificationMetrics;
import io.parley.plugins.onnx.ExampleSet;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static io.parley.ml.tools.intent.IntentReportLines.metric;
import static io.parley.ml.tools.intent.IntentReportLines.row;

/**
 * {@code parley eval intent}: measures intent by examples — what the {@code intent} operator does
 * with K example phrases per intent — on a labelled {@code text,category} file, against a
 * majority-class and a keyword (TF-IDF nearest example) baseline. Without a separate training file
 * the data is split deterministically, stratified by category (a fixed share of each category's
 * rows, chosen with a seeded shuffle, is held out for testing), and the split is named in the
 * output. The K examples per intent come from the training part only.
 */
public final class IntentEvaluation {
    public static final long DEFAULT_SEED = 42;
    public static final double TEST_FRACTION = 0.2;
    /** The report's headline figures are those of the operators' way of scoring. */
    static final ExampleSet.Scoring OPERATOR_SCORING = ExampleSet.OPERATOR_SCORING;

    /**
     * @param train a separate training file, or null to split {@code data}
     * @param shots examples per intent taken from the training part, or null for all of them
     * @param model      a shipped model id or language, or null to choose by the training texts' language
     * @param outOfScope texts that belong to none of the intents (any category column), or null:
     *                   with them the report measures the "none of these" threshold
     */
    public record Options(Path data, Path train, Integer shots, long seed, String model, Path outOfScope) {
    }

    /** Training and test rows, and how they were made. */
    public record Split(String name, List<LabelledText> train, List<LabelledText> test) {
    }

    private IntentEvaluation() {
    }

    /**
     * The report: {@code eval.intent.<metric> = <number>} lines and {@code #} comment lines.
     *
     * @throws IOException when a file cannot be read as a text,category CSV
     * @throws IllegalArgumentException for an unknown model or a bad number of shots
     */
    public static List<String> run(Options options, EmbeddingModels models) throws IOException {
        Split split = options.train() == null
                ? stratifiedSplit(LabelledText.readCsv(options.data()), options.data().getFileName().toString(), options.seed())
                : new Split("train = " + options.train().getFileName() + ", test = " + options.data().getFileName(),
                LabelledText.readCsv(options.train()), LabelledText.readCsv(options.data()));
        if (options.shots() != null && options.shots() < 1) {
            throw new IllegalArgumentException("--shots must be at least 1, not " + options.shots());
        }
        List<LabelledText> examples = options.shots() == null ? split.train() : shots(split.train(), options.shots(), options.seed());
        EmbeddingModelCard card = options.model() == null
                ? EmbeddingModelCard.forTexts(examples.stream().map(LabelledText::text).toList())
                : EmbeddingModelCard.find(options.model()).orElseThrow(() -> new IllegalArgumentException(
                "unknown model '" + options.model() + "'; shipped: " + EmbeddingModelCard.shippedIds() + " (or zh, en)"));
        SentenceEmbedder embedder = models.embedder(card);

        float[][] exampleVectors = embedder.embed(examples.stream().map(LabelledText::text).toList());
        float[][] testVectors = embedder.embed(split.test().stream().map(LabelledText::text).toList());

        Map<String, ExampleSet> intents = exampleSets(examples, exampleVectors);
        List<String> gold = split.test().stream().map(LabelledText::category).toList();
        Map<ExampleSet.Scoring, Predictions> byScoring = new EnumMap<>(ExampleSet.Scoring.class);
        for (ExampleSet.Scoring scoring : ExampleSet.Scoring.values()) {
            byScoring.put(scoring, Predictions.of(intents, testVectors, scoring));
        }
        Predictions operator = byScoring.get(OPERATOR_SCORING);
        int covered = 0;
        int coveredCorrect = 0;
        for (int i = 0; i < testVectors.length; i++) {
            if (operator.best()[i] >= card.defaultThreshold()) {
                covered++;
                coveredCorrect += operator.categories().get(i).equals(gold.get(i)) ? 1 : 0;
            }
        }
        String majority = majority(split.train());
        KeywordNearestExample keyword = new KeywordNearestExample(examples);

        Map<ExampleSet.Scoring, ClassificationMetrics> scores = new EnumMap<>(ExampleSet.Scoring.class);
        byScoring.forEach((scoring, predictions) -> scores.put(scoring, ClassificationMetrics.of(gold, predictions.categories())));
        ClassificationMetrics operatorScores = scores.get(OPERATOR_SCORING);
        ClassificationMetrics majorityScores = ClassificationMetrics.of(gold, Collections.nCopies(gold.size(), majority));
        ClassificationMetrics keywordScores = ClassificationMetrics.of(gold,
                split.test().stream().map(row -> keyword.classify(row.text())).toList());

        List<String> lines = new ArrayList<>();
        lines.add("# eval intent: split " + split.name() + "; " + intents.size() + " intents, "
                + (options.shots() == null ? "all " + examples.size() + " training texts" : options.shots() + " examples per intent ("
                + examples.size() + " texts)") + " from the training part (" + split.train().size() + " rows), "
                + split.test().size() + " test texts; model " + card.ref() + "; seed " + options.seed());
        lines.add("# method             accuracy  macro-F1");
        scores.forEach((scoring, score) -> lines.add(row(scoring.label(), score) + (scoring == OPERATOR_SCORING ? "   <- the intent operator" : "")));
        lines.add(row("keyword TF-IDF", keywordScores) + "   baseline: nearest example by TF-IDF cosine");
        lines.add(row("majority class", majorityScores) + "   baseline: always '" + majority + "'");
        lines.add(metric("accuracy", operatorScores.accuracy()));
        lines.add(metric("macro_f1", operatorScores.macroF1()));
        scores.forEach((scoring, score) -> {
            if (scoring != OPERATOR_SCORING) {
                lines.add(metric(scoring.name().toLowerCase(Locale.ROOT) + ".accuracy", score.accuracy()));
                lines.add(metric(scoring.name().toLowerCase(Locale.ROOT) + ".macro_f1", score.macroF1()));
            }
        });
        lines.add(metric("baseline.keyword.accuracy", keywordScores.accuracy()));
        lines.add(metric("baseline.keyword.macro_f1", keywordScores.macroF1()));
        lines.add(metric("baseline.majority.accuracy", majorityScores.accuracy()));
        lines.add(metric("baseline.majority.macro_f1", majorityScores.macroF1()));
        lines.add(metric("threshold", card.defaultThreshold()));
        lines.add(metric("coverage_at_threshold", (double) covered / gold.size()));
        lines.add(metric("accuracy_when_covered", covered == 0 ? 0 : (double) coveredCorrect / covered));
        if (options.outOfScope() != null) {
            List<LabelledText> outOfScope = LabelledText.readCsv(options.outOfScope());
            float[][] oosVectors = embedder.embed(outOfScope.stream().map(LabelledText::text).toList());
            boolean[] inScopeRight = new boolean[testVectors.length];
            for (int i = 0; i < testVectors.length; i++) {
                inScopeRight[i] = operator.categories().get(i).equals(gold.get(i));
            }
            double[] oosBest = Predictions.of(intents, oosVectors, OPERATOR_SCORING).best();
            lines.addAll(NoneOfTheseThreshold.report(operator.best(), inScopeRight, oosBest, card.defaultThreshold(),
                    options.outOfScope().getFileName().toString()));
        }
        lines.addAll(IntentReportLines.confusions("the intent operator's method", operatorScores));
        return lines;
    }

    /** Each category's rows shuffled with the seed (categories in name order), the first share held out for testing. */
    public static Split stratifiedSplit(List<LabelledText> rows, String dataName, long seed) {
        return stratifiedSplit(rows, dataName, seed, TEST_FRACTION);
    }

    /** The same with another share held out. */
    public static Split stratifiedSplit(List<LabelledText> rows, String dataName, long seed, double testFraction) {
        Random random = new Random(seed);
        List<LabelledText> train = new ArrayList<>();
        List<LabelledText> test = new ArrayList<>();
        for (List<LabelledText> category : byCategory(rows).values()) {
            List<LabelledText> shuffled = new ArrayList<>(category);
            Collections.shuffle(shuffled, random);
            int held = category.size() < 2 ? 0 : Math.max(1, (int) Math.round(category.size() * testFraction));
            test.addAll(shuffled.subList(0, held));
            train.addAll(shuffled.subList(held, shuffled.size()));
        }
        String name = String.format(Locale.ROOT, "%s stratified by category: %.0f%% test, seed %d", dataName, testFraction * 100, seed);
        return new Split(name, train, test);
    }

    /** K rows per category (all when it has fewer), chosen with a seeded shuffle. */
    public static List<LabelledText> shots(List<LabelledText> train, int k, long seed) {
        Random random = new Random(seed);
        List<LabelledText> chosen = new ArrayList<>();
        for (List<LabelledText> category : byCategory(train).values()) {
            List<LabelledText> shuffled = new ArrayList<>(category);
            Collections.shuffle(shuffled, random);
            chosen.addAll(shuffled.subList(0, Math.min(k, shuffled.size())));
        }
        return chosen;
    }

    private static Map<String, List<LabelledText>> byCategory(List<LabelledText> rows) {
        return rows.stream().collect(Collectors.groupingBy(LabelledText::category, TreeMap::new, Collectors.toList()));
    }

    static Map<String, ExampleSet> exampleSets(List<LabelledText> examples, float[][] vectors) {
        Map<String, List<Integer>> indexes = new LinkedHashMap<>();
        for (int i = 0; i < examples.size(); i++) {
            indexes.computeIfAbsent(examples.get(i).category(), c -> new ArrayList<>()).add(i);
        }
        Map<String, ExampleSet> sets = new TreeMap<>();
        indexes.forEach((category, rows) -> sets.put(category, new ExampleSet(
                rows.stream().map(i -> examples.get(i).text()).toList(), rows.stream().map(i -> vectors[i]).toArray(float[][]::new))));
        return sets;
    }

    /** The best-scoring intent of each text and its score. */
    record Predictions(List<String> categories, double[] best) {
        static Predictions of(Map<String, ExampleSet> intents, float[][] vectors, ExampleSet.Scoring scoring) {
            List<String> categories = new ArrayList<>();
            double[] best = new double[vectors.length];
            for (int i = 0; i < vectors.length; i++) {
                String category = null;
                best[i] = Double.NEGATIVE_INFINITY;
                for (Map.Entry<String, ExampleSet> intent : intents.entrySet()) {
                    double score = intent.getValue().score(vectors[i], scoring);
                    if (score > best[i]) {
                        best[i] = score;
                        category = intent.getKey();
                    }
                }
                categories.add(category);
            }
            return new Predictions(categories, best);
        }
    }

    /** The most frequent category, the first by name on a tie. */
    static String majority(List<LabelledText> rows) {
        return byCategory(rows).entrySet().stream()
                .max(Comparator.comparingInt((Map.Entry<String, List<LabelledText>> e) -> e.getValue().size())
                        .thenComparing(Map.Entry::getKey, Comparator.reverseOrder()))
                .map(Map.Entry::getKey).orElseThrow();
    }
}
