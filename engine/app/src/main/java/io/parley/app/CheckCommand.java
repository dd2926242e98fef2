package io.parley.app;

import io.parley.engine.api.Diagnostic;
import io.parley.engine.spi.RuleSetCompiler;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

@Command(name = "check", mixinStandardHelpOptions = true,
        description = "Check rule files: diagnostics on stderr, exit 1 when any file has an error.")
final class CheckCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Rule files (.parley).")
    List<Path> files;

    @Override
    public Integer call() {
        RuleSetLoader loader = new RuleSetLoader(System.err);
        boolean failed = false;
        for (Path file : files) {
            String source;
            try {
                source = Files.readString(file);
            } catch (IOException e) {
                System.err.println(file + ": cannot read: " + e.getMessage());
                failed = true;
                continue;
            }
            RuleSetCompiler.Compilation compilation = loader.check(file.toString(), source);
            System.err.print(compilation.render());
            if (compilation.hasErrors()) {
                failed = true;
                long errors = compilation.diagnostics().stream().filter(d -> d.severity() == Diagnostic.Severity.ERROR).count();
                System.err.printf("%s: %d error%s%n", file, errors, errors == 1 ? "" : "s");
            } else {
                var definition = compilation.definition();
                System.out.printf("%s: ok — %s, %d rules, %d lexicons, %d patterns%s%n", file, definition.ref(),
                        definition.rules().size(), definition.lexicons().size(), definition.patterns().size(),
                        compilation.diagnostics().isEmpty() ? "" : ", " + compilation.diagnostics().size() + " warning(s)");
            }
        }
        return failed ? 1 : 0;
    }
}
