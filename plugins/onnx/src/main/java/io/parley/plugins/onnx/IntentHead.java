package io.parley.plugins.onnx;

import ai.onnxruntime.OrtException;
import io.parley.engine.api.model.ModelFile;
import io.parley.engine.api.model.RegisteredModel;
import io.parley.engine.spi.plugin.PluginException;
import io.parley.ml.EmbeddingModelCard;
import io.parley.ml.OnnxClassifier;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * A trained intent head ({@code parley train intent}): a classifier over a shipped embedding
 * model's sentence vectors, exported to ONNX by Tribuo and run here by the {@link OnnxClassifier}
 * runner, giving each text a probability per intent. The {@code .onnx} file has its {@link IntentHeadDescriptor}
 * beside it ({@code <name>.json}). Everything that can be checked is checked when it loads — the
 * descriptor, the embedding model, the input and output shapes, a probe run — so a broken head
 * refuses the rule set naming its file; a head that returns a probability that is not finite fails
 * the one call. Thread-safe.
 */
public final class IntentHead implements AutoCloseable {
    /** Where the heads shipped in the jar sit, by name: {@code banking77} → {@code banking77.onnx} + {@code .json}. */
    static final String BUNDLED_DIR = "/io/parley/plugins/onnx/intent-heads/";
    private static final Pattern BUNDLED_NAME = Pattern.compile("[a-z0-9][a-z0-9_-]*");

    private final IntentHeadDescriptor descriptor;
    private final EmbeddingModelCard encoder;
    private final String source;
    private final OnnxClassifier model;
    private final List<ModelFile> files;

    private IntentHead(IntentHeadDescriptor descriptor, byte[] model, byte[] descriptorBytes, String source) {
        this.descriptor = descriptor;
        this.source = source;
        String name = Path.of(source).getFileName().toString();
        this.files = List.of(ModelFile.of(name, new ByteArrayInputStream(model)),
                ModelFile.of(descriptorFile(Path.of(name)).toString(), new ByteArrayInputStream(descriptorBytes)));
        this.encoder = EmbeddingModelCard.SHIPPED.stream().filter(card -> card.ref().equals(descriptor.encoder())).findFirst()
                .orElseThrow(() -> new PluginException("intent head " + source + " reads vectors of " + descriptor.encoder()
                        + ", which is not a shipped embedding model (shipped: " + EmbeddingModelCard.SHIPPED.stream()
                        .map(EmbeddingModelCard::ref).toList() + ")"));
        if (descriptor.dimension() != encoder.dimension() || descriptor.features().size() != encoder.dimension()) {
            throw new PluginException("intent head " + source + " takes " + descriptor.features().size() + " inputs, but "
                    + encoder.ref() + " gives " + encoder.dimension() + "-d vectors");
        }
        for (int i = 0; i < descriptor.features().size(); i++) {
            // The head reads the vector's components in order: Tribuo orders features by name, hence zero-padded names.
            if (!descriptor.features().get(i).equals(IntentHeadDescriptor.featureName(i))) {
                throw new PluginException("intent head " + source + " input " + i + " is '" + descriptor.features().get(i)
                        + "', expected '" + IntentHeadDescriptor.featureName(i) + "' (vector components in order)");
            }
        }
        try {
            this.model = OnnxClassifier.load("intent head " + descriptor.ref(), "texts", model);
        } catch (OrtException e) {
            throw new PluginException("intent head " + source + " is not a model ONNX Runtime can load: " + e.getMessage(), e);
        }
        try {
            run(new float[][]{new float[encoder.dimension()]});
        } catch (RuntimeException e) {
            close();
            throw e instanceof PluginException plugin ? plugin
                    : new PluginException("intent head " + source + " does not run on a " + encoder.dimension() + "-d vector: " + e.getMessage(), e);
        }
    }

    /**
     * A head by name or file: a name like {@code banking77} is a head shipped in this jar; anything
     * else is the path of an {@code .onnx} file (relative paths are resolved by the caller).
     */
    public static IntentHead open(String nameOrFile, Path resolvedFile) {
        return BUNDLED_NAME.matcher(nameOrFile).matches() ? bundled(nameOrFile) : load(resolvedFile);
    }

    /** A head shipped in this jar. */
    public static IntentHead bundled(String name) {
        String model = BUNDLED_DIR + name + ".onnx";
        try (InputStream onnx = IntentHead.class.getResourceAsStream(model);
             InputStream json = IntentHead.class.getResourceAsStream(BUNDLED_DIR + name + ".json")) {
            if (onnx == null || json == null) {
                throw new PluginException("no intent head named '" + name + "' is shipped (shipped: " + String.join(", ", bundledNames())
                        + "); give the path of a head's .onnx file instead");
            }
            byte[] descriptorBytes = json.readAllBytes();
            return new IntentHead(readDescriptor(new ByteArrayInputStream(descriptorBytes), model), onnx.readAllBytes(), descriptorBytes, model);
        } catch (IOException e) {
            throw new PluginException("cannot read the shipped intent head " + model + ": " + e.getMessage(), e);
        }
    }

    /** The names of the heads shipped in this jar. */
    public static List<String> bundledNames() {
        return List.of("banking77");
    }

    /** A head from its {@code .onnx} file, its descriptor beside it. */
    public static IntentHead load(Path model) {
        Path descriptor = descriptorFile(model);
        IntentHeadDescriptor read;
        byte[] descriptorBytes;
        try {
            descriptorBytes = Files.readAllBytes(descriptor);
            read = readDescriptor(new ByteArrayInputStream(descriptorBytes), descriptor.toString());
        } catch (NoSuchFileException e) {
            throw new PluginException("intent head descriptor not found: " + descriptor
                    + " (a head is an .onnx file with its .json descriptor beside it; train one with `parley train intent`)", e);
        } catch (IOException e) {
            throw new PluginException("cannot read intent head descriptor " + descriptor + ": " + e.getMessage(), e);
        }
        try {
            return new IntentHead(read, Files.readAllBytes(model), descriptorBytes, model.toString());
        } catch (NoSuchFileException e) {
            throw new PluginException("intent head file not found: " + model, e);
        } catch (IOException e) {
            throw new PluginException("cannot read intent head " + model + ": " + e.getMessage(), e);
        }
    }

    /** The descriptor beside a head's {@code .onnx} file: the same name ending in {@code .json}. */
    public static Path descriptorFile(Path model) {
        String name = model.getFileName().toString();
        return model.resolveSibling((name.endsWith(".onnx") ? name.substring(0, name.length() - ".onnx".length()) : name) + ".json");
    }

    private static IntentHeadDescriptor readDescriptor(InputStream in, String source) throws IOException {
        IntentHeadDescriptor descriptor;
        try {
            descriptor = IntentHeadDescriptor.read(in);
        } catch (IOException e) {
            throw new PluginException("intent head descriptor " + source + " is not a head descriptor: " + e.getMessage(), e);
        }
        if (descriptor.id() == null || descriptor.version() == null || descriptor.encoder() == null || descriptor.labels().isEmpty()) {
            throw new PluginException("intent head descriptor " + source + " needs id, version, encoder and labels");
        }
        return descriptor;
    }

    public IntentHeadDescriptor descriptor() {
        return descriptor;
    }

    /** What the model registry records of this head: its .onnx and .json files (hashed), labels, input, output, metrics. */
    public RegisteredModel registration() {
        return new RegisteredModel(descriptor.id(), descriptor.version(), IntentHeadRunnerPlugin.ID,
                (source.startsWith(BUNDLED_DIR) ? "bundled: parley-plugin-onnx " : "file: ") + source, files, null,
                descriptor.labels(), Map.of("vector", model.firstInput(), "encoder", descriptor.encoder()),
                Map.of("probabilities", model.firstOutput()), RegisteredModel.storableMetrics(descriptor.metrics()));
    }

    /** The embedding model whose vectors the head reads. */
    public EmbeddingModelCard encoder() {
        return encoder;
    }

    /**
     * Each text's probability per label, in {@link IntentHeadDescriptor#labels()} order.
     *
     * @param vectors one sentence vector of {@link #encoder()} per text
     * @param texts   the texts, to name the one a failure is about
     * @throws PluginException when ONNX Runtime fails or a probability is not finite (NaN)
     */
    public double[][] probabilities(float[][] vectors, List<String> texts) {
        if (vectors.length == 0) {
            return new double[0][];
        }
        double[][] probabilities = run(vectors);
        for (int row = 0; row < probabilities.length; row++) {
            for (double p : probabilities[row]) {
                if (!Double.isFinite(p)) {
                    throw new PluginException("intent head " + descriptor.ref() + " returned a probability that is not finite (" + p
                            + ") for \"" + texts.get(row) + "\"");
                }
            }
        }
        return probabilities;
    }

    /** The label of the highest probability in {@code row}. */
    public String best(double[] row) {
        int best = 0;
        for (int i = 1; i < row.length; i++) {
            if (row[i] > row[best]) {
                best = i;
            }
        }
        return descriptor.labels().get(best);
    }

    private double[][] run(float[][] vectors) {
        float[][] output = model.scores(vectors, descriptor.labels().size());
        double[][] rows = new double[output.length][];
        for (int row = 0; row < output.length; row++) {
            rows[row] = new double[output[row].length];
            for (int i = 0; i < output[row].length; i++) {
                rows[row][i] = output[row][i];
            }
        }
        return rows;
    }

    @Override
    public String toString() {
        return descriptor.ref() + " (" + source + ", " + descriptor.labels().size() + " intents on " + encoder.ref() + ")";
    }

    @Override
    public void close() {
        model.close();
    }
}
