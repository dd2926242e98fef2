package io.parley.app.cli;

import io.parley.app.CliException;
import io.parley.plugins.sentiment.BgeSmallZhEncoder;
import io.parley.plugins.sentiment.SentimentHead;
import io.parley.plugins.sentiment.SentimentModel;
import picocli.CommandLine.Option;

import java.nio.file.Files;
import java.nio.file.Path;

/** The {@code --data} and {@code --model} options of the sentiment evaluations, and the model they name. */
final class SentimentModelOption {
    @Option(names = "--data", required = true, paramLabel = "PATH", description = "The labelled file.")
    Path data;

    @Option(names = "--model", paramLabel = "FILE", description = "A sentiment head (.onnx with its .json beside it); default: the bundled one.")
    Path model;

    Path data() {
        if (!Files.isRegularFile(data)) {
            throw new CliException("--data: no such file: " + data);
        }
        return data;
    }

    SentimentModel load() {
        SentimentHead head = model == null ? SentimentHead.bundled() : SentimentHead.load(model);
        return new SentimentModel(BgeSmallZhEncoder.shared(), head, head.descriptor().contextTurns());
    }
}
