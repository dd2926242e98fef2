package io.parley.plugins.onnx;

import io.parley.engine.api.facts.SignalFact;
import io.parley.engine.api.facts.TurnFact;
import io.parley.engine.spi.plugin.OperatorContext;
import io.parley.engine.spi.plugin.OperatorPlugin;
import io.parley.engine.spi.plugin.PluginInfo;
import io.parley.engine.spi.plugin.PluginKind;
import io.parley.ml.EmbeddingModels;
import io.parley.ml.SentenceEmbedder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;
import java.util.function.Consumer;

/**
 * Intent by examples: a turn has intent X when its sentence embedding scores higher against X's
 * example phrases ({@link ExampleSet#match}) than against any other intent's of the rule set, and
 * at least X's threshold. One signal per such turn, kind {@code intent}, named after the intent,
 * term = the nearest example, score = that score.
 */
public final class IntentOperatorPlugin implements OperatorPlugin {
    public static final String ID = "intent";
    private static final Logger log = LoggerFactory.getLogger(IntentOperatorPlugin.class);

    private final IntentGroups groups = new IntentGroups();

    @Override
    public PluginInfo info() {
        return new PluginInfo(ID, "1.0.0", PluginKind.OPERATOR,
                "Intent by example phrases: each turn's sentence embedding (ONNX Runtime; models " + ModelsDescription.shipped()
                        + ", chosen by the 'model' option or the examples' language) is compared with every example of every intent of the rule set"
                        + " on that model (score = the mean of the cosine to an intent's nearest example and the cosine to its examples' mean vector);"
                        + " the turn gets the best-scoring intent when its score reaches that intent's threshold, else none."
                        + " One signal per turn (kind 'intent', named after the intent, term = the nearest example, score = that score)."
                        + " A model that fails (or returns NaN) fails that dialogue's evaluation.",
                ExamplesConfig.options("of the intent"));
    }

    /** Registers each use's embedding model with the rule set, for the model registry. */
    @Override
    public PreparedOperator prepare(List<Use> uses, OperatorContext context) {
        ModelRegistrations.registerEmbeddings(uses, context);
        return prepare(uses);
    }

    @Override
    public PreparedOperator prepare(List<Use> uses) {
        List<Prepared> prepared = uses.stream().map(this::prepare).toList();
        return (dialogue, turns, earlierSignals, signals) -> {
            for (Prepared use : prepared) {
                use.annotate(turns, signals);
            }
        };
    }

    private Prepared prepare(Use use) {
        ExamplesConfig config = ExamplesConfig.read(use);
        SentenceEmbedder embedder = EmbeddingModels.shared().embedder(config.model());
        IntentGroup.Member member = new IntentGroup.Member(use.name(), TurnEmbeddings.exampleSet(config.examples(), embedder),
                config.threshold());
        log.info("intent '{}' ({}): {} examples on {}, threshold {}", use.name(), use.origin(), config.examples().size(),
                config.model().ref(), config.threshold());
        return new Prepared(member, groups.join(use.origin(), config.model(), member), embedder, config.model().ref());
    }

    private record Prepared(IntentGroup.Member member, IntentGroup group, SentenceEmbedder embedder, String model) {
        void annotate(List<TurnFact> turns, Consumer<SignalFact> signals) {
            IntentGroup.Decision[] decisions = group.decide(turns, TurnEmbeddings.of(turns, embedder));
            for (int i = 0; i < turns.size(); i++) {
                IntentGroup.Decision decision = decisions[i];
                if (decision != null && decision.member() == member) {
                    TurnFact turn = turns.get(i);
                    String text = turn.getText();
                    signals.accept(new SignalFact(ID, member.name(), decision.match().example(), turn.getIndex(), turn.getRole(),
                            turn.getRoleIndex(), 0, text.length(), text, decision.match().similarity(), model));
                }
            }
        }
    }
}
