package io.parley.app.cli;

import io.parley.engine.api.TenantId;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.parley.app.server.RuleSetLoader;
import io.parley.engine.spi.storage.Storage;
import io.parley.storage.mongo.StorageFactory;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Warnings are shown in full where a rule file is written (check, test, rules push); commands that
 * use a rule set print how many there are, in one line.
 */
class RuleSetWarningsTest {
    /** One warning: "您好呀" is redundant next to "您好" (PRL0902). */
    private static final String RULES = """
            template "warned" version 1 language zh
            lexicon greeting = ["您好", "您好呀"]
            rule no_greeting "未问候" severity minor:
              not agent says any greeting
            """;

    @TempDir
    Path dir;
    private Path rules;
    private Path dataDir;
    private Path input;

    @BeforeEach
    void files() throws IOException {
        rules = Files.writeString(dir.resolve("warned.parley"), RULES);
        dataDir = dir.resolve("data");
        input = Files.writeString(dir.resolve("in.ndjson"), "{\"id\": \"w-1\", \"turns\": [{\"role\": \"agent\", \"text\": \"在的\"}]}\n");
    }

    @Test
    void checkTestAndPushShowTheWarningsInFull() {
        ConsoleCapture check = ConsoleCapture.run("check", rules.toString());
        ConsoleCapture test = ConsoleCapture.run("test", rules.toString());
        ConsoleCapture push = ConsoleCapture.run("rules", "push", rules.toString(), "--data-dir", dataDir.toString());

        for (ConsoleCapture shown : new ConsoleCapture[]{check, test, push}) {
            assertThat(shown.err()).contains("warned.parley:2:27: warning PRL0902: term \"您好呀\" contains the term \"您好\"",
                    "  remove \"您好呀\", or \"您好\" if it is too broad");
        }
        assertThat(check.out()).contains(", 1 warning(s)");
    }

    @Test
    void runAndBacktestPrintOneLineSayingWhereToSeeThem() {
        String note = rules + ": 1 warning (parley check " + rules + " shows it)\n";

        ConsoleCapture run = ConsoleCapture.run("run", "--rules", rules.toString(), "--input", input.toString(),
                "--data-dir", dataDir.toString());
        ConsoleCapture backtest = ConsoleCapture.run("backtest", "--rules", rules.toString(), "--data-dir", dataDir.toString());

        for (ConsoleCapture used : new ConsoleCapture[]{run, backtest}) {
            assertThat(used.exitCode()).as(used.err()).isZero();
            assertThat(used.err()).doesNotContain("PRL0902");
        }
        assertThat(run.err()).containsOnlyOnce(note);
        assertThat(backtest.err()).as("the candidate file and the published version it is compared with, once each")
                .containsOnlyOnce(note);
    }

    @Test
    void serveFromStorageCountsTheWarningsOfThePublishedVersion() {
        ConsoleCapture.run("run", "--rules", rules.toString(), "--input", input.toString(), "--data-dir", dataDir.toString());
        ByteArrayOutputStream printed = new ByteArrayOutputStream();
        RuleSetLoader loader = new RuleSetLoader(new PrintStream(printed, true, StandardCharsets.UTF_8), new SimpleMeterRegistry());

        try (Storage storage = StorageFactory.open(dataDir, null)) {
            loader.forServing(null, storage.tenant(TenantId.DEFAULT)).evaluator().close();
        }

        assertThat(printed.toString(StandardCharsets.UTF_8)).isEqualTo(rules + ": 1 warning (parley check " + rules + " shows it)\n");
    }
}
