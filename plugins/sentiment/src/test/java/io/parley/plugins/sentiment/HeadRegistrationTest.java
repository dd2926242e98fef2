package io.parley.plugins.sentiment;

import io.parley.engine.api.EvaluationResult;
import io.parley.engine.api.Evidence;
import io.parley.engine.api.Hit;
import io.parley.engine.api.model.ModelFile;
import io.parley.engine.api.model.RegisteredModel;
import io.parley.engine.impl.evaluate.RuleSetEvaluator;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The bundled head registers itself when a rule set using {@code sentiment} or {@code satisfaction}
 * is prepared, and their signals name it. Expected values come from the head's own descriptor and
 * files, so re-training the head does not break this test; a registration that drifts from them does.
 */
class HeadRegistrationTest {

    @Test
    void theBundledHeadIsRegisteredWithItsFilesLabelsAndMetricsAndEverySignalNamesIt() throws Exception {
        HeadDescriptor descriptor;
        try (InputStream in = SentimentHead.class.getResourceAsStream("/io/parley/plugins/sentiment/sentiment-head.json")) {
            descriptor = HeadDescriptor.read(in);
        }
        String ref = descriptor.id() + "@" + descriptor.version();
        Map<String, Double> metrics = new TreeMap<>();
        descriptor.metrics().forEach((name, value) -> metrics.put(name.replace('.', '_'), value));

        try (RuleSetEvaluator evaluator = compile("""
                template "registry" version 1 language zh
                lexicon thanks = ["谢谢", "感谢", "多谢"]
                operator bitter = sentiment { label: "negative" }
                operator unhappy = satisfaction { below: 0.4 }
                rule sarcastic_thanks "讽刺性感谢" severity major:
                  customer says any thanks and customer turn matches bitter
                rule unhappy_customer "客户不满意" severity major:
                  customer turn matches unhappy
                """)) {
            assertThat(evaluator.models()).singleElement().satisfies(model -> {
                assertThat(model.id()).isEqualTo("sentiment-zh-context");
                assertThat(model.ref()).isEqualTo(ref);
                assertThat(model.runner()).isEqualTo("sentiment-head");
                assertThat(model.source()).isEqualTo("bundled: parley-plugin-sentiment io/parley/plugins/sentiment/sentiment-head.onnx");
                assertThat(model.files()).containsExactly(resource("sentiment-head.onnx"), resource("sentiment-head.json"),
                        resource("sentiment-text.onnx"), resource("sentiment-text.json"));
                assertThat(model.labels()).containsExactly("negative", "neutral", "positive");
                assertThat(model.inputs()).containsEntry("encoder", "bge-small-zh-v1.5-q").containsKey("features").hasSize(2);
                assertThat(model.outputs()).containsOnlyKeys("probabilities");
                assertThat(model.metrics()).isEqualTo(metrics).containsKey("jddc_macro_f1");
                assertThat(model.tokenizer()).isNull();
            });

            EvaluationResult result = evaluator.evaluate(AcceptanceDialogues.dialogue(
                    "c@0: 宽带断了三天了，报修了也没人来",
                    "a@300: 非常抱歉给您带来不便，我们会尽快为您处理",
                    "c@330: 冠冕堂皇的话我不要听…请解决关键问题，谢谢！！！"));

            assertThat(result.hits()).extracting(Hit::rule, hit -> models(hit.evidence()))
                    .containsExactly(tuple("sarcastic_thanks", List.of("<none>", ref)), tuple("unhappy_customer", List.of(ref)));
        }
    }

    @Test
    void theTrainedDialogueHeadIsRegisteredBesideTheTurnHeadAndItsSignalsNameIt() throws Exception {
        DialogueHeadDescriptor descriptor;
        try (InputStream in = SentimentHead.class.getResourceAsStream("/io/parley/plugins/sentiment/sentiment-dialogue.json")) {
            descriptor = DialogueHeadDescriptor.read(in);
        }
        String ref = descriptor.id() + "@" + descriptor.version();

        try (RuleSetEvaluator evaluator = compile("""
                template "registry" version 1 language zh
                operator unhappy = satisfaction { dialogue_model: "trained" }
                rule unhappy_customer "客户不满意" severity major:
                  customer turn matches unhappy
                """)) {
            assertThat(evaluator.models()).extracting(RegisteredModel::id).containsExactlyInAnyOrder("sentiment-zh-context", "sentiment-zh-dialogue");
            assertThat(evaluator.models()).filteredOn(model -> model.id().equals("sentiment-zh-dialogue")).singleElement().satisfies(model -> {
                assertThat(model.ref()).isEqualTo(ref);
                assertThat(model.runner()).isEqualTo("sentiment-dialogue-head");
                assertThat(model.source()).isEqualTo("bundled: parley-plugin-sentiment io/parley/plugins/sentiment/sentiment-dialogue.onnx");
                assertThat(model.files()).containsExactly(resource("sentiment-dialogue.onnx"), resource("sentiment-dialogue.json"));
                assertThat(model.labels()).containsExactly("negative", "neutral", "positive");
                assertThat(model.inputs()).containsEntry("turn_head", "sentiment-zh-context 2.20261124").containsKey("features").hasSize(2);
                assertThat(model.metrics()).containsKey("stc3_macro_f1").containsKey("jddc_macro_f1");
            });

            EvaluationResult result = evaluator.evaluate(AcceptanceDialogues.dialogue(
                    "c@0: 你好，我的快递三天了还没到，订单号2026111100001234",
                    "c@70: 有人吗？",
                    "c@150: 能不能帮我查一下物流？",
                    "c@240: 谢谢你"));

            assertThat(result.hits()).extracting(Hit::rule, hit -> models(hit.evidence()))
                    .containsExactly(tuple("unhappy_customer", List.of(ref)));
        }
    }

    private static List<String> models(List<Evidence> evidence) {
        List<String> models = new ArrayList<>(evidence.stream().map(e -> e.model() == null ? "<none>" : e.model()).distinct().toList());
        models.sort(null);
        return models;
    }

    private static ModelFile resource(String name) throws IOException {
        try (InputStream in = SentimentHead.class.getResourceAsStream("/io/parley/plugins/sentiment/" + name)) {
            byte[] bytes = in.readAllBytes();
            return new ModelFile(name, bytes.length, HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RuleSetEvaluator compile(String source) {
        return RuleFiles.evaluator("registry.parley", source);
    }
}
