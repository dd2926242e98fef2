package io.parley.app.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

class TestCommandTest {
    private static final String RULES = """
            template "shop" version 1 language zh
            lexicon greeting  = ["您好", "亲"]
            lexicon forbidden = ["不知道"]
            rule no_greeting "未问候": not agent says any greeting within first 2 agent turns
            rule forbidden_phrase "禁用语" severity major: agent says any forbidden
            scorecard shop base 100:
              no_greeting -5
              forbidden_phrase -15
              grades A >= 90, B >= 0
            """;

    @Test
    void passingTestsArePassedAndExitZero(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("shop.parley"), RULES + """
                test "greets" {
                  dialogue {
                    customer: "在吗"
                    agent: "亲，您好" at "2026-11-11T10:00:03+08:00"
                  }
                  expect no hit no_greeting
                  expect score 100
                  expect grade A
                }
                test "brushes off" {
                  dialogue {
                    customer: "能便宜吗"
                    agent: "不知道"
                  }
                  expect hit forbidden_phrase on turn 2
                  expect hit no_greeting
                  expect score 80
                }
                """);

        ConsoleCapture run = ConsoleCapture.run("test", file.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).isEqualTo("PASS greets\nPASS brushes off\n2 passed, 0 failed\n");
    }

    @Test
    void aFailedExpectationIsReportedAtItsLineWithWhatWasFound(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("shop.parley"), RULES + """
                test "wrongly expects politeness" {
                  dialogue {
                    agent: "不知道"
                  }
                  expect no hit forbidden_phrase
                  expect hit no_greeting
                  expect hit forbidden_phrase on turn 1
                  expect grade A
                }
                """);

        ConsoleCapture run = ConsoleCapture.run("test", file.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        String found = "    found hits no_greeting, forbidden_phrase (turn 1); score 80, grade B\n";
        assertThat(run.out()).isEqualTo("FAIL wrongly expects politeness\n"
                + "  " + file + ":14:3: expect no hit forbidden_phrase\n" + found
                + "  " + file + ":17:3: expect grade A\n" + found
                + "0 passed, 1 failed\n");
    }

    @Test
    void stageExpectationsNameTheReasonAndFoundListsWhyEachStageFailed(@TempDir Path dir) throws IOException {
        Path file = Files.writeString(dir.resolve("sop.parley"), """
                template "sop" version 1 language zh
                stage greet: agent says "您好"
                stage offer: agent says "推荐"
                sop presale: greet -> offer
                test "offers first" {
                  dialogue {
                    agent: "推荐这款"
                    agent: "您好"
                  }
                  expect stage greet out of order
                  expect stage offer passed
                  expect stage greet missing
                }
                """);

        ConsoleCapture run = ConsoleCapture.run("test", file.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.out()).isEqualTo("FAIL offers first\n"
                + "  " + file + ":12:3: expect stage greet missing\n"
                + "    found hits greet (turn 2); checkpoints greet out of order, offer passed\n"
                + "0 passed, 1 failed\n");
    }

    @Test
    void aFileWithErrorsRunsNoTestsAndFails(@TempDir Path dir) throws IOException {
        Path broken = Files.writeString(dir.resolve("broken.parley"), RULES + """
                test "misspelt" {
                  dialogue {
                    agent: "您好"
                  }
                  expect hit no_greting
                }
                """);
        Path passing = Files.writeString(dir.resolve("ok.parley"), RULES + """
                test "greets" {
                  dialogue {
                    agent: "您好"
                  }
                  expect no hit no_greeting
                }
                """);

        ConsoleCapture run = ConsoleCapture.run("test", broken.toString(), passing.toString());

        assertThat(run.exitCode()).isEqualTo(1);
        assertThat(run.err())
                .contains(broken + ":14:14: error PRL0204: unknown rule 'no_greting' in test 'misspelt'")
                .contains("did you mean 'no_greeting'?")
                .contains(broken + ": has errors, its tests did not run");
        assertThat(run.out()).isEqualTo("PASS greets\n1 passed, 0 failed\n");
    }
}
