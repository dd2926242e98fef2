package io.parley.app.cli;

import io.parley.app.CliException;
import io.parley.engine.spi.plugin.PluginException;
import io.parley.ml.EmbeddingModels;
import io.parley.ml.tools.intent.IntentEvaluation;
import io.parley.ml.tools.intent.IntentHeadEvaluation;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/** {@code parley eval intent}: intent by examples on a BANKING77-format CSV ({@link IntentEvaluation}). */
@Command(name = "intent", mixinStandardHelpOptions = true,
        description = {"Intent by example phrases (the intent operator) on a text,category CSV, with a majority-class and a keyword baseline.",
                "Without --train, DATA is split stratified by category (20% test, --seed); the split is named in the output."})
final class EvalIntentCommand implements Callable<Integer> {
    @Option(names = "--data", required = true, paramLabel = "CSV", description = "Labelled texts (text,category) to test on, or to split.")
    Path data;

    @Option(names = "--train", paramLabel = "CSV", description = "Labelled texts the examples come from (default: the training part of DATA's split).")
    Path train;

    @Option(names = "--shots", paramLabel = "K", description = "Example phrases per intent taken from the training texts (default: all of them).")
    Integer shots;

    @Option(names = "--seed", defaultValue = "" + IntentEvaluation.DEFAULT_SEED,
            description = "Seed of the split and of choosing the shots (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--model", paramLabel = "MODEL",
            description = "Embedding model id or language (zh, en); default: by the language of the examples.")
    String model;

    @Option(names = "--oos", paramLabel = "CSV",
            description = "Out-of-scope texts (text,category; the category is ignored): also measure the \"none of these\" threshold.")
    Path outOfScope;

    @Option(names = "--head", paramLabel = "HEAD",
            description = "Measure a trained intent head (a shipped head's name, e.g. banking77, or its .onnx file) beside intent by examples.")
    String head;

    @Override
    public Integer call() {
        for (Path file : Stream.of(data, train, outOfScope).filter(Objects::nonNull).toList()) {
            if (!Files.isRegularFile(file)) {
                throw new CliException("no such file: " + file, 2);
            }
        }
        try {
            IntentEvaluation.Options options = new IntentEvaluation.Options(data, train, shots, seed, model, outOfScope);
            (head == null ? IntentEvaluation.run(options, EmbeddingModels.shared())
                    : IntentHeadEvaluation.run(options, head, EmbeddingModels.shared())).forEach(System.out::println);
        } catch (IOException | IllegalArgumentException | PluginException e) {
            throw new CliException(e.getMessage(), 2);
        }
        return 0;
    }
}
