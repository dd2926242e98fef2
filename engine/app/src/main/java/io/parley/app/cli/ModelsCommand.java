package io.parley.app.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.parley.app.CliException;
import io.parley.engine.api.DisplayWidth;
import io.parley.engine.api.NameSuggestions;
import io.parley.engine.api.json.ParleyJson;
import io.parley.engine.api.model.ModelFile;
import io.parley.engine.api.model.RegisteredModel;
import io.parley.engine.spi.storage.Storage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

/**
 * {@code parley models list}: the model registry of the data directory (or {@code --mongo-uri}):
 * every model version a rule set has used, with its runner, labels, files and when it was first
 * registered (docs/models.md#model-registry).
 */
@Command(name = "models", mixinStandardHelpOptions = true,
        description = "The model registry: every model version rule sets have used.",
        subcommands = {ModelsCommand.ListModels.class})
final class ModelsCommand {

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = {"Every registered model version (or the versions of model ID): runner, labels, files, registration.",
                    "Models register themselves when a rule set that uses them is prepared (serve, run, import, rules push)."})
    static final class ListModels implements Callable<Integer> {
        @Mixin
        StorageOptions storageOptions;

        @Option(names = "--json", description = "Print the registry as JSON (as GET /api/v1/models does), with every file's SHA-256.")
        boolean json;

        @Parameters(paramLabel = "ID", arity = "0..1", description = "Only this model's versions.")
        String id;

        @Override
        public Integer call() throws JsonProcessingException {
            try (Storage storage = storageOptions.open()) {
                List<RegisteredModel> models = id == null ? storage.tenant(storageOptions.tenant()).models().all() : storage.tenant(storageOptions.tenant()).models().versions(id);
                if (id != null && models.isEmpty()) {
                    List<String> ids = storage.tenant(storageOptions.tenant()).models().all().stream().map(RegisteredModel::id).distinct().toList();
                    String typo = NameSuggestions.didYouMean(id, ids);
                    throw new CliException("no model '" + id + "' is registered" + (typo == null ? "" : "; " + typo)
                            + (ids.isEmpty() ? "" : " (registered: " + String.join(", ", ids) + ")"));
                }
                if (json) {
                    System.out.println(ParleyJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(models));
                } else if (models.isEmpty()) {
                    System.out.println("no models registered in " + storage.describe()
                            + " (models register when a rule set that uses them is prepared)");
                } else {
                    print(models);
                }
                return 0;
            }
        }

        private static void print(List<RegisteredModel> models) {
            int width = Math.max(5, models.stream().mapToInt(m -> DisplayWidth.of(m.ref())).max().orElse(0));
            int runnerWidth = Math.max(6, models.stream().mapToInt(m -> m.runner().length()).max().orElse(0));
            System.out.println(DisplayWidth.padRight("model", width) + "  " + DisplayWidth.padRight("runner", runnerWidth)
                    + "  files             registered (UTC)      labels");
            for (RegisteredModel model : models) {
                long bytes = model.files().stream().mapToLong(ModelFile::size).sum();
                String files = String.format(Locale.ROOT, "%d (%s)", model.files().size(), size(bytes));
                System.out.println(DisplayWidth.padRight(model.ref(), width) + "  " + DisplayWidth.padRight(model.runner(), runnerWidth)
                        + "  " + String.format("%-16s", files) + "  " + model.registeredAt().toString().substring(0, 19).replace('T', ' ')
                        + "   " + (model.labels().isEmpty() ? "-" : String.join(", ", model.labels())));
                System.out.println(" ".repeat(width + 2) + "from " + model.source());
            }
        }

        private static String size(long bytes) {
            return bytes >= 1_000_000 ? String.format(Locale.ROOT, "%.1f MB", bytes / 1e6)
                    : bytes >= 1_000 ? String.format(Locale.ROOT, "%.1f KB", bytes / 1e3) : bytes + " B";
        }
    }
}
