package io.parley.app.cli;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.parley.app.CliException;
import io.parley.app.server.ParleyServer;
import io.parley.app.server.RuleSetLoader;
import io.parley.engine.spi.storage.Storage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

@Command(name = "run", mixinStandardHelpOptions = true,
        description = {"Evaluate a batch of dialogues (NDJSON, one per line) with a rule file; results are stored.",
                "The rule set is stored and published, as `demo` does, so that `parley serve` on the same data serves what ran."})
final class RunCommand implements Callable<Integer> {
    @Mixin
    StorageOptions storageOptions;

    @Option(names = "--rules", required = true, paramLabel = "FILE", description = "The rule set (.parley).")
    Path rules;

    @Option(names = "--input", required = true, paramLabel = "FILE", description = "Dialogues, NDJSON.")
    Path input;

    @Option(names = "--workers", defaultValue = "0", description = "Evaluation threads (default: one per core).")
    int workers;

    @Override
    public Integer call() throws IOException {
        if (!Files.isRegularFile(input)) {
            throw new CliException("input file not found: " + input, 2);
        }
        PrometheusMeterRegistry metrics = ParleyServer.newMetrics();
        RuleSetLoader loader = new RuleSetLoader(System.err, metrics);
        RuleSetLoader.Loaded ruleset = loader.compileFile(rules);
        long total;
        try (Stream<String> lines = Files.lines(input)) {
            total = lines.filter(line -> !line.isBlank()).count();
        }
        Storage storage = storageOptions.open();
        try (ParleyServer engine = new ParleyServer(storage, storageOptions.tenant(), ruleset.evaluator(), metrics);
             BufferedReader reader = Files.newBufferedReader(input)) {
            String published = loader.publishAndDescribe(ruleset, storage.tenant(storageOptions.tenant()));
            int threads = workers > 0 ? workers : Runtime.getRuntime().availableProcessors();
            BatchRun.Outcome outcome = new BatchRun(engine.ingestor(), System.err, threads)
                    .process(input.toString(), reader, new ProgressBar(System.err, total));
            System.out.printf("%s: %d evaluated, %d rejected, %d failed in %.1f s (%.0f dialogues/s) with %s; results in %s%n",
                    input, outcome.accepted(), outcome.rejected(), outcome.failed(), outcome.seconds(),
                    outcome.accepted() / Math.max(outcome.seconds(), 1e-9), ruleset.ref(), storage.describe());
            System.out.println(published);
            ResultSummary summary = new ResultSummary(ruleset.definition());
            storage.tenant(storageOptions.tenant()).results().forEach(ruleset.ref(), summary::add);
            summary.print(System.out, storage.tenant(storageOptions.tenant()).dialogues()::find);
            return outcome.rejected() + outcome.failed() > 0 ? 3 : 0;
        } catch (NoSuchFileException e) {
            throw new CliException("input file not found: " + input, 2);
        }
    }
}
