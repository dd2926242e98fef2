package io.parley.app.cli;

import io.parley.ml.EmbeddingModels;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code parley train intent} then {@code parley eval intent --head} on the 32-text fixture. */
class TrainIntentCommandTest {
    private static final Path FIXTURE = EvalIntentCommandTest.FIXTURE.resolve("bank-intents.csv");

    @BeforeAll
    static void cacheInMemory() {
        System.setProperty(EmbeddingModels.CACHE_DIR_PROPERTY, "none");
    }

    @Test
    void trainsAHeadAndMeasuresItOnTheTextsItHeldOut(@TempDir Path output) {
        ConsoleCapture train = ConsoleCapture.run("train", "intent", "--train", FIXTURE.toString(), "--id", "bank",
                "--output", output.toString());
        assertThat(train.exitCode()).as(train.err()).isZero();
        assertThat(train.out()).contains("# split bank-intents.csv stratified by category: 20% test, seed 42: 24 training texts, 8 held-out texts",
                "train.intent.heldout.accuracy = 1.0000");
        assertThat(output.resolve("bank.onnx")).isRegularFile();
        assertThat(output.resolve("bank.json")).isRegularFile();

        ConsoleCapture eval = ConsoleCapture.run("eval", "intent", "--data", FIXTURE.toString(), "--shots", "2",
                "--head", output.resolve("bank.onnx").toString());
        assertThat(eval.exitCode()).as(eval.err()).isZero();
        assertThat(eval.out()).contains("eval.intent.accuracy = 1.0000", "eval.intent.baseline.majority.accuracy = 0.2500");

        ConsoleCapture otherSplit = ConsoleCapture.run("eval", "intent", "--data", FIXTURE.toString(), "--seed", "7",
                "--head", output.resolve("bank.onnx").toString());
        assertThat(otherSplit.exitCode()).isEqualTo(2);
        assertThat(otherSplit.err()).contains("the split with 20% and seed 7 would test it on texts it trained on (use --seed 42)");
    }

    @Test
    void aMissingHeadIsNamed() {
        ConsoleCapture eval = ConsoleCapture.run("eval", "intent", "--data", FIXTURE.toString(), "--head", "nowhere.onnx");
        assertThat(eval.exitCode()).isEqualTo(2);
        assertThat(eval.err()).startsWith("parley: intent head descriptor not found: nowhere.json");
    }
}
