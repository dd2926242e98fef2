package io.parley.app.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class BacktestCommandTest {
    @TempDir
    Path dir;

    @Test
    void comparesARuleFileWithThePublishedVersionOnStoredDialogues() throws IOException {
        Path v1 = Files.writeString(dir.resolve("mini.parley"), LifecycleRules.V1);
        Path v2 = Files.writeString(dir.resolve("mini-v2.parley"), LifecycleRules.V2);
        Path input = Files.writeString(dir.resolve("in.ndjson"), String.join("\n",
                LifecycleRules.forbidden("f-1").replace('\n', ' '),
                LifecycleRules.noWay("n-1").replace('\n', ' '),
                LifecycleRules.noWay("n-2").replace('\n', ' '),
                LifecycleRules.noGreeting("old-1", "2026-10-01T09:00:00+08:00").replace('\n', ' ')) + "\n");
        String data = dir.resolve("data").toString();
        assertThat(ConsoleCapture.run("rules", "push", v1.toString(), "--data-dir", data).exitCode()).isZero();
        assertThat(ConsoleCapture.run("rules", "publish", "mini", "1", "--data-dir", data).exitCode()).isZero();
        assertThat(ConsoleCapture.run("run", "--rules", v1.toString(), "--input", input.toString(), "--data-dir", data)
                .exitCode()).isZero();

        ConsoleCapture backtest = ConsoleCapture.run("backtest", "--rules", v2.toString(), "--data-dir", data);

        assertThat(backtest.exitCode()).as(backtest.err()).isZero();
        assertThat(backtest.out())
                .contains("Backtest of mini@2 (" + v2 + ") against mini@1")
                .contains("dialogues compared  4 in")
                .containsPattern("forbidden_phrase\\s+禁语\\s+1\\s+25\\.0%\\s+3\\s+75\\.0%\\s+\\+2")
                .containsPattern("no_greeting\\s+未问候\\s+1\\s+25\\.0%\\s+0\\s+0\\.0%\\s+-1")
                .contains("verdicts changed    4 of 4 dialogues")
                .contains("score shift         mean -16.25, min -30.0, max +5.0 (mean score 93.75 → 77.50)")
                .contains("f-1", "80 → 70", "n-1", "100 → 70  +forbidden_phrase", "old-1", "95 → 100  -no_greeting");

        ConsoleCapture recent = ConsoleCapture.run("backtest", "--rules", v2.toString(), "--since", "2026-11-01",
                "--data-dir", data);
        assertThat(recent.out()).contains("dialogues compared  3 (1 before --since left out)");
    }

    @Test
    void withoutAPublishedVersionOrWithABadDateItSaysWhatToDo() throws IOException {
        Path v2 = Files.writeString(dir.resolve("mini-v2.parley"), LifecycleRules.V2);
        String data = dir.resolve("data").toString();

        ConsoleCapture none = ConsoleCapture.run("backtest", "--rules", v2.toString(), "--data-dir", data);
        assertThat(none.exitCode()).isEqualTo(1);
        assertThat(none.err()).contains("rule set mini has no published version", "parley rules publish ID VERSION");

        ConsoleCapture badDate = ConsoleCapture.run("backtest", "--rules", v2.toString(), "--since", "last week",
                "--data-dir", data);
        assertThat(badDate.exitCode()).isEqualTo(1);
        assertThat(badDate.err()).contains("--since 'last week' is not a date");
    }
}
