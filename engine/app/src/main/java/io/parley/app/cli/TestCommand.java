package io.parley.app.cli;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.parley.app.server.RuleSetLoader;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "test", mixinStandardHelpOptions = true,
        description = {"Run the tests written in rule files (test \"…\" { … }) and print PASS or FAIL for each.",
                "Results go to stdout and diagnostics to stderr; the exit code is 1 when a test failed or a file has an error."})
final class TestCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Rule files (.parley).")
    List<Path> files;

    @Override
    public Integer call() {
        RuleSetLoader loader = new RuleSetLoader(System.err, new SimpleMeterRegistry());
        int passed = 0;
        int failed = 0;
        boolean fileFailed = false;
        for (Path file : files) {
            Optional<RuleSetLoader.Checked> read = loader.checkFile(file);
            if (read.isEmpty()) {
                fileFailed = true;
                continue;
            }
            RuleSetLoader.Checked checked = read.get();
            if (checked.hasErrors()) {
                System.err.println(file + ": has errors, its tests did not run");
                fileFailed = true;
                continue;
            }
            try (var evaluator = checked.evaluator()) {
                for (RuleFileTests.Outcome outcome : RuleFileTests.run(checked.definition().tests(), evaluator)) {
                    print(outcome);
                    if (outcome.passed()) {
                        passed++;
                    } else {
                        failed++;
                    }
                }
            }
        }
        System.out.printf("%d passed, %d failed%n", passed, failed);
        return failed > 0 || fileFailed ? 1 : 0;
    }

    private static void print(RuleFileTests.Outcome outcome) {
        System.out.println((outcome.passed() ? "PASS " : "FAIL ") + outcome.test().name());
        for (RuleFileTests.Failure failure : outcome.failures()) {
            System.out.println("  " + failure.origin() + ": " + failure.expected());
            System.out.println("    found " + failure.found());
        }
    }
}
