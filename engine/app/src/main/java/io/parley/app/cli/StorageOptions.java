package io.parley.app.cli;

import io.parley.app.CliException;
import io.parley.engine.api.TenantId;
import io.parley.engine.spi.storage.Storage;
import io.parley.storage.mongo.DataDirectoryInUseException;
import io.parley.storage.mongo.StorageFactory;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.nio.file.Path;

/** Where results live: embedded MongoDB under {@code --data-dir}, or a real server by URI. */
final class StorageOptions {
    @Option(names = "--data-dir", defaultValue = "data", paramLabel = "DIR",
            description = "Directory for the embedded database (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--mongo-uri", defaultValue = "${env:PARLEY_MONGO_URI}", paramLabel = "URI",
            description = "A real MongoDB, e.g. mongodb://db1:27017/parley (default: $PARLEY_MONGO_URI; unset = embedded).")
    String mongoUri;

    @Option(names = "--tenant", defaultValue = "default", paramLabel = "TENANT",
            description = "Whose data to work on (default: ${DEFAULT-VALUE}, where data from before tenants existed is).")
    String tenant;

    /** The tenant named by {@code --tenant}; a malformed id is the user's to fix. */
    TenantId tenant() {
        try {
            return TenantId.of(tenant);
        } catch (IllegalArgumentException e) {
            throw new CliException("--tenant: " + e.getMessage(), 2);
        }
    }

    /** The command these options belong to, to say what it can do instead when the data directory is taken. */
    @Spec(Spec.Target.MIXEE)
    CommandSpec command;

    /** Opens storage; a busy data directory or a malformed URI is the user's to fix, not a crash. */
    Storage open() {
        try {
            return StorageFactory.open(dataDir, mongoUri);
        } catch (DataDirectoryInUseException e) {
            throw new CliException(inUse(command.qualifiedName(" "), e.dataDir()), 2);
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw new CliException(e.getMessage(), 2);
        }
    }

    /**
     * What to do when another process holds the data directory, most likely a server: a server
     * keeps its embedded database open until it stops, and answers over HTTP much of what a
     * command would have done.
     */
    private static String inUse(String commandName, Path dataDir) {
        StringBuilder message = new StringBuilder("the data directory ").append(dataDir.toAbsolutePath().normalize())
                .append(" is in use by another process (a running `parley serve` or `parley demo`?). Either\n")
                .append("  - stop that process, then run this command again,\n");
        String overHttp = overHttp(commandName);
        if (overHttp != null) {
            message.append("  - use the running server's HTTP API instead (with -H \"Authorization: Bearer $KEY\"), e.g. ")
                    .append(overHttp).append(",\n");
        }
        boolean serves = commandName.equals("parley serve") || commandName.equals("parley demo");
        return message.append(serves ? "  - or pass --data-dir DIR (and --port PORT) to start another server on another directory."
                : "  - or pass --data-dir DIR to use another directory.").toString();
    }

    /**
     * The request to a server on the default port that does what the command does, or null when
     * there is none; every one also needs the caller's API key ({@code -H "Authorization: Bearer $KEY"}).
     */
    private static String overHttp(String commandName) {
        return switch (commandName) {
            case "parley run" -> "curl -X POST 'localhost:8080/api/v1/dialogues/batch?ruleset=ID' -H 'Content-Type: application/x-ndjson' "
                    + "--data-binary @DIALOGUES.ndjson with rule set ID pushed and published first (docs/lifecycle.md)";
            case "parley rules push" -> "curl -X POST 'localhost:8080/api/v1/rulesets?file=FILE' --data-binary @FILE (docs/lifecycle.md)";
            case "parley rules publish" -> "curl -X POST localhost:8080/api/v1/rulesets/ID/versions/VERSION/publish (docs/lifecycle.md)";
            case "parley rules diff" -> "curl 'localhost:8080/api/v1/rulesets/ID/diff?from=V&to=W' (docs/lifecycle.md)";
            case "parley rules list" -> "curl localhost:8080/api/v1/rulesets (docs/lifecycle.md)";
            case "parley backtest" -> "curl -X POST 'localhost:8080/api/v1/rulesets/ID/backtest?version=V' with the rule file "
                    + "pushed as version V first (docs/lifecycle.md)";
            case "parley models list" -> "curl localhost:8080/api/v1/models (docs/models.md)";
            case "parley workflow deploy" -> "curl -X POST 'localhost:8080/api/v1/workflows?file=FILE.bpmn' "
                    + "-H 'Content-Type: application/xml' --data-binary @FILE.bpmn (docs/workflows.md)";
            default -> null;
        };
    }
}
