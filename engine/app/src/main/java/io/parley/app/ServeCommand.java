package io.parley.app;

import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.parley.engine.impl.plugin.PluginRegistry;
import io.parley.engine.spi.storage.Storage;
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

    @Option(names = "--rules", paramLabel = "FILE",
            description = "Rule set to evaluate with (stored and published). Default: the published one in storage, else the bundled e-commerce example.")
    Path rules;

    @Override
    public Integer call() {
        PrometheusMeterRegistry metrics = ParleyServer.newMetrics();
        RuleSetLoader loader = new RuleSetLoader(System.err, metrics);
        Storage storage = storageOptions.open();
        ParleyServer server;
        try {
            RuleSetLoader.Loaded ruleset = loader.forServing(rules, storage);
            System.out.printf("Storage:  %s%nRule set: %s (%s)%n", storage.describe(), ruleset.ref(), ruleset.origin());
            server = new ParleyServer(storage, ruleset.evaluator(), metrics,
                    ResultSinks.open(sinkOptions.sinksFile, PluginRegistry.installed(), storage));
        } catch (RuntimeException e) {
            storage.close();
            throw e;
        }
        http.serveUntilInterrupted(server);
        return 0;
    }
}
