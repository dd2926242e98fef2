package io.parley.app.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class CheckCommandTest {

    @Test
    void aValidFileIsReportedOk(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("ok.parley"), """
                template "shop" version 2 language zh
                lexicon greeting = ["您好"]
                rule no_greeting "未问候":
                  not agent says any greeting
                """);

        ConsoleCapture check = ConsoleCapture.run("check", file.toString());

        assertThat(check.exitCode()).as(check.err()).isZero();
        assertThat(check.out()).contains("ok — shop@2, 1 rules");
    }

    @Test
    void errorsAreRenderedWithPositionAndExitOne(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("typo.parley"), """
                template "shop" version 2 language zh
                lexicon greeting = ["您好"]
                rule no_greeting "未问候":
                  not agent says any greting
                """);

        ConsoleCapture check = ConsoleCapture.run("check", file.toString());

        assertThat(check.exitCode()).isEqualTo(1);
        assertThat(check.err())
                .contains(file + ":4:22:")
                .contains("greting")
                .contains("  not agent says any greting")
                .contains("^^^^^^^")
                .contains("greeting");
    }

    @Test
    void aUseThePluginRefusesIsADiagnosticAtTheUse(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("plugin.parley"), """
                template "shop" version 2 language zh
                operator order_no = regex { regex: "(订单" }
                rule quotes_order "订单号":
                  agent turn matches order_no
                """);

        ConsoleCapture check = ConsoleCapture.run("check", file.toString());

        assertThat(check.exitCode()).isEqualTo(1);
        assertThat(check.err())
                .contains(file + ":2:21: error PRL0401: operator 'order_no': pattern 'order_no': Unclosed group")
                .contains("    operator order_no = regex { regex: \"(订单\" }\n" + " ".repeat(24) + "^\n")
                .contains(file + ": 1 error");
    }

    @Test
    void aMissingFileIsAClearError(@TempDir Path dir) {
        ConsoleCapture check = ConsoleCapture.run("check", dir.resolve("nope.parley").toString());

        assertThat(check.exitCode()).isEqualTo(1);
        assertThat(check.err()).contains("nope.parley: cannot read");
    }
}
