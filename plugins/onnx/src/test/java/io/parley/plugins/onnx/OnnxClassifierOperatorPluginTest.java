package io.parley.plugins.onnx;

import io.parley.engine.api.Dialogue;
import io.parley.engine.api.facts.SignalFact;
import io.parley.engine.spi.plugin.OperatorPlugin.PreparedOperator;
import io.parley.engine.spi.plugin.OperatorPlugin.Use;
import io.parley.engine.spi.plugin.PluginException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class OnnxClassifierOperatorPluginTest {
    /** Where the tiny models sit, as a rule file there would name them. */
    static final String RULE_FILE = TinyClassifierExportTest.COMMITTED.resolve("rules.parley").toString();

    private final OnnxClassifierOperatorPlugin plugin = new OnnxClassifierOperatorPlugin();

    private static Use use(String descriptor, String label, double threshold) {
        return new Use("complaint", Map.of("descriptor", descriptor, "label", label, "threshold", threshold), RULE_FILE + ":7:12");
    }

    @Test
    void reportsTurnsWhoseLabelProbabilityReachesTheThreshold() {
        Dialogue dialogue = Dialogues.dialogue("b-1", "我要投诉你们，差评", "您好，请问有什么可以帮您", "好的谢谢");
        try (PreparedOperator operator = plugin.prepare(List.of(use("complaint.yaml", "complaint", 0.5)))) {
            List<SignalFact> signals = Dialogues.annotate(dialogue, operator);
            assertThat(Dialogues.describe(signals)).containsExactly("complaint@0:complaint");
            // logits: other = bias 1.0 + 0.1 × 5 (我 要, and 你 们 ， as [UNK]), complaint = 2 × 4 (投 诉 差 评)
            SignalFact signal = signals.getFirst();
            assertThat(signal.getKind()).isEqualTo("classifier");
            assertThat(signal.getScore()).isCloseTo(1 / (1 + Math.exp(1.5 - 8)), within(1e-6));
        }
        try (TextClassifier classifier = TextClassifier.load(TinyClassifierExportTest.COMMITTED.resolve("complaint.yaml"))) {
            // 好的谢谢: other = 1.0 + 4 × 0.1 = 1.4, complaint = 0 → softmax
            float[] probabilities = classifier.classify(List.of("好的谢谢"))[0];
            assertThat((double) probabilities[1]).isCloseTo(1 / (1 + Math.exp(1.4)), within(1e-6));
            assertThat(classifier.descriptor().ref()).isEqualTo("tiny-complaint@1.0.0");
        }
    }

    @Test
    void aModelReturningNaNFailsTheDialogueNotThePreparation() {
        try (PreparedOperator operator = plugin.prepare(List.of(use("complaint-nan.json", "complaint", 0.5)))) {
            assertThat(Dialogues.annotate(Dialogues.dialogue("b-2", "好的谢谢"), operator)).isEmpty();
            assertThatThrownBy(() -> Dialogues.annotate(Dialogues.dialogue("b-3", "好的谢谢", "我要投诉"), operator))
                    .isInstanceOf(PluginException.class)
                    .hasMessage("model tiny-complaint-nan@1.0.0 returned [NaN, NaN] (not finite) for \"我要投诉\"");
        }
    }

    @Test
    void anOutputOfTheWrongShapeIsRefusedWhenPrepared() {
        assertThatThrownBy(() -> plugin.prepare(List.of(use("complaint-3-outputs.yaml", "complaint", 0.5))))
                .isInstanceOf(PluginException.class)
                .hasMessage("model tiny-complaint-3@1.0.0 output 'logits' has shape [1, 3], expected [1, 2] (texts × the descriptor's 2 labels)");
    }

    @Test
    void missingFilesAndUnknownLabelsAreRefusedNamingThem() {
        Path descriptor = TinyClassifierExportTest.COMMITTED.resolve("nowhere.yaml").toAbsolutePath();
        assertThatThrownBy(() -> plugin.prepare(List.of(use("nowhere.yaml", "complaint", 0.5))))
                .isInstanceOf(PluginException.class).hasMessage("model descriptor " + descriptor + " does not exist");
        assertThatThrownBy(() -> plugin.prepare(List.of(use("complaint.yaml", "angry", 0.5))))
                .isInstanceOf(PluginException.class)
                .hasMessage("model tiny-complaint@1.0.0 has no label 'angry'; its labels: [other, complaint]");
    }

    @Test
    void aMissingModelFileOrAnUnmappedInputIsNamed(@TempDir Path directory) throws IOException {
        Files.copy(TinyClassifierExportTest.COMMITTED.resolve("complaint.onnx"), directory.resolve("complaint.onnx"));
        Files.copy(TinyClassifierExportTest.COMMITTED.resolve("tokenizer.json"), directory.resolve("tokenizer.json"));
        Files.writeString(directory.resolve("gone.yaml"), """
                id: gone
                version: 2
                model: gone.onnx
                tokenizer: tokenizer.json
                labels: [other, complaint]
                inputs: {ids: input_ids, mask: attention_mask}
                output: logits
                """);
        assertThatThrownBy(() -> TextClassifier.load(directory.resolve("gone.yaml")))
                .isInstanceOf(PluginException.class)
                .hasMessage("model gone@2: file " + directory.resolve("gone.onnx") + " does not exist");
        Files.writeString(directory.resolve("renamed.yaml"), """
                id: renamed
                version: 1
                model: complaint.onnx
                tokenizer: tokenizer.json
                labels: [other, complaint]
                inputs: {ids: ids, mask: attention_mask}
                output: logits
                """);
        assertThatThrownBy(() -> TextClassifier.load(directory.resolve("renamed.yaml")))
                .isInstanceOf(PluginException.class)
                .hasMessageStartingWith("model renamed@1 takes input 'input_ids', which the descriptor's 'inputs' does not name");
        Files.writeString(directory.resolve("typo.yaml"), "id: typo\nversion: 1\nmodle: complaint.onnx\n");
        assertThatThrownBy(() -> TextClassifier.load(directory.resolve("typo.yaml")))
                .isInstanceOf(PluginException.class)
                .hasMessage("model descriptor " + directory.resolve("typo.yaml") + ": unknown field 'modle'; fields: id, version, model,"
                        + " tokenizer, labels, inputs {ids, mask, typeIds}, output, maxLength, activation, metrics");
    }
}
