package io.parley.app.cli;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.parley.app.server.ExampleTemplate;
import io.parley.app.server.ParleyServer;
import io.parley.app.server.ResultSinks;
import io.parley.app.server.RuleSetLoader;
import io.parley.app.server.WorkflowService;
import io.parley.engine.impl.plugin.PluginRegistry;
import io.parley.app.server.Bootstrap;
import io.parley.engine.spi.storage.Storage;
import io.parley.engine.spi.storage.TenantStorage;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.BufferedReader;
import java.io.StringReader;
import java.util.concurrent.Callable;

@Command(name = "demo", mixinStandardHelpOptions = true,
        description = {"Evaluate the example e-commerce template on its sample dialogues, print a summary and serve the API.",
                "Serves the HTTP API and console until Ctrl-C (--no-serve: exit after the summary). Results persist under --data-dir."})
final class DemoCommand implements Callable<Integer> {
    @Mixin
    StorageOptions storageOptions;

    @Mixin
    HttpOptions http;

    @Mixin
    SinkOptions sinkOptions;

    @Mixin
    WorkflowOptions workflowOptions;

    @Option(names = "--no-workflow", description = "Do not run scoring workflows (no review tasks, no workflow API).")
    boolean noWorkflow;

    @Option(names = "--no-serve", description = "Exit after the summary instead of serving the API.")
    boolean noServe;

    @Override
    public Integer call() {
        PrometheusMeterRegistry metrics = ParleyServer.newMetrics();
        RuleSetLoader loader = new RuleSetLoader(System.err, metrics);
        ExampleTemplate example = ExampleTemplate.ecommerce();
        Storage storage = storageOptions.open();
        ParleyServer server = null;
        List<String> signIn;
        try {
            System.out.printf("Parley demo%n  storage   %s%n  template  %s%n  tenant    %s%n", storage.describe(),
                    example.location(), Bootstrap.DEMO);
            Bootstrap.DemoAccess access = Bootstrap.demo(storage, storageOptions.dataDir);
            signIn = Bootstrap.describe(access, http.base(http.port == 0 ? 8080 : http.port));
            TenantStorage demo = storage.tenant(Bootstrap.DEMO);
            long earlierDialogues = demo.dialogues().count();
            RuleSetLoader.Loaded ruleset = loader.publish(
                    loader.compile(example.location(), example.ruleFileName(), example.ruleSource()), demo);
            long earlierResults = demo.results().count(ruleset.ref());
            if (earlierDialogues > 0) {
                System.out.printf("  found     %d dialogues and %d results for %s from earlier runs%n",
                        earlierDialogues, earlierResults, ruleset.ref());
            }
            // Every sample result starts the scoring workflow, so reviewers find tasks in their inbox.
            WorkflowService workflows = noWorkflow ? null
                    : new WorkflowService(workflowOptions.open(storageOptions.dataDir, storage, true), storage);
            if (workflows != null) {
                System.out.printf("  workflow  %s%n", workflowOptions.describe(storageOptions.dataDir));
            }
            server = new ParleyServer(storage, Bootstrap.DEMO, ruleset.evaluator(), metrics,
                    ResultSinks.open(sinkOptions.sinksFile, PluginRegistry.installed(), storage), workflows);
            BatchRun.Outcome outcome = new BatchRun(server.ingestor(), System.err, Runtime.getRuntime().availableProcessors())
                    .process(example.ruleFileName().replace("template.parley", "dialogues.ndjson"),
                            new BufferedReader(new StringReader(example.dialoguesNdjson())), new ProgressBar(System.err, 0, false));
            System.out.printf("  evaluated %d sample dialogues with %s in %.2f s%n", outcome.accepted(), ruleset.ref(), outcome.seconds());

            ResultSummary summary = new ResultSummary(ruleset.definition());
            demo.results().forEach(ruleset.ref(), summary::add);
            summary.print(System.out, demo.dialogues()::find);
            if (noServe) {
                server.close();
                System.out.printf("%nTo look around: ./parley demo (serves the console), then%n");
                signIn.forEach(line -> System.out.println("  " + line));
                return 0;
            }
        } catch (RuntimeException e) {
            if (server != null) {
                server.close();
            } else {
                storage.close();
            }
            throw e;
        }
        http.serveUntilInterrupted(server, signIn);
        return 0;
    }
}
