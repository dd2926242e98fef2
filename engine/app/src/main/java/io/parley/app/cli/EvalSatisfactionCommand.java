package io.parley.app.cli;

import io.parley.app.CliException;
import io.parley.engine.spi.plugin.PluginException;
import io.parley.ml.tools.sentiment.TaskEvaluation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.IOException;
import java.util.concurrent.Callable;

@Command(name = "satisfaction", mixinStandardHelpOptions = true,
        description = {"Per-turn customer satisfaction (negative / neutral / positive) on a JDDC file, against two baselines.",
                "The file is in the usda_split_jddc tab-separated format; the baselines are the majority class and keywords."})
final class EvalSatisfactionCommand implements Callable<Integer> {
    @Mixin
    SentimentModelOption options;

    @Override
    public Integer call() {
        try {
            TaskEvaluation.satisfaction(options.data(), options.load(), System.out);
        } catch (IOException | IllegalArgumentException | PluginException e) {
            throw new CliException(e.getMessage());
        }
        return 0;
    }
}
