package io.parley.engine.impl.evaluate;

import io.parley.engine.api.TenantId;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.parley.engine.api.EvaluationException;
import io.parley.engine.api.EvaluationResult;
import io.parley.engine.api.Hit;
import io.parley.engine.api.RuleSetRef;
import io.parley.engine.api.model.ModelFile;
import io.parley.engine.api.model.RegisteredModel;
import io.parley.engine.impl.lifecycle.RuleSetChecker;
import io.parley.storage.mongo.StorageFactory;
import io.parley.engine.spi.RuleSetCompiler;
import io.parley.engine.spi.storage.Storage;
import io.parley.engine.api.ruleset.OperatorBinding;
import io.parley.engine.api.ruleset.PluginBinding;
import io.parley.engine.api.ruleset.RuleDefinition;
import io.parley.engine.api.ruleset.RuleSetDefinition;
import io.parley.engine.impl.annotate.ModelOperator;
import io.parley.engine.impl.evaluate.RuleSetCompilationException.Problem;
import io.parley.engine.impl.metrics.EngineMetrics;
import io.parley.engine.impl.plugin.PluginRegistry;
import io.parley.engine.spi.plugin.ConfigOption;
import io.parley.engine.spi.plugin.ConfigOption.ConfigType;
import io.parley.engine.spi.plugin.ModelRunnerPlugin;
import io.parley.engine.spi.plugin.PluginInfo;
import io.parley.engine.spi.plugin.PluginKind;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static io.parley.engine.testing.Dialogues.dialogue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

/** The built-in {@code model} operator over a model runner: signals naming the model version, failures, compile problems. */
class ModelOperatorEvaluationTest {
    private static final RuleSetRef REF = new RuleSetRef("models", 1);
    private static final AtomicInteger CLOSED = new AtomicInteger();
    private static final String DRL = """
            package parley.rules.models;
            import io.parley.engine.api.facts.SignalFact;
            global io.parley.engine.api.facts.HitCollector hits;

            rule "complaint"
            when
                SignalFact(name == "complaint", kind == "model", term == "keywords@2", role == "customer")
            then
                hits.hit("complaint", kcontext.getMatch().getObjects().toArray());
            end
            """;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final PluginRegistry plugins = PluginRegistry.of(List.of(new ModelOperator(), new KeywordModelRunner()));
    private RuleSetEvaluator evaluator;

    @AfterEach
    void close() {
        if (evaluator != null) {
            evaluator.close();
        }
    }

    /**
     * A model runner of its own: the "model" says complaint with probability 0.9 when the text holds
     * its keyword, else 0.2; a text "NaN" makes it return NaN, as a broken model would.
     */
    static final class KeywordModelRunner implements ModelRunnerPlugin {
        @Override
        public PluginInfo info() {
            return new PluginInfo("keywords", "0.1.0", PluginKind.MODEL_RUNNER, "Keyword 'classifier' for tests.",
                    List.of(ConfigOption.required("keyword", ConfigType.STRING, "The complaint keyword."),
                            ConfigOption.optional("version", ConfigType.STRING, "2", "The model version."),
                            ConfigOption.optional("file", ConfigType.BOOLEAN, "false",
                                    "Whether it registers its keyword as a file (keywords.txt), as a runner with files does.")));
        }

        @Override
        public LoadedModel load(Map<String, Object> config, String origin) {
            String keyword = (String) config.get("keyword");
            String version = (String) config.get("version");
            boolean file = (Boolean) config.get("file");
            return new LoadedModel() {
                @Override
                public Optional<RegisteredModel> registration() {
                    return file ? Optional.of(new RegisteredModel(id(), version, "keywords", "keyword " + keyword,
                            List.of(ModelFile.of("keywords.txt", new ByteArrayInputStream(keyword.getBytes(StandardCharsets.UTF_8)))),
                            null, labels(), Map.of(), Map.of(), Map.of("f1", 0.5))) : Optional.empty();
                }

                @Override
                public String id() {
                    return "keywords";
                }

                @Override
                public String version() {
                    return version;
                }

                @Override
                public List<String> labels() {
                    return List.of("other", "complaint");
                }

                @Override
                public List<double[]> classify(List<String> texts) {
                    return texts.stream().map(text -> text.equals("NaN") ? new double[]{Double.NaN, Double.NaN}
                            : text.contains(keyword) ? new double[]{0.1, 0.9} : new double[]{0.8, 0.2}).toList();
                }

                @Override
                public void close() {
                    CLOSED.incrementAndGet();
                }
            };
        }
    }

    private static OperatorBinding model(String name, Map<String, Object> config, String origin) {
        return new OperatorBinding(name, new PluginBinding(ModelOperator.ID, config, origin));
    }

    private static RuleSetDefinition definition(List<OperatorBinding> operators) {
        return new RuleSetDefinition(REF, "zh", List.of(), List.of(), operators,
                List.of(new RuleDefinition("complaint", "投诉", "major", List.of())), DRL, null, null);
    }

    private RuleSetEvaluator compile(RuleSetDefinition definition) {
        evaluator = RuleSetEvaluator.compile(definition, plugins, meters);
        return evaluator;
    }

    @Test
    void aTurnWhoseLabelProbabilityReachesTheThresholdIsSignalledWithTheModelVersion() {
        compile(definition(List.of(model("complaint",
                Map.of("runner", "keywords", "label", "complaint", "model", Map.of("keyword", "投诉")), "r.parley:3:1"))));

        EvaluationResult result = evaluator.evaluate(dialogue("d-1", "customer: 我要投诉", "agent: 好的", "customer: 谢谢"));

        assertThat(result.signals()).isEqualTo(1);
        assertThat(result.hits()).singleElement().satisfies(hit -> {
            assertThat(hit.rule()).isEqualTo("complaint");
            assertThat(hit.confidence()).isEqualTo(0.9);
            assertThat(hit.evidence()).singleElement().satisfies(evidence -> {
                assertThat(evidence.turn()).isZero();
                assertThat(evidence.text()).isEqualTo("我要投诉");
                assertThat(evidence.model()).isEqualTo("keywords@2");
            });
        });
    }

    @Test
    void theModelsARuleSetUsesAreRecordedOncePerVersionWithTheirRunnerAndOrigin() {
        compile(definition(List.of(
                model("complaint", Map.of("runner", "keywords", "label", "complaint", "model", Map.of("keyword", "投诉")), "r.parley:3:1"),
                model("calm", Map.of("runner", "keywords", "label", "other", "model", Map.of("keyword", "投诉")), "r.parley:4:1"),
                model("v3", Map.of("runner", "keywords", "label", "complaint", "model", Map.of("keyword", "差评", "version", "3")),
                        "r.parley:5:1"))));

        assertThat(evaluator.models()).containsExactly(
                new RegisteredModel("keywords", "2", "keywords", "r.parley:3:1", List.of(), null, List.of("other", "complaint"),
                        Map.of(), Map.of(), Map.of()),
                new RegisteredModel("keywords", "3", "keywords", "r.parley:5:1", List.of(), null, List.of("other", "complaint"),
                        Map.of(), Map.of(), Map.of()));
    }

    @Test
    void aCheckerWithARegistryRegistersTheModelsAndRefusesAChangedVersion(@TempDir Path dataDir) {
        String rules = "complaint keyword 投诉";
        RuleSetCompiler compiler = (fileName, source) -> new RuleSetCompiler.Compilation(definition(List.of(model("complaint",
                Map.of("runner", "keywords", "label", "complaint", "model", Map.of("keyword", source.substring(18), "file", true)),
                "r.parley:3:1"))),
                List.of());
        try (Storage storage = StorageFactory.open(dataDir, null)) {
            RuleSetChecker checker = new RuleSetChecker(compiler, plugins, meters).registeringModelsIn(storage.tenant(TenantId.DEFAULT).models());
            RuleSetChecker.Checked first = checker.check("r.parley", rules);
            first.evaluator().close();

            assertThat(first.hasErrors()).isFalse();
            assertThat(storage.tenant(TenantId.DEFAULT).models().all()).singleElement().satisfies(model -> {
                assertThat(model.ref()).isEqualTo("keywords@2");
                assertThat(model.source()).isEqualTo("keyword 投诉");
                assertThat(model.files()).extracting(ModelFile::name, ModelFile::size).containsExactly(tuple("keywords.txt", 6L));
                assertThat(model.metrics()).containsExactlyEntriesOf(Map.of("f1", 0.5));
                assertThat(model.registeredAt()).isNotNull();
            });
            // Same files again: a no-op.
            RuleSetChecker.Checked again = checker.check("r.parley", rules);
            again.evaluator().close();
            assertThat(again.hasErrors()).isFalse();
            assertThat(storage.tenant(TenantId.DEFAULT).models().all()).containsExactly(storage.tenant(TenantId.DEFAULT).models().find("keywords", "2").orElseThrow());

            // Another keyword file under the same version: refused, nothing stays prepared.
            int closedBefore = CLOSED.get();
            RuleSetChecker.Checked changed = checker.check("r.parley", "complaint keyword 差评");

            assertThat(changed.hasErrors()).isTrue();
            assertThat(changed.diagnostics()).singleElement().satisfies(diagnostic -> {
                assertThat(diagnostic.code()).isEqualTo(RuleSetChecker.MODEL_REFUSED);
                assertThat(diagnostic.message()).startsWith("model keywords@2 is already registered (")
                        .contains(", from keyword 投诉) with other files: keywords.txt sha256 ")
                        .endsWith("(6 bytes); versions are immutable: give the changed model a new version");
            });
            assertThat(CLOSED.get() - closedBefore).isEqualTo(1);
            assertThat(storage.tenant(TenantId.DEFAULT).models().find("keywords", "2").orElseThrow().source()).isEqualTo("keyword 投诉");
        }
    }

    @Test
    void theThresholdDecides() {
        compile(definition(List.of(model("complaint", Map.of("runner", "keywords", "label", "complaint", "threshold", 0.95,
                "model", Map.of("keyword", "投诉")), "r.parley:3:1"))));

        assertThat(evaluator.evaluate(dialogue("d-1", "customer: 我要投诉")).hits()).isEmpty();
        // Another label of the same model: only 谢谢 (other 0.8) reaches 0.5; the term names the model either way.
        evaluator.close();
        compile(definition(List.of(model("complaint", Map.of("runner", "keywords", "label", "other", "threshold", 0.5,
                "model", Map.of("keyword", "投诉")), "r.parley:3:1"))));
        EvaluationResult other = evaluator.evaluate(dialogue("d-2", "customer: 我要投诉", "customer: 谢谢"));
        assertThat(other.signals()).isEqualTo(1);
        assertThat(other.hits()).extracting(Hit::confidence).containsExactly(0.8);
    }

    @Test
    void aModelReturningNaNFailsThatEvaluationOnlyNamingTheOperatorAndIsCounted() {
        compile(definition(List.of(model("complaint",
                Map.of("runner", "keywords", "label", "complaint", "model", Map.of("keyword", "投诉")), "r.parley:3:1"))));

        assertThatThrownBy(() -> evaluator.evaluate(dialogue("bad", "customer: 你好", "customer: NaN")))
                .isInstanceOf(EvaluationException.class)
                .hasMessage("dialogue bad: operator 'complaint' (model 1.0.0) failed: model keywords@2 gave probability NaN for turn 2");

        assertThat(evaluator.evaluate(dialogue("good", "customer: 投诉")).hits()).hasSize(1);
        assertThat(meters.get(EngineMetrics.PLUGIN_FAILURES)
                .tags("kind", "operator", "plugin", "model", "name", "complaint").counter().count()).isEqualTo(1);
        assertThat(meters.get(EngineMetrics.EVALUATION_FAILURES).tag("ruleset", "models@1").counter().count()).isEqualTo(1);
    }

    @Test
    void unknownRunnersBadRunnerConfigsAndUnknownLabelsAreCompileProblemsNamingTheUse() {
        RuleSetDefinition broken = definition(List.of(
                model("a", Map.of("runner", "keyword", "label", "complaint", "model", Map.of("keyword", "x")), "rules/m.parley:4:3"),
                model("b", Map.of("runner", "keywords", "label", "complaint", "model", Map.of("keywrd", "x")), "rules/m.parley:5:3"),
                model("c", Map.of("runner", "keywords", "label", "angry", "model", Map.of("keyword", "x")), "rules/m.parley:6:3"),
                model("d", Map.of("runner", "keywords", "label", "complaint", "model", Map.of("keyword", "x")), "rules/m.parley:7:3")));
        int closedBefore = CLOSED.get();

        assertThatThrownBy(() -> RuleSetEvaluator.compile(broken, plugins, meters))
                .isInstanceOfSatisfying(RuleSetCompilationException.class, e -> assertThat(e.problems()).containsExactly(
                        new Problem("rules/m.parley", 4, 3, "operator 'a': unknown model runner plugin 'keyword'; did you mean"
                                + " 'keywords'? (installed: keywords)"),
                        new Problem("rules/m.parley", 5, 3, "operator 'b': model runner 'keywords' 0.1.0 has no option 'keywrd'"
                                + " (did you mean 'keyword'?); model runner 'keywords' 0.1.0 needs option 'keyword' (The complaint keyword.)"),
                        new Problem("rules/m.parley", 6, 3, "operator 'c': model keywords@2 has no label 'angry'; its labels: [other, complaint]")));
        assertThat(CLOSED.get() - closedBefore).as("c's model after refusing it, d's when the rule set fails").isEqualTo(2);
    }
}
