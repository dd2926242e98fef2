package io.parley.ml.tools.sentiment;

import io.parley.plugins.sentiment.ContextTurn;
import io.parley.plugins.sentiment.Sentiment;
import io.parley.plugins.sentiment.TurnContextFeatures;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * Weak supervision by a label-preserving rewrite: <b>adding a thanks clause does not change what a
 * message says</b>. A real complaint with "谢谢" before or after it is still a complaint, a real
 * praise still a praise. The corpora do not teach this on their own: in them thanks is nearly
 * always sincere, and of the few training turns that thank around a negative remainder most are
 * rated neutral or positive (STC-3 rates the whole dialogue, JDDC the customer's mood, not the
 * words), so the head learns "thanks outweighs the rest" (docs/models-sentiment.md, "Weak
 * supervision").
 *
 * <p>The bases are <em>real</em> labelled turns of the training side (JDDC and STC-3 customer turns
 * with the dialogue before them, short reviews) rated negative or positive by their annotators,
 * with no thanks of their own; the thanks clauses are real bare thanks of training-side customers.
 * Each rewrite keeps its base's context and label: a complaint is read where it was said. Positive rewrites are made as often as negative ones, so the
 * head learns to weigh the remainder against the thanks, not that "thanks plus more" is negative.
 * Deterministic for a seed and the same inputs.
 */
public final class PoliteComplaints {
    public static final String SOURCE = "polite";
    static final int MIN_CHARS = 4;
    static final int MAX_CHARS = 60;
    /** Each gives a third of the bases of each label: dialogue turns in their context as much as reviews. */
    private static final List<String> BASE_SOURCES = List.of("jddc", "stc3", "review");

    private PoliteComplaints() {
    }

    /**
     * {@code perLabel} rewrites of negative and of positive labelled turns drawn from {@code examples},
     * a third from each of JDDC, STC-3 and the reviews (a random sample of each):
     * the labelled turn with a thanks clause added, in its own dialogue (the turns before it are
     * kept), with its label; keys {@code polite/<label>/<n>}.
     */
    public static List<LabelledTurn> generate(List<LabelledTurn> examples, List<String> thanks, int perLabel, long seed) {
        if (thanks.isEmpty()) {
            throw new IllegalArgumentException("polite rewrites need at least one real thanks");
        }
        Random random = new Random(seed);
        List<LabelledTurn> rewrites = new ArrayList<>();
        for (Sentiment label : List.of(Sentiment.NEGATIVE, Sentiment.POSITIVE)) {
            List<LabelledTurn> bases = new ArrayList<>();
            for (String source : BASE_SOURCES) {
                List<LabelledTurn> ofSource = new ArrayList<>(bases(examples, source, label));
                Collections.shuffle(ofSource, random);
                bases.addAll(ofSource.subList(0, Math.min(perLabel / BASE_SOURCES.size(), ofSource.size())));
            }
            for (int n = 0; n < bases.size(); n++) {
                LabelledTurn base = bases.get(n);
                List<ContextTurn> turns = new ArrayList<>(base.turns());
                ContextTurn turn = base.turn();
                turns.set(base.index(), new ContextTurn(turn.role(), withThanks(turn.text().strip(),
                        thanks.get(random.nextInt(thanks.size())), random.nextBoolean()), turn.atMillis()));
                rewrites.add(new LabelledTurn(SOURCE, SOURCE + "/" + label.label() + "/" + n, turns, base.index(), label));
            }
        }
        return rewrites;
    }

    /** The labelled turns of {@code source} with {@code label} whose text is of usable length and has no thanks, in their order. */
    static List<LabelledTurn> bases(List<LabelledTurn> examples, String source, Sentiment label) {
        List<LabelledTurn> bases = new ArrayList<>();
        for (LabelledTurn example : examples) {
            String text = example.turn().text().strip();
            if (example.label() == label && example.source().equals(source) && text.length() >= MIN_CHARS
                    && text.length() <= MAX_CHARS && !TurnContextFeatures.hasThanks(text)) {
                bases.add(example);
            }
        }
        return bases;
    }

    /** "谢谢，base" or "base，谢谢" (the base's closing punctuation dropped before a thanks that follows it). */
    static String withThanks(String base, String thanks, boolean thanksFirst) {
        return thanksFirst ? thanks + "，" + base : base.replaceAll("[。.！!？?，,~～…\\s]+$", "") + "，" + thanks;
    }
}
