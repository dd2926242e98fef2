package io.parley.app.cli;

import io.parley.app.CliException;
import io.parley.ml.tools.sentiment.HeldOutSplit;
import io.parley.ml.tools.sentiment.SentimentCorpus;
import io.parley.ml.tools.sentiment.SentimentTraining;
import io.parley.plugins.sentiment.BgeSmallZhEncoder;
import io.parley.plugins.sentiment.TurnContextFeatures;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

@Command(name = "sentiment", mixinStandardHelpOptions = true,
        description = {"Trains the context-aware sentiment head (docs/models-sentiment.md) and measures it on held-out dialogues.",
                "It reads JDDC, STC-3, the review corpora and ToSarcasm under --data and exports the head to ONNX."})
final class TrainSentimentCommand implements Callable<Integer> {
    @Option(names = "--data", required = true, paramLabel = "DIR", description = "The public datasets' folder, e.g. ../shared/data beside the repository (holds uss_jddc_satisfaction/, stc3_customer_helpdesk/, …).")
    Path data;

    /** The bundled head's folder, in the source tree the build packs into the plugin's jar. */
    static final String BUNDLED_HEAD_DIR = "plugins/sentiment/src/main/resources/io/parley/plugins/sentiment";

    @Option(names = "--output", paramLabel = "DIR",
            description = "Where sentiment-head.onnx and .json are written (default: " + BUNDLED_HEAD_DIR
                    + " of the Parley checkout, i.e. the bundled head; rebuild to ship it).")
    Path output;

    @Option(names = "--seed", defaultValue = "20261124", description = "Seed of the by-dialogue split and of training (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--held-out", defaultValue = "20", paramLabel = "PERCENT", description = "Dialogues held out for measuring (default: ${DEFAULT-VALUE}).")
    int heldOutPercent;

    @Option(names = "--epochs", defaultValue = "8", description = "Passes over the training examples (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--context", defaultValue = "" + TurnContextFeatures.DEFAULT_CONTEXT_TURNS, paramLabel = "TURNS",
            description = "Turns before each turn whose mean embedding is its context (default: ${DEFAULT-VALUE}).")
    int context;

    @Option(names = "--reviews", defaultValue = "1500", paramLabel = "N", description = "Training reviews per class and review file (default: ${DEFAULT-VALUE}).")
    int reviews;

    @Option(names = "--sarcasm", negatable = true, defaultValue = "true", fallbackValue = "true",
            description = "Use ToSarcasm's sarcastic comments as negatives (default); --no-sarcasm leaves them out.")
    boolean sarcasm;

    @Option(names = "--head", defaultValue = "linear", description = "linear (logistic regression) or fm (factorization machine: also learns feature interactions); default: ${DEFAULT-VALUE}.")
    SentimentTraining.Head head;

    @Option(names = "--embedding-cache", paramLabel = "DIR",
            description = "Keep the embeddings in this directory between runs (default: the usual cache); none: in memory.")
    Path embeddingCache;

    @Override
    public Integer call() throws IOException {
        if (!Files.isDirectory(data)) {
            throw new CliException("--data: no such directory: " + data);
        }
        // ./parley passes the checkout as parley.home; without it, the working directory is taken for one.
        Path target = output != null ? output : Path.of(System.getProperty("parley.home", ".")).resolve(BUNDLED_HEAD_DIR);
        try (CommandEmbeddings embeddings = CommandEmbeddings.of(embeddingCache)) {
            SentimentTraining.train(new SentimentTraining.Options(data, target, new HeldOutSplit(seed, heldOutPercent), context, epochs,
                    new SentimentCorpus.Options(reviews, 400, sarcasm), head), new BgeSmallZhEncoder(embeddings.models()), System.out);
        }
        return 0;
    }
}
