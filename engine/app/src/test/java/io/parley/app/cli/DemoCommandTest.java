package io.parley.app.cli;

import io.parley.engine.spi.storage.Storage;
import io.parley.storage.mongo.StorageFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class DemoCommandTest {

    @Test
    void evaluatesTheExampleAndFindsItsResultsOnTheNextRun(@TempDir Path dataDir) {
        ConsoleCapture first = ConsoleCapture.run("demo", "--no-serve", "--data-dir", dataDir.toString());

        assertThat(first.exitCode()).as(first.err()).isZero();
        assertThat(first.out())
                .contains("evaluated 26 sample dialogues with ecommerce-presale@6")
                .contains("workflow  H2 file under")
                .contains("dialogues evaluated  26")
                .contains("score distribution")
                .contains("hits per rule")
                .contains("checkpoints (dialogues: passed / failed / not applicable)")
                .containsPattern("refund_without_order +退款未核实订单 +4 / 2 / 20")
                .contains("the 3 lowest-scoring dialogues")
                .contains("ec-004  score 0 (D)  vetoed by abusive_language")
                .contains("turn 4 agent: 烦不烦啊，【爱买不买】")
                .doesNotContain("from earlier runs");

        ConsoleCapture second = ConsoleCapture.run("demo", "--no-serve", "--data-dir", dataDir.toString());

        assertThat(second.exitCode()).as(second.err()).isZero();
        assertThat(second.out())
                .contains("found     26 dialogues and 26 results for ecommerce-presale@6 from earlier runs")
                .contains("dialogues evaluated  26");
    }

    @Test
    void aDataDirectoryInUseIsAClearErrorNotACrash(@TempDir Path dataDir) {
        try (Storage running = StorageFactory.open(dataDir, null)) {
            assertThat(running.ping()).as("another process holds the data directory").isTrue();
            ConsoleCapture demo = ConsoleCapture.run("demo", "--no-serve", "--data-dir", dataDir.toString());

            assertThat(demo.exitCode()).isEqualTo(2);
            assertThat(demo.err()).startsWith("parley: ").contains("in use").doesNotContain("internal error");
        }
    }
}
