package io.parley.app.cli;

import io.parley.app.CliException;
import io.parley.engine.spi.plugin.PluginException;
import io.parley.ml.tools.sentiment.TaskEvaluation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.io.IOException;
import java.util.concurrent.Callable;

@Command(name = "sentiment", mixinStandardHelpOptions = true,
        description = {"Review polarity (negative / positive) on a review CSV, against the majority-class and keyword baselines.",
                "The CSV has label and review columns (label 1 is positive)."})
final class EvalSentimentCommand implements Callable<Integer> {
    @Mixin
    SentimentModelOption options;

    @Override
    public Integer call() {
        try {
            TaskEvaluation.sentiment(options.data(), options.load(), System.out);
        } catch (IOException | IllegalArgumentException | PluginException e) {
            throw new CliException(e.getMessage());
        }
        return 0;
    }
}
