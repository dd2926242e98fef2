package io.parley.app.cli;

import io.parley.engine.impl.plugin.PluginRegistry;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.util.concurrent.Callable;

@Command(name = "plugins", mixinStandardHelpOptions = true,
        description = "List the installed plugins: kind, id, version, description and options.")
final class PluginsCommand implements Callable<Integer> {
    @Option(names = "--markdown", description = "Print the reference as Markdown (the generated part of docs/plugins.md).")
    boolean markdown;

    @Override
    public Integer call() {
        PluginReference reference = new PluginReference(PluginRegistry.installed().plugins());
        System.out.print(markdown ? reference.markdown() + "\n" : reference.text());
        return 0;
    }
}
