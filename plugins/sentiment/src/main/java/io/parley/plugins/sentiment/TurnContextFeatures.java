package io.parley.plugins.sentiment;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The feature vector of one customer turn read in its context: what was said, what came before,
 * and how the customer has been treated so far. Each group is there for a reason the turn's words
 * alone cannot give (docs/models-sentiment.md, "Features"):
 *
 * <ul>
 *   <li>{@code turn_e*} (512): the sentence embedding of what the turn says besides thanks: the turn
 *       without its thanks clauses ("谢谢你", "太感谢了"), zero when nothing else is left. Thanks are
 *       carried by {@code thanks} alone, so the head learns the two apart: a sentence embedding of
 *       "谢谢你，耽误我这么多时间" is dominated by the thanks, while what the customer says besides
 *       it decides whether the thanks is meant.</li>
 *   <li>{@code ctx_e*} (512): the mean embedding of the {@code contextTurns} customer, agent or bot
 *       turns before it (system notices are skipped): "谢谢你" after "还没到？" / "有人吗" reads differently from after "已经给您退款了".</li>
 *   <li>{@code unanswered}: customer turns in a row just before this one with no agent or bot
 *       reply between them (0..5, scaled to 0..1): being ignored is the commonest cause of anger.</li>
 *   <li>{@code wait}: seconds from the first of those unanswered messages to this turn, log-scaled
 *       (600 s → 1); {@code has_times} says whether times exist at all, so an untimed dialogue is
 *       not read as "no wait".</li>
 *   <li>{@code repeat_turn}: the highest cosine between this turn and an earlier customer turn
 *       (asking the same thing again); {@code repeat_context}: the highest cosine between two earlier
 *       customer turns (the customer has already had to repeat themselves).</li>
 *   <li>{@code thanks}, {@code polite}: thanks and politeness tokens. Politeness is positive on its
 *       own and the opposite after neglect, so it is also crossed with the neglect features
 *       ({@code thanks_x_unanswered}, {@code thanks_x_wait}, {@code thanks_x_repeat},
 *       {@code thanks_x_intense}): a linear head cannot learn such an interaction otherwise.</li>
 *   <li>{@code exclaim}, {@code question}, {@code intense}: punctuation intensity (！！！, ？？, ……).</li>
 *   <li>{@code position}: the turn's position among the customer's turns (0..20 → 0..1), and
 *       {@code length}: its length, log-scaled: late and terse turns carry more of the verdict.</li>
 *   <li>{@code rest_negative}: P(negative) of the turn's text without its thanks by a text-only stage
 *       (the head's text stage, trained with it; 0 without one, and for a bare thanks), and
 *       {@code thanks_x_rest_negative}: the same when the turn thanks: "谢谢你，耽误我这么多时间" is
 *       a thanks wrapped around a complaint, and the head can weigh the complaint against the thanks
 *       only if it sees both.</li>
 * </ul>
 *
 * Thread-safe; the encoder embeds a dialogue's turns in one call and caches repeated texts.
 */
public final class TurnContextFeatures {
    public static final int DEFAULT_CONTEXT_TURNS = 3;
    public static final List<String> NUMERIC = List.of("unanswered", "wait", "has_times", "repeat_turn", "repeat_context",
            "thanks", "polite", "exclaim", "question", "intense", "position", "length",
            "thanks_x_unanswered", "thanks_x_wait", "thanks_x_repeat", "thanks_x_intense",
            "rest_negative", "thanks_x_rest_negative");

    /**
     * The text-only stage whose P(negative) of the turn's text without its thanks becomes
     * {@code rest_negative}: given the feature vector with its {@code turn_e*} part filled.
     */
    @FunctionalInterface
    public interface ContentScore {
        ContentScore NONE = features -> 0;

        double negative(float[] features);
    }

    private static final Pattern THANKS = Pattern.compile("谢谢|多谢|感谢|谢了|谢啦|3q|thank|thx", Pattern.CASE_INSENSITIVE);
    private static final Pattern POLITE = Pattern.compile("您|请|麻烦|辛苦|不好意思|劳驾|拜托");
    private static final Pattern CLAUSE = Pattern.compile("[，,。.！!？?…~～；;\\s]+");
    /** A clause that is a thanks and at most this many other characters ("太感谢了", "谢谢亲"). */
    private static final int THANKS_CLAUSE_SLACK = 2;
    private static final Pattern INTENSE = Pattern.compile("[！!]{2,}|[？?]{2,}|[！!][？?]|[？?][！!]|…|\\.{3,}|。{2,}");
    private static final double WAIT_SCALE_SECONDS = 600;

    private final SentenceEncoder encoder;
    private final int contextTurns;
    private final List<String> names;
    private final ContentScore contentScore;

    /** Features without a text stage: {@code rest_negative} is 0 (what a text stage is trained on). */
    public TurnContextFeatures(SentenceEncoder encoder, int contextTurns) {
        this(encoder, contextTurns, ContentScore.NONE);
    }

    public TurnContextFeatures(SentenceEncoder encoder, int contextTurns, ContentScore contentScore) {
        if (contextTurns < 0) {
            throw new IllegalArgumentException("context turns must be ≥ 0, was " + contextTurns);
        }
        this.encoder = encoder;
        this.contextTurns = contextTurns;
        this.names = names(encoder.dimension());
        this.contentScore = contentScore;
    }

    /** Feature names in vector order (a trained head lists the ones it uses by name). */
    public static List<String> names(int dimension) {
        List<String> names = new ArrayList<>(2 * dimension + NUMERIC.size());
        for (int i = 0; i < dimension; i++) {
            names.add(String.format("turn_e%03d", i));
        }
        for (int i = 0; i < dimension; i++) {
            names.add(String.format("ctx_e%03d", i));
        }
        NUMERIC.forEach(name -> names.add("x_" + name));
        return List.copyOf(names);
    }

    public List<String> names() {
        return names;
    }

    /**
     * The features of every customer turn of a dialogue, by turn index (null for other turns).
     * Each turn is embedded once.
     */
    public float[][] customerTurns(List<ContextTurn> turns) {
        List<float[]> embeddings = embeddings(turns, turns.size());
        float[][] features = new float[turns.size()][];
        for (int i = 0; i < turns.size(); i++) {
            if (turns.get(i).isCustomer()) {
                features[i] = features(turns, embeddings, i);
            }
        }
        return features;
    }

    /** The features of the customer turn at {@code index}. */
    public float[] turn(List<ContextTurn> turns, int index) {
        return features(turns, embeddings(turns, index + 1), index);
    }

    /** The embeddings of the first {@code count} turns, in one encoder call; null for a turn neither the customer's nor an answer. */
    private List<float[]> embeddings(List<ContextTurn> turns, int count) {
        List<Integer> embedded = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            if (turns.get(i).isCustomer() || turns.get(i).isAnswer()) {
                embedded.add(i);
            }
        }
        float[][] vectors = encoder.encode(embedded.stream().map(i -> turns.get(i).text()).toList());
        List<float[]> embeddings = new ArrayList<>(Collections.nCopies(count, (float[]) null));
        for (int i = 0; i < vectors.length; i++) {
            embeddings.set(embedded.get(i), vectors[i]);
        }
        return embeddings;
    }

    private float[] features(List<ContextTurn> turns, List<float[]> embeddings, int index) {
        int dimension = encoder.dimension();
        float[] out = new float[names.size()];
        ContextTurn turn = turns.get(index);
        String content = withoutThanks(turn.text());
        if (content.isEmpty()) {
            // A bare thanks: no content, nothing for the text stage to score.
        } else if (content.equals(turn.text().strip())) {
            System.arraycopy(embeddings.get(index), 0, out, 0, dimension);
        } else {
            System.arraycopy(encoder.encode(content), 0, out, 0, dimension);
        }
        double restNegative = content.isEmpty() ? 0 : contentScore.negative(out);

        int contextStart = dimension;
        int counted = 0;
        for (int i = index - 1; i >= 0 && counted < contextTurns; i--) {
            float[] previous = embeddings.get(i);
            if (previous != null) {
                for (int d = 0; d < dimension; d++) {
                    out[contextStart + d] += previous[d];
                }
                counted++;
            }
        }
        for (int d = 0; counted > 0 && d < dimension; d++) {
            out[contextStart + d] /= counted;
        }

        int unanswered = 0;
        Long firstUnansweredAt = null;
        for (int i = index - 1; i >= 0; i--) {
            ContextTurn previous = turns.get(i);
            if (previous.isAnswer()) {
                break;
            }
            if (previous.isCustomer()) {
                unanswered++;
                firstUnansweredAt = previous.atMillis();
            }
        }
        boolean hasTimes = turn.atMillis() != null && (unanswered == 0 || firstUnansweredAt != null);
        double waitSeconds = unanswered > 0 && hasTimes ? Math.max(0, (turn.atMillis() - firstUnansweredAt) / 1000.0) : 0;

        double repeatTurn = 0;
        double repeatContext = 0;
        List<float[]> earlierCustomer = new ArrayList<>();
        int position = 0;
        for (int i = 0; i < index; i++) {
            if (turns.get(i).isCustomer()) {
                position++;
                float[] earlier = embeddings.get(i);
                if (earlier != null) {
                    repeatTurn = Math.max(repeatTurn, cosine(embeddings.get(index), earlier));
                    for (float[] before : earlierCustomer) {
                        repeatContext = Math.max(repeatContext, cosine(earlier, before));
                    }
                    earlierCustomer.add(earlier);
                }
            }
        }

        String text = turn.text();
        double thanks = THANKS.matcher(text).find() ? 1 : 0;
        double unansweredScaled = Math.min(unanswered, 5) / 5.0;
        double wait = Math.min(1, Math.log1p(waitSeconds) / Math.log1p(WAIT_SCALE_SECONDS));
        double intense = INTENSE.matcher(text).find() ? 1 : 0;
        double[] numeric = {
                unansweredScaled,
                wait,
                hasTimes ? 1 : 0,
                repeatTurn,
                repeatContext,
                thanks,
                POLITE.matcher(text).find() ? 1 : 0,
                Math.min(3, count(text, '！') + count(text, '!')) / 3.0,
                Math.min(3, count(text, '？') + count(text, '?')) / 3.0,
                intense,
                Math.min(position, 20) / 20.0,
                Math.min(1, Math.log1p(text.length()) / Math.log1p(200)),
                thanks * unansweredScaled,
                thanks * wait,
                thanks * repeatContext,
                thanks * intense,
                restNegative,
                thanks * restNegative,
        };
        for (int i = 0; i < numeric.length; i++) {
            out[2 * dimension + i] = (float) numeric[i];
        }
        return out;
    }

    public static boolean hasThanks(String text) {
        return THANKS.matcher(text).find();
    }

    /** The turn without its thanks clauses, clauses joined by "，"; empty when the turn is only thanks. */
    public static String withoutThanks(String text) {
        String stripped = text.strip();
        if (!THANKS.matcher(stripped).find()) {
            return stripped;
        }
        StringBuilder content = new StringBuilder();
        for (String clause : CLAUSE.split(stripped)) {
            var thanks = THANKS.matcher(clause);
            int thanksChars = 0;
            while (thanks.find()) {
                thanksChars += thanks.end() - thanks.start();
            }
            if (clause.isEmpty() || (thanksChars > 0 && clause.length() - thanksChars <= THANKS_CLAUSE_SLACK)) {
                continue;
            }
            if (!content.isEmpty()) {
                content.append('，');
            }
            content.append(clause);
        }
        return content.toString();
    }

    private static int count(String text, char c) {
        int n = 0;
        for (int i = 0; i < text.length(); i++) {
            if (text.charAt(i) == c) {
                n++;
            }
        }
        return n;
    }

    static double cosine(float[] a, float[] b) {
        double dot = 0;
        double na = 0;
        double nb = 0;
        for (int i = 0; i < a.length; i++) {
            dot += a[i] * b[i];
            na += a[i] * a[i];
            nb += b[i] * b[i];
        }
        return na == 0 || nb == 0 ? 0 : dot / Math.sqrt(na * nb);
    }

    @Override
    public String toString() {
        return "TurnContextFeatures" + Arrays.asList(encoder.modelId(), contextTurns);
    }
}
