package io.parley.app.cli;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.parley.app.server.RuleSetLoader;
import io.parley.engine.api.Diagnostic;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

@Command(name = "check", mixinStandardHelpOptions = true,
        description = {"Check rule files: compile them and prepare their plugins (scripts must parse).",
                "Diagnostics, warnings included, go to stderr; the exit code is 1 when any file has an error."})
final class CheckCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Rule files (.parley).")
    List<Path> files;

    @Override
    public Integer call() {
        RuleSetLoader loader = new RuleSetLoader(System.err, new SimpleMeterRegistry());
        boolean failed = false;
        for (Path file : files) {
            Optional<RuleSetLoader.Checked> read = loader.checkFile(file);
            if (read.isEmpty()) {
                failed = true;
                continue;
            }
            RuleSetLoader.Checked checked = read.get();
            if (checked.hasErrors()) {
                failed = true;
                long errors = checked.diagnostics().stream().filter(d -> d.severity() == Diagnostic.Severity.ERROR).count();
                System.err.printf("%s: %d error%s%n", file, errors, errors == 1 ? "" : "s");
            } else {
                checked.evaluator().close();
                var definition = checked.definition();
                System.out.printf("%s: ok — %s, %d rules, %d lexicons, %d patterns, %d operators%s%n", file, definition.ref(),
                        definition.rules().size(), definition.lexicons().size(), definition.patterns().size(),
                        definition.operators().size(),
                        checked.diagnostics().isEmpty() ? "" : ", " + checked.diagnostics().size() + " warning(s)");
            }
        }
        return failed ? 1 : 0;
    }
}
