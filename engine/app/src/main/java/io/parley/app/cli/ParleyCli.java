package io.parley.app.cli;

import io.parley.app.CliException;
import io.parley.app.bench.BenchCommand;
import picocli.CommandLine.Command;
import picocli.CommandLine;

/** The {@code parley} command: one entry point for the demo, the server, batch runs and rule checks. */
@Command(name = "parley",
        mixinStandardHelpOptions = true,
        versionProvider = ParleyCli.Version.class,
        description = "Conversation quality inspection: rules and ML over customer-service dialogues.",
        subcommands = {DemoCommand.class, ServeCommand.class, RunCommand.class, ImportCommand.class, CheckCommand.class,
                TestCommand.class, BenchCommand.class, PluginsCommand.class, RulesCommand.class, BacktestCommand.class,
                WorkflowCommand.class, EvalCommand.class, TrainCommand.class, ModelsCommand.class, AccessCommands.Tenants.class,
                AccessCommands.Keys.class, AccessCommands.Users.class, CommandLine.HelpCommand.class})
public final class ParleyCli {

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    static CommandLine commandLine() {
        return new CommandLine(new ParleyCli())
                .setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler((exception, commandLine, parseResult) -> {
                    if (exception instanceof CliException cli) {
                        commandLine.getErr().println("parley: " + cli.getMessage());
                        return cli.exitCode();
                    }
                    commandLine.getErr().println("parley: internal error, please report it with this trace:");
                    exception.printStackTrace(commandLine.getErr());
                    return 70;
                });
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = ParleyCli.class.getPackage().getImplementationVersion();
            return new String[]{"parley " + (version == null ? "development build" : version)};
        }
    }
}
