package io.parley.app.cli;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.parley.app.server.ParleyServer;
import io.parley.app.server.ResultSinks;
import io.parley.app.server.RuleSetLoader;
import io.parley.app.server.WorkflowService;
import io.parley.engine.impl.plugin.PluginRegistry;
import io.parley.app.server.Bootstrap;
import io.parley.engine.api.TenantId;
import io.parley.engine.spi.storage.Storage;
import io.parley.engine.spi.storage.TenantStorage;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "Serve the HTTP API and console until Ctrl-C.")
final class ServeCommand implements Callable<Integer> {
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

    @Option(names = "--rules", paramLabel = "FILE",
            description = "Rule set to evaluate with (stored and published). Default: the published one in storage, else the bundled e-commerce example.")
    Path rules;

    @Override
    public Integer call() {
        PrometheusMeterRegistry metrics = ParleyServer.newMetrics();
        RuleSetLoader loader = new RuleSetLoader(System.err, metrics);
        Storage storage = storageOptions.open();
        TenantId tenant = storageOptions.tenant();
        ParleyServer server;
        try {
            Bootstrap.firstStart(storage, tenant, System.getenv(Bootstrap.ADMIN_KEY_ENV), System.out);
            TenantStorage tenantStorage = storage.tenant(tenant);
            RuleSetLoader.Loaded ruleset = loader.forServing(rules, tenantStorage);
            System.out.printf("Storage:  %s%nTenant:   %s%nRule set: %s (%s)%n", storage.describe(), tenant, ruleset.ref(),
                    ruleset.origin());
            ResultSinks sinks = ResultSinks.open(sinkOptions.sinksFile, PluginRegistry.installed(), storage);
            WorkflowService workflows = noWorkflow ? null
                    : new WorkflowService(workflowOptions.open(storageOptions.dataDir, storage, true), storage);
            if (workflows != null) {
                System.out.printf("Workflow: %s%n", workflowOptions.describe(storageOptions.dataDir));
            }
            server = new ParleyServer(storage, tenant, ruleset.evaluator(), metrics, sinks, workflows);
        } catch (RuntimeException e) {
            storage.close();
            throw e;
        }
        http.serveUntilInterrupted(server, List.of());
        return 0;
    }
}
