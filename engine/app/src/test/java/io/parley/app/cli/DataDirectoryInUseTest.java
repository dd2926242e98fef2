package io.parley.app.cli;

import io.parley.engine.spi.storage.Storage;
import io.parley.storage.mongo.StorageFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** A command on the data directory of a running server says what to do instead, and does not crash. */
class DataDirectoryInUseTest {
    @TempDir
    Path dir;
    private Path dataDir;
    /** Holds the directory as a running server does. */
    private Storage running;

    @BeforeEach
    void holdTheDataDirectory() {
        dataDir = dir.resolve("data");
        running = StorageFactory.open(dataDir, null);
    }

    @AfterEach
    void release() {
        running.close();
    }

    @Test
    void rulesPushPointsAtTheServersRuleSetRoute() throws IOException {
        Path rules = Files.writeString(dir.resolve("mini.parley"), LifecycleRules.V1);

        assertRefusedWithAdvice(ConsoleCapture.run("rules", "push", rules.toString(), "--data-dir", dataDir.toString()),
                "curl -X POST 'localhost:8080/api/v1/rulesets?file=FILE' --data-binary @FILE",
                "  - or pass --data-dir DIR to use another directory.");
    }

    @Test
    void runPointsAtTheBatchRoute() throws IOException {
        Path rules = Files.writeString(dir.resolve("mini.parley"), LifecycleRules.V1);
        Path input = Files.writeString(dir.resolve("in.ndjson"), LifecycleRules.forbidden("d-1").replace('\n', ' ') + "\n");

        assertRefusedWithAdvice(ConsoleCapture.run("run", "--rules", rules.toString(), "--input", input.toString(),
                        "--data-dir", dataDir.toString()),
                "/api/v1/dialogues/batch?ruleset=ID", "with rule set ID pushed and published first");
    }

    @Test
    void modelsAndWorkflowDeployPointAtTheirRoutes() throws IOException {
        Path bpmn = Files.writeString(dir.resolve("qa.bpmn"), "<definitions/>");

        assertRefusedWithAdvice(ConsoleCapture.run("models", "list", "--data-dir", dataDir.toString()),
                "curl localhost:8080/api/v1/models");
        assertRefusedWithAdvice(ConsoleCapture.run("workflow", "deploy", bpmn.toString(), "--data-dir", dataDir.toString()),
                "'localhost:8080/api/v1/workflows?file=FILE.bpmn'", "Authorization: Bearer $KEY");
    }

    @Test
    void aSecondServerIsToldToUseAnotherDirectoryAndPort() {
        ConsoleCapture serve = ConsoleCapture.run("serve", "--data-dir", dataDir.toString(), "--port", "0");

        assertRefusedWithAdvice(serve, "  - or pass --data-dir DIR (and --port PORT) to start another server on another directory.");
        assertThat(serve.err()).doesNotContain("HTTP API");
    }

    private void assertRefusedWithAdvice(ConsoleCapture command, String... advice) {
        assertThat(command.exitCode()).as(command.err()).isEqualTo(2);
        assertThat(command.err())
                .startsWith("parley: the data directory " + dataDir.toAbsolutePath().normalize() + " is in use by another process "
                        + "(a running `parley serve` or `parley demo`?). Either\n  - stop that process, then run this command again,\n")
                .contains(advice)
                .doesNotContain("internal error");
    }
}
