package io.parley.app.cli;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import io.parley.app.CliException;
import io.parley.app.server.ParleyServer;
import io.parley.app.server.RuleSetLoader;
import io.parley.engine.api.EvaluationException;
import io.parley.engine.api.dialogue.DialogueReader;
import io.parley.engine.api.dialogue.InvalidDialogueException;
import io.parley.engine.impl.ingest.DialogueIngestor;
import io.parley.engine.impl.plugin.PluginRegistry;
import io.parley.engine.spi.plugin.DialogueMapperPlugin.DialogueMapper;
import io.parley.engine.spi.plugin.DialogueMapperPlugin;
import io.parley.engine.spi.plugin.DialogueSourcePlugin.DialogueSource;
import io.parley.engine.spi.plugin.DialogueSourcePlugin.Listener;
import io.parley.engine.spi.plugin.DialogueSourcePlugin;
import io.parley.engine.spi.plugin.PluginException;
import io.parley.engine.spi.storage.Storage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;

@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Import a chat export (CSV, JSON or NDJSON, one message per row), then store and evaluate its dialogues.",
                "The chat-export plugin reads the rows; `parley plugins` lists the options a --config file may set. "
                        + "Bad rows are reported as FILE:row: reason and skipped. With --map, each row first passes "
                        + "through a JavaScript function run in the js plugin's sandbox."})
final class ImportCommand implements Callable<Integer> {
    private static final String SOURCE_PLUGIN = "chat-export";
    private static final String ROW_MAPPER_PLUGIN = "js";
    private static final ObjectMapper JSON = new ObjectMapper();

    enum ExportFormat { CSV, JSON, NDJSON }

    @Parameters(index = "0", paramLabel = "FILE", description = "The export.")
    Path file;

    @Option(names = "--format", paramLabel = "csv|json|ndjson",
            description = "The export's format (default: by the file extension, else by its first character).")
    ExportFormat format;

    @Option(names = "--config", paramLabel = "mapping.json",
            description = "chat-export options as a JSON object, e.g. {\"columns\": {\"session\": \"对话编号\"}, "
                    + "\"roles\": {\"店小二\": \"agent\"}, \"timezone\": \"+08:00\"}.")
    Path config;

    @Option(names = "--map", paramLabel = "rows.js",
            description = "A JavaScript function (row) => ({session, role, time, text}) called on each row (an object of "
                    + "column → value) before the columns are read; returning null skips the row, throwing makes it a bad row.")
    Path map;

    @Option(names = "--rules", paramLabel = "FILE",
            description = "The rule set (.parley) to evaluate with; it is stored and published, as `run` does. Default: the published one in storage, else the bundled e-commerce example.")
    Path rules;

    @Mixin
    StorageOptions storageOptions;

    @Override
    public Integer call() {
        if (!Files.isRegularFile(file)) {
            throw new CliException("export file not found: " + file, 2);
        }
        DialogueSource source = openSource();
        DialogueMapper rowMapper = prepareRowMapper();
        PrometheusMeterRegistry metrics = ParleyServer.newMetrics();
        RuleSetLoader loader = new RuleSetLoader(System.err, metrics);
        // Compiled before storage opens, so that a rule file with errors leaves nothing behind.
        RuleSetLoader.Loaded fromFile = rules == null ? null : loader.compileFile(rules);
        boolean terminal = System.console() != null;
        // The bar counts dialogues, which only a first pass over the export can total: on a terminal only.
        ProgressBar progress = new ProgressBar(System.err, terminal ? countDialogues(source, rowMapper) : 0, terminal);
        Storage storage = storageOptions.open();
        RuleSetLoader.Loaded ruleset;
        try {
            ruleset = fromFile != null ? fromFile : loader.forServing(null, storage.tenant(storageOptions.tenant()));
        } catch (RuntimeException e) {
            storage.close();
            throw e;
        }
        try (rowMapper; ParleyServer engine = new ParleyServer(storage, storageOptions.tenant(), ruleset.evaluator(), metrics)) {
            // Published, as `run` does, so that `parley serve` on the same data serves what the import ran.
            String published = fromFile == null ? null : loader.publishAndDescribe(fromFile, storage.tenant(storageOptions.tenant()));
            long start = System.nanoTime();
            Import imported = new Import(engine.ingestor(), progress);
            read(source, rowMapper, imported);
            progress.finish();
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf("%s: %d dialogues evaluated, %d rejected, %d failed, %d bad rows skipped%s in %.1f s "
                            + "(%.0f dialogues/s) with %s; results in %s%n", file, imported.evaluated, imported.rejected,
                    imported.failed, imported.badRows, map == null ? "" : ", " + imported.skippedRows + " rows skipped by "
                            + map, seconds, imported.evaluated / Math.max(seconds, 1e-9), ruleset.ref(),
                    storage.describe());
            if (published != null) {
                System.out.println(published);
            }
            ResultSummary summary = new ResultSummary(ruleset.definition());
            storage.tenant(storageOptions.tenant()).results().forEach(ruleset.ref(), summary::add);
            summary.print(System.out, storage.tenant(storageOptions.tenant()).dialogues()::find);
            return imported.rejected + imported.failed + imported.badRows > 0 ? 3 : 0;
        }
    }

    /** The chat-export plugin, configured from --config and --format as the engine configures any plugin. */
    private DialogueSource openSource() {
        PluginRegistry plugins = PluginRegistry.installed();
        try {
            DialogueSourcePlugin plugin = plugins.dialogueSource(SOURCE_PLUGIN);
            return plugin.open(plugins.configure(plugin, options()));
        } catch (PluginException e) {
            throw new CliException((config == null ? "" : config + ": ") + e.getMessage(), 2);
        }
    }

    /**
     * The --map script, prepared by the installed js dialogue mapper, whose sandbox and budgets it
     * runs under; that plugin returns the function's result as it is, so rows map as well as dialogues.
     * Without --map, null: the rows are read as they are.
     */
    private DialogueMapper prepareRowMapper() {
        if (map == null) {
            return null;
        }
        if (!Files.isRegularFile(map)) {
            throw new CliException("map script not found: " + map, 2);
        }
        String script;
        try {
            script = Files.readString(map);
        } catch (IOException e) {
            throw new CliException("cannot read " + map + ": " + e.getMessage(), 2);
        }
        PluginRegistry plugins = PluginRegistry.installed();
        try {
            DialogueMapperPlugin plugin = plugins.dialogueMapper(ROW_MAPPER_PLUGIN);
            Map<String, Object> config = plugins.configure(plugin,
                    Map.of("source", script, "file", map.toString(), "line", 1, "column", 1)).values();
            return plugin.prepare(config, map + ":1:1");
        } catch (PluginException e) {
            throw new CliException(e.getMessage(), 2);
        }
    }

    private Map<String, Object> options() {
        Map<String, Object> options = new LinkedHashMap<>();
        if (config != null) {
            if (!Files.isRegularFile(config)) {
                throw new CliException("mapping file not found: " + config, 2);
            }
            JsonNode mapping;
            try {
                mapping = JSON.readTree(config.toFile());
            } catch (IOException e) {
                throw new CliException(config + " is not valid JSON: " + e.getMessage(), 2);
            }
            if (mapping == null || !mapping.isObject()) {
                throw new CliException(config + " must hold a JSON object of " + SOURCE_PLUGIN + " options", 2);
            }
            options.putAll(JSON.convertValue(mapping, new TypeReference<Map<String, Object>>() {
            }));
        }
        if (format != null) {
            options.put("format", format.name().toLowerCase(Locale.ROOT));
        }
        return options;
    }

    private long countDialogues(DialogueSource source, DialogueMapper rowMapper) {
        long[] dialogues = {0};
        read(source, rowMapper, new Listener() {
            @Override
            public void dialogue(JsonNode dialogue) {
                dialogues[0]++;
            }

            @Override
            public void badRecord(long row, String reason) {
                // reported by the pass that imports
            }
        });
        return dialogues[0];
    }

    private void read(DialogueSource source, DialogueMapper rowMapper, Listener listener) {
        try (InputStream in = Files.newInputStream(file)) {
            if (rowMapper == null) {
                source.read(in, file.toString(), listener);
            } else {
                source.read(in, file.toString(), rowMapper::map, listener);
            }
        } catch (IOException e) {
            throw new CliException("reading " + file + " stopped: " + e.getMessage(), 2);
        } catch (PluginException e) {
            throw new CliException(file + ": " + e.getMessage(), 2);
        }
    }

    /**
     * Validates each dialogue the export yields, then stores and evaluates it, in the reading thread
     * (the export streams through at the pace of storage and evaluation); reports what it cannot use.
     */
    private final class Import implements Listener {
        private final DialogueIngestor ingestor;
        private final ProgressBar progress;
        private final DialogueReader reader = new DialogueReader();
        int evaluated;
        int rejected;
        int failed;
        int badRows;
        int skippedRows;

        Import(DialogueIngestor ingestor, ProgressBar progress) {
            this.ingestor = ingestor;
            this.progress = progress;
        }

        @Override
        public void dialogue(JsonNode json) {
            try {
                ingestor.evaluateAndStore(reader.read(json));
                evaluated++;
            } catch (InvalidDialogueException e) {
                rejected++;
                e.errors().forEach(error -> System.err.printf("%s: dialogue '%s': %s%n", file,
                        e.dialogueId().orElse(json.path("id").asText()), error));
            } catch (EvaluationException e) {
                failed++;
                System.err.printf("%s: dialogue '%s': %s%n", file, json.path("id").asText(), e.getMessage());
            }
            progress.update(evaluated + rejected + failed);
        }

        @Override
        public void badRecord(long row, String reason) {
            badRows++;
            System.err.printf("%s:%d: %s%n", file, row, reason);
        }

        @Override
        public void skipped(long row) {
            skippedRows++;
        }
    }
}
