package io.parley.plugins.onnx;

import io.parley.engine.api.model.RegisteredModel;
import io.parley.engine.spi.plugin.ConfigOption.ConfigType;
import io.parley.engine.spi.plugin.ConfigOption;
import io.parley.engine.spi.plugin.ModelRunnerPlugin;
import io.parley.engine.spi.plugin.PluginInfo;
import io.parley.engine.spi.plugin.PluginKind;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Runs your own ONNX text classifier, described by a descriptor file ({@link ClassifierDescriptor}),
 * with ONNX Runtime: the runner behind {@code model { runner: "onnx", … }} and the
 * {@code onnx_classifier} operator.
 */
public final class OnnxModelRunnerPlugin implements ModelRunnerPlugin {
    public static final String ID = "onnx";
    static final String DESCRIPTOR = "descriptor";
    private static final Pattern ORIGIN = Pattern.compile("(.+):(\\d+):(\\d+)");
    private static final Logger log = LoggerFactory.getLogger(OnnxModelRunnerPlugin.class);

    @Override
    public PluginInfo info() {
        return new PluginInfo(ID, "1.0.0", PluginKind.MODEL_RUNNER,
                "Your own ONNX text classifier (e.g. exported from Hugging Face with its tokenizer.json), run by ONNX Runtime."
                        + " The descriptor file names the model and its version, tokenizer, labels, input and output names"
                        + " (docs/models.md). Files that are missing, inputs that do not match or an output of the wrong shape stop the"
                        + " rule set from compiling; an output that is not finite (NaN) fails that dialogue's evaluation.",
                List.of(ConfigOption.required(DESCRIPTOR, ConfigType.STRING,
                        "Path of the model's descriptor file (JSON or YAML), relative to the rule file.")));
    }

    @Override
    public LoadedModel load(Map<String, Object> config, String origin) {
        Path descriptor = resolve(config.get(DESCRIPTOR).toString(), origin);
        TextClassifier classifier = TextClassifier.load(descriptor);
        try {
            RegisteredModel registration = ModelRegistrations.classifier(descriptor, classifier.descriptor());
            log.info("model {} loaded from {} ({})", classifier.descriptor().ref(), descriptor, origin);
            return new Loaded(classifier, registration);
        } catch (RuntimeException e) {
            classifier.close();
            throw e;
        }
    }

    /** Relative paths are relative to the directory of the rule file the use was declared in. */
    static Path resolve(String path, String origin) {
        Path file = Path.of(path);
        if (file.isAbsolute() || origin == null) {
            return file;
        }
        Matcher positioned = ORIGIN.matcher(origin);
        Path ruleFile = Path.of(positioned.matches() ? positioned.group(1) : origin);
        Path directory = ruleFile.toAbsolutePath().getParent();
        return directory == null ? file : directory.resolve(file).normalize();
    }

    private record Loaded(TextClassifier classifier, RegisteredModel model) implements LoadedModel {
        @Override
        public Optional<RegisteredModel> registration() {
            return Optional.of(model);
        }

        @Override
        public String id() {
            return classifier.descriptor().id();
        }

        @Override
        public String version() {
            return classifier.descriptor().version();
        }

        @Override
        public List<String> labels() {
            return classifier.descriptor().labels();
        }

        @Override
        public List<double[]> classify(List<String> texts) {
            List<double[]> rows = new ArrayList<>(texts.size());
            for (float[] probabilities : classifier.classify(texts)) {
                double[] row = new double[probabilities.length];
                for (int i = 0; i < row.length; i++) {
                    row[i] = probabilities[i];
                }
                rows.add(row);
            }
            return rows;
        }

        @Override
        public void close() {
            classifier.close();
        }
    }
}
