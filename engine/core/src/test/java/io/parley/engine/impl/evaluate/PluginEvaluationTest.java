package io.parley.engine.impl.evaluate;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.parley.engine.api.Dialogue;
import io.parley.engine.api.EvaluationException;
import io.parley.engine.api.EvaluationResult;
import io.parley.engine.api.Hit;
import io.parley.engine.api.RuleSetRef;
import io.parley.engine.api.Score;
import io.parley.engine.api.facts.SignalFact;
import io.parley.engine.api.facts.TurnFact;
import io.parley.engine.api.ruleset.LexiconDefinition;
import io.parley.engine.api.ruleset.OperatorBinding;
import io.parley.engine.api.ruleset.PluginBinding;
import io.parley.engine.api.ruleset.RuleDefinition;
import io.parley.engine.api.ruleset.RuleSetDefinition;
import io.parley.engine.api.ruleset.ScorecardDefinition;
import io.parley.engine.api.ruleset.ScorecardDefinition.GradeBand;
import io.parley.engine.api.ruleset.ScorecardDefinition.Item;
import io.parley.engine.impl.annotate.LexiconOperator;
import io.parley.engine.impl.annotate.RegexOperator;
import io.parley.engine.impl.evaluate.RuleSetCompilationException.Problem;
import io.parley.engine.impl.metrics.EngineMetrics;
import io.parley.engine.impl.plugin.PluginRegistry;
import io.parley.engine.spi.plugin.ConfigOption;
import io.parley.engine.spi.plugin.ConfigOption.ConfigType;
import io.parley.engine.spi.plugin.OperatorPlugin;
import io.parley.engine.spi.plugin.PluginException;
import io.parley.engine.spi.plugin.PluginInfo;
import io.parley.engine.spi.plugin.PluginKind;
import io.parley.engine.spi.plugin.ScoringFunctionPlugin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import static io.parley.engine.testing.Dialogues.dialogue;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Declared plugin operators and formulas inside an evaluation: order, isolation of failures, metrics, compile problems. */
class PluginEvaluationTest {
    private static final RuleSetRef REF = new RuleSetRef("plugins", 1);
    private static final AtomicInteger CLOSED = new AtomicInteger();
    private static final String DRL = """
            package parley.rules.plugins;
            import io.parley.engine.api.facts.SignalFact;
            global io.parley.engine.api.facts.HitCollector hits;

            rule "complaint"
            when
                SignalFact(name == "complaint", role == "customer")
            then
                hits.hit("complaint", kcontext.getMatch().getObjects().toArray());
            end

            rule "echoed"
            when
                SignalFact(name == "echo", role == "customer")
            then
                hits.hit("echoed", kcontext.getMatch().getObjects().toArray());
            end
            """;

    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
    private final PluginRegistry plugins = PluginRegistry.of(List.of(new LexiconOperator(), new RegexOperator(),
            new MarkerOperator(), new EchoOperator(), new FailingOperator(), new FixedFormula()));
    private RuleSetEvaluator evaluator;

    @AfterEach
    void close() {
        if (evaluator != null) {
            evaluator.close();
        }
    }

    private static OperatorBinding operator(String name, String plugin, Map<String, Object> config, String origin) {
        return new OperatorBinding(name, new PluginBinding(plugin, config, origin));
    }

    private static RuleSetDefinition definition(List<OperatorBinding> operators, ScorecardDefinition scorecard) {
        return new RuleSetDefinition(REF, "zh", List.of(new LexiconDefinition("anger", List.of("投诉"))), List.of(),
                operators, List.of(new RuleDefinition("complaint", "投诉", "major", List.of()),
                new RuleDefinition("echoed", "echo", "minor", List.of())), DRL, scorecard, null);
    }

    private RuleSetEvaluator compile(RuleSetDefinition definition) {
        evaluator = RuleSetEvaluator.compile(definition, plugins, meters);
        return evaluator;
    }

    @Test
    void declaredOperatorsRunAfterTheBuiltInsInOrderEachSeeingTheSignalsBefore() {
        compile(definition(List.of(
                operator("complaint", "marker", Map.of("text", "退货"), "r.parley:3:1"),
                operator("echo", "echo", Map.of(), "r.parley:4:1")), null));

        EvaluationResult result = evaluator.evaluate(dialogue("d-1", "customer: 我要投诉，我要退货", "agent: 好的"));

        // anger (lexicon), complaint (marker), then echo repeats both: 2 + 2.
        assertThat(result.signals()).isEqualTo(4);
        assertThat(result.hits()).extracting(Hit::rule).containsExactly("complaint", "echoed");
        assertThat(result.hits().get(0).evidence()).singleElement().satisfies(e -> assertThat(e.text()).isEqualTo("退货"));
    }

    @Test
    void aHitIsAsSureAsTheLeastSureSignalItMatched() {
        compile(definition(List.of(operator("complaint", "marker", Map.of("text", "退货", "score", 0.62), "r.parley:3:1")),
                null));

        EvaluationResult result = evaluator.evaluate(dialogue("d-1", "customer: 我要投诉，我要退货", "agent: 好的"));

        assertThat(result.hits()).singleElement().satisfies(hit -> {
            assertThat(hit.rule()).isEqualTo("complaint");
            assertThat(hit.confidence()).isEqualTo(0.62);
        });
    }

    @Test
    void aFailingOperatorFailsOnlyThatDialogueNamingTheOperatorAndIsCounted() {
        compile(definition(List.of(operator("long_wait", "failing", Map.of("how", "plugin"), "r.parley:3:1")), null));
        Dialogue good = dialogue("good", "customer: 你好");

        assertThatThrownBy(() -> evaluator.evaluate(dialogue("bad", "customer: boom")))
                .isInstanceOf(EvaluationException.class)
                .hasMessage("dialogue bad: operator 'long_wait' (failing 0.1.0) failed: turn 0 went boom");

        assertThat(evaluator.evaluate(good).dialogueId()).isEqualTo("good");
        assertThat(meters.get(EngineMetrics.PLUGIN_FAILURES)
                .tags("kind", "operator", "plugin", "failing", "name", "long_wait").counter().count()).isEqualTo(1);
        assertThat(meters.get(EngineMetrics.EVALUATIONS).tag("ruleset", "plugins@1").counter().count()).isEqualTo(2);
        assertThat(meters.get(EngineMetrics.EVALUATION_FAILURES).tag("ruleset", "plugins@1").counter().count()).isEqualTo(1);
    }

    @Test
    void aCallPastItsBudgetFailsThatDialogueWhetherItBlocksOrSpinsAndTheThreadIsNotLeftInterrupted() {
        PluginRegistry budgeted = plugins.withCallBudget(Duration.ofMillis(100));
        RuleSetEvaluator blocking = RuleSetEvaluator.compile(definition(List.of(
                operator("stuck", "failing", Map.of("how", "block"), "r.parley:3:1")), null), budgeted, meters);
        RuleSetEvaluator spinning = RuleSetEvaluator.compile(definition(List.of(
                operator("busy", "failing", Map.of("how", "spin"), "r.parley:3:1")), null), budgeted, meters);
        try {
            long start = System.nanoTime();
            assertThatThrownBy(() -> blocking.evaluate(dialogue("slow", "customer: boom")))
                    .isInstanceOf(EvaluationException.class)
                    .hasMessageStartingWith("dialogue slow: operator 'stuck' (failing 0.1.0) failed: took ")
                    .hasMessageEndingWith(" ms, over its time budget of 100 ms (set with -Dparley.plugin.call-budget)");
            assertThat(Duration.ofNanos(System.nanoTime() - start)).as("interrupted, not waited out").isLessThan(Duration.ofMinutes(1));
            assertThat(Thread.currentThread().isInterrupted()).isFalse();

            assertThatThrownBy(() -> spinning.evaluate(dialogue("hot", "customer: boom")))
                    .hasMessageContaining("operator 'busy' (failing 0.1.0) failed: took ")
                    .hasMessageContaining("over its time budget of 100 ms");
            assertThat(Thread.currentThread().isInterrupted()).isFalse();

            assertThat(blocking.evaluate(dialogue("fine", "customer: 你好")).dialogueId()).isEqualTo("fine");
            assertThat(meters.get(EngineMetrics.PLUGIN_FAILURES).tags("kind", "operator", "name", "stuck").counter().count())
                    .isEqualTo(1);
        } finally {
            blocking.close();
            spinning.close();
        }
    }

    @Test
    void theCallBudgetMustBePositive() {
        assertThatThrownBy(() -> plugins.withCallBudget(Duration.ZERO))
                .hasMessage("a plugin call budget must be positive, not PT0S");
    }

    @Test
    void bugsAndRunawayRecursionInAnOperatorAreIsolatedToo() {
        compile(definition(List.of(
                operator("buggy", "failing", Map.of("how", "runtime"), "r.parley:3:1"),
                operator("recursive", "failing", Map.of("how", "overflow"), "r.parley:4:1")), null));

        assertThatThrownBy(() -> evaluator.evaluate(dialogue("bad", "customer: boom")))
                .hasMessage("dialogue bad: operator 'buggy' (failing 0.1.0) failed: IllegalStateException: bug");

        RuleSetEvaluator recursive = RuleSetEvaluator.compile(definition(List.of(
                operator("recursive", "failing", Map.of("how", "overflow"), "r.parley:4:1")), null), plugins, meters);
        try {
            assertThatThrownBy(() -> recursive.evaluate(dialogue("deep", "customer: boom")))
                    .isInstanceOf(EvaluationException.class)
                    .hasMessage("dialogue deep: operator 'recursive' (failing 0.1.0) failed: stack overflow (runaway recursion?)");
            assertThat(recursive.evaluate(dialogue("fine", "customer: 你好")).hits()).isEmpty();
        } finally {
            recursive.close();
        }
    }

    @Test
    void everyBadUseIsAProblemPointingAtItsDeclaration() {
        RuleSetDefinition broken = definition(List.of(
                operator("a", "markr", Map.of("text", "x"), "rules/shop.parley:7:3"),
                operator("b", "marker", Map.of("txt", "x"), "rules/shop.parley:8:3"),
                operator("c", "failing", Map.of("how", "refuse"), "rules/shop.parley:9:3"),
                operator("d", "failing", Map.of("how", "refuse-in-file", "file", "rules/ops/d.js"), "rules/shop.parley:10:3"),
                operator("e", "failing", Map.of("how", "plugin"), "rules/shop.parley:11:3")),
                null);
        int closedBefore = CLOSED.get();

        assertThatThrownBy(() -> RuleSetEvaluator.compile(broken, plugins, meters))
                .isInstanceOfSatisfying(RuleSetCompilationException.class, e -> assertThat(e.problems()).containsExactly(
                        new Problem("rules/shop.parley", 7, 3, "operator 'a': unknown operator plugin 'markr'; did you mean"
                                + " 'marker'? (installed: echo, failing, lexicon, marker, regex)"),
                        new Problem("rules/shop.parley", 8, 3, "operator 'b': operator 'marker' 0.1.0 has no option 'txt'"
                                + " (did you mean 'text'?); operator 'marker' 0.1.0 needs option 'text' (Text to mark.)"),
                        new Problem("rules/shop.parley", 12, 5, "operator 'c': SyntaxError: missing )"),
                        new Problem("rules/ops/d.js", 2, 1, "operator 'd': SyntaxError: missing )")));
        assertThat(CLOSED.get() - closedBefore).as("'e', prepared, is closed again").isEqualTo(1);
    }

    @Test
    void aFormulaReplacesTheStandardValueClampedAndGradedButAVetoStillWins() {
        ScorecardDefinition byFormula = new ScorecardDefinition("service", 100,
                List.of(new Item("complaint", -10, false)), List.of(new GradeBand("A", 90), new GradeBand("B", 0)),
                new PluginBinding("fixed", Map.of("value", 140.0), "r.parley:20:1"));
        compile(definition(List.of(operator("complaint", "marker", Map.of("text", "退货"), "r.parley:3:1")), byFormula));

        Score score = evaluator.evaluate(dialogue("d", "customer: 我要退货")).score();

        assertThat(score).isEqualTo(new Score("service", 100, "A", List.of(new Score.ScoreItem("complaint", -10)), null));

        RuleSetEvaluator vetoing = RuleSetEvaluator.compile(definition(
                List.of(operator("complaint", "marker", Map.of("text", "退货"), "r.parley:3:1")),
                new ScorecardDefinition("service", 100, List.of(new Item("complaint", 0, true)), byFormula.grades(),
                        byFormula.formula())), plugins, meters);
        try {
            assertThat(vetoing.evaluate(dialogue("d", "customer: 我要退货")).score().value()).isZero();
        } finally {
            vetoing.close();
        }
    }

    @Test
    void aFailingFormulaFailsTheDialogueNamingTheScorecard() {
        ScorecardDefinition nan = new ScorecardDefinition("service", 100, List.of(), List.of(),
                new PluginBinding("fixed", Map.of("value", Double.NaN), "r.parley:20:1"));
        compile(definition(List.of(), nan));

        assertThatThrownBy(() -> evaluator.evaluate(dialogue("d", "customer: 你好")))
                .hasMessage("dialogue d: scoring function 'service' (fixed 0.1.0) failed: the formula returned NaN, not a score");
        assertThat(meters.get(EngineMetrics.PLUGIN_FAILURES).tags("kind", "scoring_function", "name", "service")
                .counter().count()).isEqualTo(1);
    }

    // ---- test plugins

    private static PluginInfo info(String id, PluginKind kind, ConfigOption... options) {
        return new PluginInfo(id, "0.1.0", kind, id, List.of(options));
    }

    /** A signal named after the use on every occurrence of {@code text}. */
    static final class MarkerOperator implements OperatorPlugin {
        @Override
        public PluginInfo info() {
            return PluginEvaluationTest.info("marker", PluginKind.OPERATOR,
                    ConfigOption.required("text", ConfigType.STRING, "Text to mark."),
                    ConfigOption.optional("score", ConfigType.NUMBER, "1", "How sure the mark is."));
        }

        @Override
        public PreparedOperator prepare(List<Use> uses) {
            Use use = uses.getFirst();
            String text = (String) use.config().get("text");
            double score = ((Number) use.config().getOrDefault("score", 1.0)).doubleValue();
            return (dialogue, turns, earlierSignals, signals) -> {
                for (TurnFact turn : turns) {
                    int at = turn.getText().indexOf(text);
                    if (at >= 0) {
                        signals.accept(new SignalFact("marker", use.name(), text, turn.getIndex(), turn.getRole(),
                                turn.getRoleIndex(), at, at + text.length(), text, score));
                    }
                }
            };
        }
    }

    /** Repeats every earlier signal under the use's name. */
    static final class EchoOperator implements OperatorPlugin {
        @Override
        public PluginInfo info() {
            return PluginEvaluationTest.info("echo", PluginKind.OPERATOR);
        }

        @Override
        public PreparedOperator prepare(List<Use> uses) {
            String name = uses.getFirst().name();
            return (dialogue, turns, earlierSignals, signals) -> earlierSignals.forEach(s -> signals.accept(new SignalFact(
                    "echo", name, s.getTerm(), s.getTurn(), s.getRole(), s.getRoleIndex(), s.getStart(), s.getEnd(), s.getText())));
        }
    }

    /** Fails as configured: at prepare time, or on a turn saying "boom". */
    static final class FailingOperator implements OperatorPlugin {
        @Override
        public PluginInfo info() {
            return PluginEvaluationTest.info("failing", PluginKind.OPERATOR,
                    ConfigOption.required("how", ConfigType.STRING, "plugin, runtime, overflow, block, spin, refuse or refuse-in-file"),
                    ConfigOption.optional("file", ConfigType.STRING, null, "Where the source is."));
        }

        @Override
        public PreparedOperator prepare(List<Use> uses) {
            String how = (String) uses.getFirst().config().get("how");
            switch (how) {
                case "refuse" -> throw new PluginException("SyntaxError: missing )", null, 12, 5);
                case "refuse-in-file" -> throw new PluginException("SyntaxError: missing )", null, 2, 1);
                default -> {
                }
            }
            return new PreparedOperator() {
                @Override
                public void annotate(Dialogue dialogue, List<TurnFact> turns, List<SignalFact> earlierSignals,
                                     Consumer<SignalFact> signals) {
                    for (TurnFact turn : turns) {
                        if (turn.getText().equals("boom")) {
                            switch (how) {
                                case "plugin" -> throw new PluginException("turn " + turn.getIndex() + " went boom");
                                case "overflow" -> recurse(0);
                                case "block" -> block();
                                case "spin" -> spin(Duration.ofMillis(400));
                                default -> throw new IllegalStateException("bug");
                            }
                        }
                    }
                }

                @Override
                public void close() {
                    CLOSED.incrementAndGet();
                }
            };
        }

        private static int recurse(int depth) {
            return recurse(depth + 1) + 1;
        }

        /** A call that hangs on I/O-like waiting until interrupted, as a stuck HTTP call would. */
        private static void block() {
            try {
                Thread.sleep(Duration.ofMinutes(5));
            } catch (InterruptedException e) {
                throw new IllegalStateException("interrupted");
            }
        }

        /** Busy work that never looks at its interrupt flag. */
        private static void spin(Duration howLong) {
            long end = System.nanoTime() + howLong.toNanos();
            while (System.nanoTime() < end) {
                Thread.onSpinWait();
            }
        }
    }

    /** Scores every dialogue {@code value}. */
    static final class FixedFormula implements ScoringFunctionPlugin {
        @Override
        public PluginInfo info() {
            return PluginEvaluationTest.info("fixed", PluginKind.SCORING_FUNCTION,
                    ConfigOption.required("value", ConfigType.NUMBER, "The score."));
        }

        @Override
        public ScoringFunction prepare(Map<String, Object> config, String origin) {
            double value = ((Number) config.get("value")).doubleValue();
            return (dialogue, hits, standard) -> value;
        }
    }
}
