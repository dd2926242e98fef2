package io.parley.ml.tools.intent;

import io.parley.engine.spi.plugin.PluginException;
import io.parley.ml.EmbeddingModels;
import io.parley.ml.tools.Sha256;
import io.parley.plugins.onnx.IntentHead;
import io.parley.plugins.onnx.IntentHeadDescriptor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Trains a head on a 32-text fixture in seconds, exports it and runs the exported file in ONNX Runtime. */
class IntentHeadTrainingTest {
    static final Path FIXTURE = Path.of("src/test/resources/intent/bank-intents.csv");
    static final Path OUT_OF_SCOPE = Path.of("src/test/resources/intent/bank-out-of-scope.csv");

    /** The fixture head: 25% of each intent held out (2 of 8), 20 epochs, seed 42, calibrated on the out-of-scope fixture. */
    static IntentHeadDescriptor trainFixture(Path directory, PrintStream out) throws IOException {
        return IntentHeadTraining.train(new IntentHeadTraining.Options(FIXTURE, null, 25, 42, OUT_OF_SCOPE, "bank", directory,
                IntentHeadTraining.DEFAULT_EPOCHS, IntentHeadTraining.DEFAULT_LEARNING_RATE, null, "test fixture"), EmbeddingModels.shared(), out);
    }

    private static PrintStream quiet() {
        return new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8);
    }

    @Test
    void theExportedHeadRunsInOnnxRuntimeAndNamesTheIntentsOfNewTexts(@TempDir Path directory) throws IOException {
        ByteArrayOutputStream report = new ByteArrayOutputStream();
        IntentHeadDescriptor descriptor = trainFixture(directory, new PrintStream(report, true, StandardCharsets.UTF_8));

        assertThat(descriptor.id()).isEqualTo("bank");
        assertThat(descriptor.version()).matches("1-[0-9a-f]{8}");
        assertThat(descriptor.encoder()).isEqualTo("all-minilm-l6-v2-q@1.19.0-beta29");
        assertThat(descriptor.labels()).containsExactlyInAnyOrder("card_arrival", "exchange_rate", "lost_or_stolen_card", "top_up");
        assertThat(descriptor.features()).hasSize(384).startsWith("e0000", "e0001").endsWith("e0383");
        assertThat(descriptor.trainingFile()).isEqualTo("bank-intents.csv");
        assertThat(descriptor.trainingSha256()).isEqualTo(Sha256.ofFile(FIXTURE)).hasSize(64);
        assertThat(List.of(descriptor.trainingRows(), descriptor.heldOutPercent())).containsExactly(32, 25);
        assertThat(descriptor.splitSeed()).isEqualTo(42);
        assertThat(descriptor.measuredOn()).isEqualTo("bank-intents.csv stratified by category: 25% test, seed 42; "
                + "none of these calibrated with bank-out-of-scope.csv");
        // The 8 held-out texts, which the head never saw, all get their intent.
        assertThat(descriptor.metrics()).containsEntry("accuracy", 1.0).containsEntry("macro_f1", 1.0)
                .containsEntry("baseline.majority.accuracy", 0.25).containsEntry("oos.texts", 6.0);
        assertThat(descriptor.noneOfTheseThreshold()).isBetween(0.0, 1.0);
        assertThat(report.toString(StandardCharsets.UTF_8)).contains("train.intent.heldout.accuracy = 1.0000",
                "# split bank-intents.csv stratified by category: 25% test, seed 42: 24 training texts, 8 held-out texts");

        try (IntentHead head = IntentHead.load(directory.resolve("bank.onnx"))) {
            List<String> texts = List.of("my card has not arrived yet", "what rate do you give for dollars",
                    "somebody stole my card", "how can I add money");
            double[][] probabilities = head.probabilities(EmbeddingModels.shared().embedder(head.encoder()).embed(texts), texts);
            assertThat(Arrays.stream(probabilities).map(head::best).toList())
                    .containsExactly("card_arrival", "exchange_rate", "lost_or_stolen_card", "top_up");
            for (double[] row : probabilities) {
                assertThat(Arrays.stream(row).sum()).isBetween(0.9999, 1.0001);
            }
        }
    }

    @Test
    void theSameDataAndOptionsWriteTheSameBytes(@TempDir Path first, @TempDir Path second) throws IOException {
        trainFixture(first, quiet());
        trainFixture(second, quiet());
        assertThat(Sha256.ofFile(second.resolve("bank.onnx"))).isEqualTo(Sha256.ofFile(first.resolve("bank.onnx")));
        assertThat(Files.readString(second.resolve("bank.json"))).isEqualTo(Files.readString(first.resolve("bank.json")));
    }

    @Test
    void contradictoryOptionsAreRefused(@TempDir Path directory) {
        assertThatThrownBy(() -> IntentHeadTraining.train(new IntentHeadTraining.Options(FIXTURE, FIXTURE, 20, 42, null, "bank", directory,
                5, 0.1, null, null), EmbeddingModels.shared(), quiet()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("--held-out and --test exclude each other: with a test file nothing of the training file is held out");
        assertThatThrownBy(() -> IntentHeadTraining.train(new IntentHeadTraining.Options(FIXTURE, null, null, 42, null, "../bank", directory,
                5, 0.1, null, null), EmbeddingModels.shared(), quiet()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("--id must be lower-case letters");
    }

    @Test
    void aNaNInputFailsTheCallNamingTheText(@TempDir Path directory) throws IOException {
        trainFixture(directory, quiet());
        try (IntentHead head = IntentHead.load(directory.resolve("bank.onnx"))) {
            float[] vector = new float[384];
            vector[7] = Float.NaN;
            assertThatThrownBy(() -> head.probabilities(new float[][]{vector}, List.of("broken")))
                    .isInstanceOf(PluginException.class)
                    .hasMessage("intent head bank@" + head.descriptor().version() + " returned a probability that is not finite (NaN) for \"broken\"");
        }
    }
}
