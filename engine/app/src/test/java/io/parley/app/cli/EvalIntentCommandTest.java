package io.parley.app.cli;

import io.parley.ml.EmbeddingModels;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class EvalIntentCommandTest {
    static final Path FIXTURE = Path.of("../../plugins/ml-tools/src/test/resources/intent");

    @BeforeAll
    static void cacheInMemory() {
        System.setProperty(EmbeddingModels.CACHE_DIR_PROPERTY, "none");
    }

    @Test
    void printsTheMetricsOfTheNamedSplitWithTheNoneOfTheseThreshold() {
        ConsoleCapture eval = ConsoleCapture.run("eval", "intent", "--data", FIXTURE.resolve("shop-intents.csv").toString(),
                "--shots", "3", "--oos", FIXTURE.resolve("shop-out-of-scope.csv").toString());
        assertThat(eval.exitCode()).as(eval.err()).isZero();
        assertThat(eval.out()).contains("split shop-intents.csv stratified by category: 20% test, seed 42",
                "eval.intent.accuracy = 0.8333", "eval.intent.baseline.keyword.accuracy = 0.4167",
                "eval.intent.baseline.majority.accuracy = 0.1667", "eval.intent.oos.best_threshold = 0.5500");
    }

    @Test
    void aMissingFileIsNamed() {
        ConsoleCapture eval = ConsoleCapture.run("eval", "intent", "--data", "nowhere.csv");
        assertThat(eval.exitCode()).isEqualTo(2);
        assertThat(eval.err()).isEqualTo("parley: no such file: nowhere.csv" + System.lineSeparator());
    }
}
