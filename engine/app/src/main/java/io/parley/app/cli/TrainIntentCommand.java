package io.parley.app.cli;

import io.parley.app.CliException;
import io.parley.engine.spi.plugin.PluginException;
import io.parley.ml.EmbeddingModelCard;
import io.parley.ml.tools.intent.IntentEvaluation;
import io.parley.ml.tools.intent.IntentHeadTraining;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/** {@code parley train intent}: a trained intent head over sentence embeddings ({@link IntentHeadTraining}). */
@Command(name = "intent", mixinStandardHelpOptions = true,
        description = {"Trains an intent head on a text,category CSV and measures it on the texts held out.",
                "The head is a multinomial logistic regression over sentence embeddings (docs/models.md), exported to ONNX with a JSON descriptor."})
final class TrainIntentCommand implements Callable<Integer> {
    /** The shipped heads' folder, in the source tree the build packs into the plugin's jar. */
    static final String BUNDLED_HEAD_DIR = "plugins/onnx/src/main/resources/io/parley/plugins/onnx/intent-heads";

    @Option(names = "--train", required = true, paramLabel = "CSV", description = "Labelled texts (text,category), e.g. BANKING77's train.csv.")
    Path train;

    @Option(names = "--id", required = true, description = "The head's name: <id>.onnx and <id>.json are written, signals name it.")
    String id;

    @Option(names = "--output", paramLabel = "DIR",
            description = "Where the head is written (default: " + BUNDLED_HEAD_DIR + " of the Parley checkout, the shipped heads; rebuild to ship it).")
    Path output;

    @Option(names = "--held-out", paramLabel = "PERCENT",
            description = "Share of each category held out for measuring (default: " + IntentHeadTraining.DEFAULT_HELD_OUT_PERCENT
                    + ", the split of `parley eval intent`; 0 trains on all).")
    Integer heldOut;

    @Option(names = "--test", paramLabel = "CSV", description = "Measure on this file instead of holding texts out (e.g. CLINC150's val).")
    Path test;

    @Option(names = "--seed", defaultValue = "" + IntentEvaluation.DEFAULT_SEED, description = "Seed of the split and of training (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--oos", paramLabel = "CSV",
            description = "Out-of-scope texts (text,category; the category is ignored): calibrate the \"none of these\" probability.")
    Path outOfScope;

    @Option(names = "--epochs", defaultValue = "" + IntentHeadTraining.DEFAULT_EPOCHS, description = "Passes over the training texts (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--learning-rate", defaultValue = "" + IntentHeadTraining.DEFAULT_LEARNING_RATE, description = "AdaGrad's learning rate (default: ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--model", paramLabel = "MODEL", description = "Embedding model id or language (zh, en); default: by the language of the texts.")
    String model;

    @Option(names = "--licence", paramLabel = "TEXT", description = "The training data's licence, recorded in the descriptor.")
    String licence;

    @Option(names = "--embedding-cache", paramLabel = "DIR",
            description = "Keep the embeddings in this directory between runs (default: the usual cache); none: in memory, for figures that do not depend on earlier runs.")
    Path embeddingCache;

    @Override
    public Integer call() {
        for (Path file : Stream.of(train, test, outOfScope).filter(Objects::nonNull).toList()) {
            if (!Files.isRegularFile(file)) {
                throw new CliException("no such file: " + file, 2);
            }
        }
        EmbeddingModelCard card = model == null ? null : EmbeddingModelCard.find(model).orElseThrow(() -> new CliException(
                "--model: unknown model '" + model + "'; shipped: " + EmbeddingModelCard.shippedIds() + " (or zh, en)", 2));
        // ./parley passes the checkout as parley.home; without it, the working directory is taken for one.
        Path target = output != null ? output : Path.of(System.getProperty("parley.home", ".")).resolve(BUNDLED_HEAD_DIR);
        try (CommandEmbeddings embeddings = CommandEmbeddings.of(embeddingCache)) {
            IntentHeadTraining.train(new IntentHeadTraining.Options(train, test, heldOut, seed, outOfScope, id, target, epochs, learningRate,
                    card, licence), embeddings.models(), System.out);
        } catch (IOException | IllegalArgumentException | PluginException e) {
            throw new CliException(e.getMessage(), 2);
        }
        return 0;
    }
}
