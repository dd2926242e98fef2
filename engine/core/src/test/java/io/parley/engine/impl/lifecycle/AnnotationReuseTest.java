package io.parley.engine.impl.lifecycle;

import io.parley.engine.api.TenantId;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.parley.engine.api.Dialogue;
import io.parley.engine.api.RuleSetRef;
import io.parley.engine.api.Turn;
import io.parley.engine.api.ruleset.OperatorBinding;
import io.parley.engine.api.ruleset.PluginBinding;
import io.parley.engine.api.ruleset.RuleDefinition;
import io.parley.engine.api.ruleset.RuleSetDefinition;
import io.parley.engine.impl.annotate.ModelOperator;
import io.parley.engine.impl.evaluate.RuleSetEvaluator;
import io.parley.engine.impl.ingest.DialogueIngestor;
import io.parley.engine.impl.plugin.PluginRegistry;
import io.parley.storage.mongo.StorageFactory;
import io.parley.engine.spi.plugin.ConfigOption;
import io.parley.engine.spi.plugin.ConfigOption.ConfigType;
import io.parley.engine.spi.plugin.ModelRunnerPlugin;
import io.parley.engine.spi.plugin.PluginInfo;
import io.parley.engine.spi.plugin.PluginKind;
import io.parley.engine.spi.storage.Storage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A backtest reuses the signals model-backed operators stored at ingest instead of calling the
 * model again: through the real ingest path, the embedded MongoDB, the built-in model operator and
 * Drools, with a model runner that counts every text it classifies.
 */
class AnnotationReuseTest {
    private static final String DRL = """
            package parley.rules.shop;
            import io.parley.engine.api.facts.SignalFact;
            global io.parley.engine.api.facts.HitCollector hits;
            rule "complaint"
            when
                SignalFact(name == "complaint", kind == "model")
            then
                hits.hit("complaint", kcontext.getMatch().getObjects().toArray());
            end
            rule "refund"
            when
                SignalFact(name == "refund", kind == "model")
            then
                hits.hit("refund", kcontext.getMatch().getObjects().toArray());
            end
            """;

    private final CountingModelRunner runner = new CountingModelRunner();
    private final PluginRegistry plugins = PluginRegistry.of(List.of(new ModelOperator(), runner));
    private final List<RuleSetEvaluator> evaluators = new ArrayList<>();
    @TempDir
    Path dataDir;
    private Storage storage;
    private RuleSetEvaluator v1;

    @BeforeEach
    void ingest() {
        storage = StorageFactory.open(dataDir, null);
        v1 = compile(1, List.of(complaint(0.5)));
        // 50 dialogues, each one customer turn: even ones complain (投诉), every third asks for a refund (退款).
        try (DialogueIngestor ingestor = new DialogueIngestor(storage.tenant(TenantId.DEFAULT), () -> v1, 1)) {
            ingestor.evaluateAndStoreAll(IntStream.range(0, 50).mapToObj(i -> dialogue(i,
                    (i % 2 == 0 ? "我要投诉" : "发货了吗") + (i % 3 == 0 ? "，退款" : ""))).toList());
        }
    }

    @AfterEach
    void close() {
        evaluators.forEach(RuleSetEvaluator::close);
        storage.close();
    }

    @Test
    void ingestStoresTheSignalsOfModelBackedOperatorsOnly() {
        assertThat(runner.texts.get()).isEqualTo(50);
        assertThat(v1.annotationKeys()).singleElement().satisfies(key -> assertThat(key).startsWith("model@").endsWith("/counting@7"));
        var stored = storage.tenant(TenantId.DEFAULT).annotations().find(List.of("d-00", "d-01"), v1.annotationKeys());
        assertThat(stored.get("d-00")).hasSize(1);
        assertThat(stored.get("d-00").values().iterator().next().signals()).singleElement()
                .satisfies(signal -> {
                    assertThat(signal.getTerm()).isEqualTo("counting@7");
                    assertThat(signal.getModel()).isEqualTo("counting@7");
                });
        assertThat(stored.get("d-01").values().iterator().next().signals()).isEmpty();
    }

    @Test
    void aBacktestReusesUnchangedOperatorsAndRunsOnlyNewOnes() {
        RuleSetEvaluator v2 = compile(2, List.of(complaint(0.5), refund()));
        int before = runner.texts.get();

        Backtest.Outcome outcome = backtest(v1, v2);

        // Only the new refund operator called the model: once per dialogue, for the candidate.
        assertThat(runner.texts.get() - before).isEqualTo(50);
        assertThat(outcome.annotations()).isEqualTo(new Backtest.Annotations(100, 50));
        assertThat(hits(outcome, "complaint")).containsExactly(25L, 25L);
        assertThat(hits(outcome, "refund")).containsExactly(0L, 17L);
    }

    @Test
    void aChangedConfigurationOrDialogueRunsTheModelAgain() {
        RuleSetEvaluator stricter = compile(3, List.of(complaint(0.95)));
        // Changed after ingest and not evaluated since: its stored signals are stale.
        storage.tenant(TenantId.DEFAULT).dialogues().save(dialogue(1, "我要投诉"));
        int before = runner.texts.get();

        Backtest.Outcome outcome = backtest(v1, stricter);

        // Baseline: 49 reused, d-01 recomputed; candidate: a new threshold, all 50 recomputed.
        assertThat(runner.texts.get() - before).isEqualTo(51);
        assertThat(outcome.annotations()).isEqualTo(new Backtest.Annotations(49, 51));
        assertThat(hits(outcome, "complaint")).containsExactly(26L, 0L);
    }

    private Backtest.Outcome backtest(RuleSetEvaluator baseline, RuleSetEvaluator candidate) {
        return Backtest.run(storage.tenant(TenantId.DEFAULT).dialogues(), storage.tenant(TenantId.DEFAULT).annotations(), baseline, candidate,
                new Backtest.Options(null, 2, (examined, total) -> { }, () -> false));
    }

    private static List<Long> hits(Backtest.Outcome outcome, String rule) {
        return outcome.report().rules().stream().filter(r -> r.rule().equals(rule))
                .flatMap(r -> java.util.stream.Stream.of(r.baseline().hits(), r.candidate().hits())).toList();
    }

    private RuleSetEvaluator compile(int version, List<OperatorBinding> operators) {
        RuleSetEvaluator evaluator = RuleSetEvaluator.compile(new RuleSetDefinition(new RuleSetRef("shop", version), "zh",
                List.of(), List.of(), operators, List.of(new RuleDefinition("complaint", "投诉", "major", List.of()),
                new RuleDefinition("refund", "退款", "minor", List.of())), DRL, null, null), plugins, new SimpleMeterRegistry());
        evaluators.add(evaluator);
        return evaluator;
    }

    private static OperatorBinding complaint(double threshold) {
        return new OperatorBinding("complaint", new PluginBinding(ModelOperator.ID, Map.of("runner", "counting",
                "label", "complaint", "threshold", threshold, "model", Map.of("keyword", "投诉")), "shop.parley:3:1"));
    }

    private static OperatorBinding refund() {
        return new OperatorBinding("refund", new PluginBinding(ModelOperator.ID, Map.of("runner", "counting",
                "label", "complaint", "model", Map.of("keyword", "退款")), "shop.parley:4:1"));
    }

    private static Dialogue dialogue(int i, String text) {
        return new Dialogue("d-%02d".formatted(i), "im", null, null, null, null, List.of(new Turn("customer", text)), null, null);
    }

    /** A "model" that says label 1 with 0.9 when the text holds its keyword, else 0.2; counts the texts it classifies. */
    static final class CountingModelRunner implements ModelRunnerPlugin {
        final AtomicInteger texts = new AtomicInteger();

        @Override
        public PluginInfo info() {
            return new PluginInfo("counting", "0.1.0", PluginKind.MODEL_RUNNER, "Counting keyword 'classifier' for tests.",
                    List.of(ConfigOption.required("keyword", ConfigType.STRING, "The keyword.")));
        }

        @Override
        public LoadedModel load(Map<String, Object> config, String origin) {
            String keyword = (String) config.get("keyword");
            return new LoadedModel() {
                @Override
                public String id() {
                    return "counting";
                }

                @Override
                public String version() {
                    return "7";
                }

                @Override
                public List<String> labels() {
                    return List.of("other", "complaint");
                }

                @Override
                public List<double[]> classify(List<String> batch) {
                    texts.addAndGet(batch.size());
                    return batch.stream().map(text -> text.contains(keyword) ? new double[]{0.1, 0.9} : new double[]{0.8, 0.2})
                            .toList();
                }

                @Override
                public void close() {
                }
            };
        }
    }
}
