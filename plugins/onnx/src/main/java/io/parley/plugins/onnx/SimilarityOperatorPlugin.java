package io.parley.plugins.onnx;

import io.parley.engine.api.facts.SignalFact;
import io.parley.engine.api.facts.TurnFact;
import io.parley.engine.spi.plugin.OperatorContext;
import io.parley.engine.spi.plugin.OperatorPlugin;
import io.parley.engine.spi.plugin.PluginInfo;
import io.parley.engine.spi.plugin.PluginKind;
import io.parley.ml.EmbeddingModels;
import io.parley.ml.SentenceEmbedder;

import java.util.List;
import java.util.function.Consumer;

/**
 * "Says something like these": a turn whose sentence embedding scores at least the threshold
 * against the example phrases ({@link ExampleSet#match}). Unlike {@code intent}, every use decides on its own: a turn may be similar
 * to several.
 */
public final class SimilarityOperatorPlugin implements OperatorPlugin {
    public static final String ID = "similarity";

    @Override
    public PluginInfo info() {
        return new PluginInfo(ID, "1.0.0", PluginKind.OPERATOR,
                "Semantic similarity to example phrases: a turn whose sentence embedding (ONNX Runtime; models " + ModelsDescription.shipped()
                        + ", chosen by the 'model' option or the examples' language) scores at least the threshold against the examples"
                        + " (score = the mean of the cosine to the nearest example and the cosine to the examples' mean vector)."
                        + " One signal per such turn (kind 'similarity', term = the nearest example, score = that score); uses do not exclude each other."
                        + " A model that fails (or returns NaN) fails that dialogue's evaluation.",
                ExamplesConfig.options("to be similar to"));
    }

    /** Registers each use's embedding model with the rule set, for the model registry. */
    @Override
    public PreparedOperator prepare(List<Use> uses, OperatorContext context) {
        ModelRegistrations.registerEmbeddings(uses, context);
        return prepare(uses);
    }

    @Override
    public PreparedOperator prepare(List<Use> uses) {
        List<Prepared> prepared = uses.stream().map(use -> {
            ExamplesConfig config = ExamplesConfig.read(use);
            SentenceEmbedder embedder = EmbeddingModels.shared().embedder(config.model());
            return new Prepared(use.name(), TurnEmbeddings.exampleSet(config.examples(), embedder), config.threshold(), embedder,
                    config.model().ref());
        }).toList();
        // Each turn is compared with its own use's examples only, so stored signals stay valid while the model does.
        return PreparedOperator.callingModel(String.join(",", prepared.stream().map(Prepared::model).distinct().toList()),
                (dialogue, turns, earlierSignals, signals) -> annotateAll(prepared, turns, signals));
    }

    private static void annotateAll(List<Prepared> prepared, List<TurnFact> turns, Consumer<SignalFact> signals) {
        for (Prepared use : prepared) {
            float[][] vectors = TurnEmbeddings.of(turns, use.embedder());
            for (int i = 0; i < turns.size(); i++) {
                if (vectors[i] == null) {
                    continue;
                }
                ExampleSet.Match match = use.examples().match(vectors[i]);
                if (match.similarity() >= use.threshold()) {
                    TurnFact turn = turns.get(i);
                    String text = turn.getText();
                    signals.accept(new SignalFact(ID, use.name(), match.example(), turn.getIndex(), turn.getRole(),
                            turn.getRoleIndex(), 0, text.length(), text, match.similarity(), use.model()));
                }
            }
        }
    }

    private record Prepared(String name, ExampleSet examples, double threshold, SentenceEmbedder embedder, String model) {
    }
}
