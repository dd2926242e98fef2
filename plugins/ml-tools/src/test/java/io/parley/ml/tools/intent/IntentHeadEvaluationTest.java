package io.parley.ml.tools.intent;

import io.parley.ml.EmbeddingCache;
import io.parley.ml.EmbeddingModels;
import io.parley.ml.tools.Sha256;
import io.parley.engine.testing.SharedData;
import io.parley.plugins.onnx.IntentHead;
import io.parley.plugins.onnx.IntentHeadDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@code parley eval intent --head}: the head beside intent by examples and the baselines, on texts it did not train on. */
class IntentHeadEvaluationTest {
    private static final Path FIXTURE = IntentHeadTrainingTest.FIXTURE;

    private static Path trainFixture(Path directory, int heldOutPercent) throws IOException {
        IntentHeadTraining.train(new IntentHeadTraining.Options(FIXTURE, null, heldOutPercent, 42, null, "bank", directory,
                IntentHeadTraining.DEFAULT_EPOCHS, IntentHeadTraining.DEFAULT_LEARNING_RATE, null, null), EmbeddingModels.shared(),
                new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8));
        return directory.resolve("bank.onnx");
    }

    private static IntentEvaluation.Options options(Path data, Integer shots, long seed) {
        return new IntentEvaluation.Options(data, null, shots, seed, null, null);
    }

    @Test
    void theHeadIsMeasuredOnTheTextsItHeldOutBesideTheOtherMethods(@TempDir Path directory) throws IOException {
        Path head = trainFixture(directory, 20);
        List<String> lines = IntentHeadEvaluation.run(options(FIXTURE, 2, 42), head.toString(), EmbeddingModels.shared());

        assertThat(lines.getFirst()).startsWith("# eval intent: head bank@1-")
                .endsWith("trained on bank-intents.csv holding out 20% with seed 42); split bank-intents.csv stratified by category: "
                        + "20% test, seed 42; 8 test texts; model all-minilm-l6-v2-q@1.19.0-beta29");
        assertThat(lines).contains("# examples for intent by examples and the keyword baseline: 2 per intent (8 texts)",
                "eval.intent.accuracy = 1.0000", "eval.intent.macro_f1 = 1.0000",
                "eval.intent.baseline.majority.accuracy = 0.2500");
        assertThat(lines).filteredOn(line -> line.startsWith("eval.intent.examples.accuracy = ")).hasSize(1);
        assertThat(lines).filteredOn(line -> line.startsWith("eval.intent.baseline.keyword.accuracy = ")).hasSize(1);
    }

    @Test
    void aSplitThatWouldTestTheHeadOnItsTrainingTextsIsRefused(@TempDir Path directory) throws IOException {
        Path head = trainFixture(directory, 25);
        assertThatThrownBy(() -> IntentHeadEvaluation.run(options(FIXTURE, 2, 42), head.toString(), EmbeddingModels.shared()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith("was trained on bank-intents.csv holding out 25% with seed 42; the split with 20% and seed 42 "
                        + "would test it on texts it trained on (use --seed 42)");
        Path sameSplit = trainFixture(directory.resolve("twenty"), 20);
        assertThatThrownBy(() -> IntentHeadEvaluation.run(options(FIXTURE, 2, 7), sameSplit.toString(), EmbeddingModels.shared()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("the split with 20% and seed 7 would test it");
        assertThatThrownBy(() -> IntentHeadEvaluation.run(new IntentEvaluation.Options(FIXTURE, FIXTURE, 2, 42, null, null),
                sameSplit.toString(), EmbeddingModels.shared()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageEndingWith("was trained on bank-intents.csv (same SHA-256): testing on all of it would test it on texts it trained on");
    }

    /**
     * Real data: the shipped head on the split of BANKING77's train.csv it held out (stratified by
     * category, 20% of each intent's texts with seed 42: 1,998 texts), reproducing the figures
     * docs/models.md and its descriptor report. A few seconds.
     */
    @Test
    void theShippedBanking77HeadMeasuresWhatItsDescriptorSays() throws IOException {
        Path banking77 = SharedData.require(IntentEvaluationTest.BANKING77);
        IntentHeadDescriptor descriptor;
        try (IntentHead head = IntentHead.bundled("banking77")) {
            descriptor = head.descriptor();
        }
        assertThat(Sha256.ofFile(banking77)).isEqualTo(descriptor.trainingSha256());
        List<String> lines;
        // A fresh cache, as the head was measured: the quantised encoder's vectors depend slightly on the batch they were made in.
        try (EmbeddingModels fresh = new EmbeddingModels(EmbeddingCache.inMemory(), 2)) {
            lines = IntentHeadEvaluation.run(options(banking77, 10, 42), "banking77", fresh);
        }
        System.out.println(lines.stream().filter(line -> line.startsWith("eval.intent.accuracy = ")).findFirst().orElseThrow()
                .replace("eval.intent.accuracy", "intent.banking77.head.heldout.accuracy"));

        assertThat(lines).contains(
                String.format(Locale.ROOT, "eval.intent.accuracy = %.4f", descriptor.metrics().get("accuracy")),
                String.format(Locale.ROOT, "eval.intent.macro_f1 = %.4f", descriptor.metrics().get("macro_f1")),
                "eval.intent.examples.accuracy = 0.8438", "eval.intent.baseline.majority.accuracy = 0.0185");
        assertThat(descriptor.metrics().get("accuracy")).isGreaterThan(0.9);
    }
}
