package io.parley.engine.impl.annotate;

import io.parley.engine.api.facts.SignalFact;
import io.parley.engine.api.facts.TurnFact;
import io.parley.engine.spi.plugin.ConfigOption;
import io.parley.engine.spi.plugin.ConfigOption.ConfigType;
import io.parley.engine.spi.plugin.OperatorPlugin;
import io.parley.engine.spi.plugin.PluginException;
import io.parley.engine.spi.plugin.PluginInfo;
import io.parley.engine.spi.plugin.PluginKind;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;

/**
 * The built-in {@code repetition} operator: a party says the same thing again — a customer asking
 * a second and third time because nobody answered, an agent pasting one script over and over.
 * Two turns are near-duplicates when the Jaccard similarity of their character bigrams (after
 * NFKC, lower case, punctuation and spaces removed) reaches {@code similarity}; a turn is a
 * repetition once it is at least the {@code times}-th near-duplicate of its party's earlier turns.
 * Bigrams rather than words, so it works on Chinese without a segmenter. Same-intent repetition
 * is the {@code intent} operator's business (count its signals with {@code at least N times}).
 */
public final class RepetitionOperator implements OperatorPlugin {
    public static final String ID = "repetition";
    static final String ROLE = "role";
    static final String SIMILARITY = "similarity";
    static final String TIMES = "times";

    private static final PluginInfo INFO = new PluginInfo(ID, BuiltInOperators.VERSION, PluginKind.OPERATOR,
            "Near-duplicate turns of one party: a turn that is at least the 'times'-th near-duplicate (Jaccard similarity "
                    + "of character bigrams, punctuation and spaces ignored, at least 'similarity') of the party's earlier turns. "
                    + "One signal per such turn (kind 'repetition', term = the first similar turn's text, span = the whole "
                    + "turn, score = the highest similarity). Use: operator asked_again = repetition { role: \"customer\" } "
                    + "and 'customer turn matches asked_again'.",
            List.of(ConfigOption.optional(ROLE, ConfigType.STRING, "customer", "Whose turns are compared."),
                    ConfigOption.optional(SIMILARITY, ConfigType.NUMBER, "0.6",
                            "Least bigram Jaccard similarity, in (0, 1], for two turns to count as the same thing said again."),
                    ConfigOption.optional(TIMES, ConfigType.INTEGER, "2",
                            "How many times in all (the first one included) the thing must have been said.")));

    @Override
    public PluginInfo info() {
        return INFO;
    }

    @Override
    public PreparedOperator prepare(List<Use> uses) {
        List<Repetition> repetitions = new ArrayList<>();
        for (Use use : uses) {
            Map<String, Object> config = use.config();
            String role = (String) config.getOrDefault(ROLE, "customer");
            double similarity = ((Number) config.getOrDefault(SIMILARITY, 0.6)).doubleValue();
            int times = ((Number) config.getOrDefault(TIMES, 2)).intValue();
            if (!(similarity > 0 && similarity <= 1)) {
                throw new PluginException("option 'similarity' must be in (0, 1], not " + similarity);
            }
            if (times < 2) {
                throw new PluginException("option 'times' must be at least 2 (the first time is not a repetition), not " + times);
            }
            repetitions.add(new Repetition(use.name(), role, similarity, times));
        }
        return (dialogue, turns, earlierSignals, signals) -> repetitions.forEach(repetition -> repetition.annotate(turns, signals));
    }

    private record Repetition(String name, String role, double similarity, int times) {

        void annotate(List<TurnFact> turns, Consumer<SignalFact> signals) {
            List<TurnFact> earlier = new ArrayList<>();
            List<Set<String>> earlierBigrams = new ArrayList<>();
            for (TurnFact turn : turns) {
                if (!role.equals(turn.getRole())) {
                    continue;
                }
                Set<String> bigrams = bigrams(turn.getText());
                int similar = 0;
                double best = 0;
                TurnFact first = null;
                for (int i = 0; i < earlier.size(); i++) {
                    double score = jaccard(bigrams, earlierBigrams.get(i));
                    if (score >= similarity) {
                        similar++;
                        best = Math.max(best, score);
                        first = first == null ? earlier.get(i) : first;
                    }
                }
                if (similar + 1 >= times) {
                    signals.accept(new SignalFact(ID, name, first.getText(), turn.getIndex(), turn.getRole(),
                            turn.getRoleIndex(), 0, turn.getText().length(), turn.getText(), best));
                }
                earlier.add(turn);
                earlierBigrams.add(bigrams);
            }
        }
    }

    /** Character bigrams of the text's letters and digits; a one-character text is its own "bigram". */
    static Set<String> bigrams(String text) {
        String normalised = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT)
                .codePoints().filter(Character::isLetterOrDigit)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
        Set<String> bigrams = new HashSet<>();
        int[] points = normalised.codePoints().toArray();
        if (points.length == 1) {
            bigrams.add(normalised);
        }
        for (int i = 0; i + 1 < points.length; i++) {
            bigrams.add(new String(points, i, 2));
        }
        return bigrams;
    }

    static double jaccard(Set<String> a, Set<String> b) {
        if (a.isEmpty() || b.isEmpty()) {
            return 0;
        }
        int common = 0;
        for (String bigram : a) {
            if (b.contains(bigram)) {
                common++;
            }
        }
        return (double) common / (a.size() + b.size() - common);
    }
}
