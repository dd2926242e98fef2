package io.parley.ml.tools.intent;

import io.parley.ml.EmbeddingCache;
import io.parley.ml.EmbeddingModelCard;
import io.parley.ml.EmbeddingModels;
import io.parley.ml.tools.ClassificationMetrics;
import io.parley.engine.testing.SharedData;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class IntentEvaluationTest {
    static final Path FIXTURE = Path.of("src/test/resources/intent/shop-intents.csv");
    /** BANKING77's training file, in the shared data folder (the tests that read it skip where it is absent). */
    static final String BANKING77 = "intent_banking77/train.csv";
    private static EmbeddingModels models;

    @BeforeAll
    static void load() {
        models = new EmbeddingModels(EmbeddingCache.inMemory(), 2);
    }

    @AfterAll
    static void close() {
        models.close();
    }

    @Test
    void theSplitIsStratifiedDeterministicAndNamed() throws IOException {
        List<LabelledText> rows = LabelledText.readCsv(FIXTURE);
        assertThat(rows).hasSize(48).first().isEqualTo(new LabelledText("我要退款", "refund"));
        IntentEvaluation.Split split = IntentEvaluation.stratifiedSplit(rows, "shop-intents.csv", 42);
        assertThat(split.name()).isEqualTo("shop-intents.csv stratified by category: 20% test, seed 42");
        // 8 rows per category: round(1.6) = 2 held out of each of the 6.
        assertThat(split.test()).hasSize(12);
        assertThat(split.test().stream().collect(Collectors.groupingBy(LabelledText::category, Collectors.counting())))
                .containsOnly(Map.entry("complaint", 2L), Map.entry("discount", 2L), Map.entry("product_question", 2L),
                        Map.entry("refund", 2L), Map.entry("return_goods", 2L), Map.entry("shipping", 2L));
        assertThat(split.train()).hasSize(36).doesNotContainAnyElementsOf(split.test());
        assertThat(IntentEvaluation.stratifiedSplit(rows, "shop-intents.csv", 42)).isEqualTo(split);
        assertThat(IntentEvaluation.stratifiedSplit(rows, "shop-intents.csv", 7).test()).isNotEqualTo(split.test());
        assertThat(IntentEvaluation.shots(split.train(), 3, 42)).hasSize(18);
    }

    @Test
    void scoresCountAccuracyMacroF1AndConfusions() {
        ClassificationMetrics scores = ClassificationMetrics.of(List.of("a", "a", "b", "c"), List.of("a", "b", "b", "b"));
        assertThat(scores.accuracy()).isEqualTo(0.5);
        // F1: a = 2·1/(2+1) = 0.667, b = 2·1/(1+3) = 0.5, c = 0
        assertThat(scores.macroF1()).isCloseTo((2.0 / 3 + 0.5 + 0) / 3, within(1e-12));
        assertThat(scores.confusions()).containsExactly(new ClassificationMetrics.Confusion("a", "b", 1),
                new ClassificationMetrics.Confusion("c", "b", 1));
    }

    @Test
    void theKeywordBaselinePicksTheNearestExampleByTfIdf() {
        KeywordNearestExample keyword = new KeywordNearestExample(List.of(
                new LabelledText("where is my card", "card_arrival"), new LabelledText("my transfer failed", "failed_transfer")));
        assertThat(keyword.classify("the transfer has failed again")).isEqualTo("failed_transfer");
        assertThat(keyword.classify("card still not here")).isEqualTo("card_arrival");
        assertThat(KeywordNearestExample.terms("退款了")).containsOnlyKeys("退", "款", "了", "退款", "款了");
    }

    @Test
    void reportsTheEmbeddingsAgainstBothBaselinesOnTheChineseFixture() throws IOException {
        List<String> lines = IntentEvaluation.run(new IntentEvaluation.Options(FIXTURE, null, 3, 42, null, null), models);
        assertThat(lines.getFirst()).isEqualTo("# eval intent: split shop-intents.csv stratified by category: 20% test, seed 42;"
                + " 6 intents, 3 examples per intent (18 texts) from the training part (36 rows), 12 test texts;"
                + " model bge-small-zh-v1.5-q@1.10.0-beta18; seed 42");
        Map<String, Double> metrics = metrics(lines);
        assertThat(metrics).containsKeys("eval.intent.accuracy", "eval.intent.macro_f1", "eval.intent.baseline.majority.accuracy",
                "eval.intent.baseline.keyword.accuracy", "eval.intent.coverage_at_threshold");
        // Six balanced categories: the majority class is right on 2 of 12.
        assertThat(metrics.get("eval.intent.baseline.majority.accuracy")).isEqualTo(0.1667);
        assertThat(metrics.get("eval.intent.accuracy")).isGreaterThan(metrics.get("eval.intent.baseline.keyword.accuracy"));
        assertThat(metrics.get("eval.intent.threshold")).isEqualTo(EmbeddingModelCard.BGE_SMALL_ZH.defaultThreshold());
        System.out.println(String.join("\n", lines));
    }

    @Test
    void aFileThatIsNotTextCategoryCsvIsRefusedNamingTheRow(@TempDir Path directory) throws IOException {
        Path bad = Files.writeString(directory.resolve("bad.csv"), "text,label\nhello,greeting\n");
        assertThatThrownBy(() -> LabelledText.readCsv(bad)).isInstanceOf(IOException.class)
                .hasMessage(bad + " row 2: needs non-empty 'text' and 'category' columns, found [text, label]");
    }

    /**
     * Real data: BANKING77's train.csv, split stratified by category (20% of each intent's texts
     * held out with seed 42, 1,998 test texts; the split is named in the report's first line); 5
     * examples per intent from the training side. A few seconds.
     */
    @Test
    void banking77WithFiveShotsBeatsBothBaselines() throws IOException {
        Path banking77 = SharedData.require(BANKING77);
        List<String> lines = IntentEvaluation.run(new IntentEvaluation.Options(banking77, null, 5, 42, null, null), models);
        Map<String, Double> metrics = metrics(lines);
        System.out.println(String.join("\n", lines));
        System.out.printf(Locale.ROOT, "intent.banking77.5shot.heldout.accuracy = %.4f%n", metrics.get("eval.intent.accuracy"));
        assertThat(lines.getFirst()).contains("train.csv stratified by category: 20% test, seed 42", "77 intents",
                "all-minilm-l6-v2-q@1.19.0-beta29");
        assertThat(metrics.get("eval.intent.accuracy")).isGreaterThan(metrics.get("eval.intent.baseline.keyword.accuracy") + 0.1);
        assertThat(metrics.get("eval.intent.baseline.majority.accuracy")).isLessThan(0.03);
    }

    static Map<String, Double> metrics(List<String> lines) {
        return lines.stream().filter(line -> line.startsWith("eval.") && !line.contains("throughput"))
                .collect(Collectors.toMap(line -> line.substring(0, line.indexOf(" = ")),
                        line -> Double.parseDouble(line.substring(line.indexOf(" = ") + 3))));
    }
}
