package io.parley.ml.tools.sentiment;

import io.parley.plugins.sentiment.ContextTurn;
import io.parley.plugins.sentiment.Sentiment;
import io.parley.plugins.sentiment.TurnContextFeatures;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Weak supervision for what no public corpus can teach: how long the customer waited. No corpus
 * here has turn times, so the head cannot learn from data that a thanks after minutes of being
 * ignored is bitter. This generator builds timed dialogues from <b>real</b> utterances of the
 * training side (JDDC customer questions, agent answers and bare thanks) and labels the final
 * thanks by three stated labelling functions (docs/models-sentiment.md, "Timed dialogues"):
 *
 * <ul>
 *   <li>{@link Scenario#NEGLECTED} → negative: the thanks comes {@value #NEGLECT_MIN_SECONDS} s or
 *       more after the first of 2–4 customer messages that no agent answered.</li>
 *   <li>{@link Scenario#ANSWERED} → positive: the thanks comes ≤ {@value #THANKS_AFTER_ANSWER_MAX_SECONDS} s
 *       after an agent's answer that came ≤ {@value #ANSWER_MAX_SECONDS} s after the customer's first message.</li>
 *   <li>{@link Scenario#IN_ADVANCE} → positive: the thanks comes ≤ {@value #IN_ADVANCE_MAX_SECONDS} s after
 *       the first of 1–3 unanswered customer messages (thanks said in advance, as JDDC rates it).</li>
 * </ul>
 *
 * The same pools of questions, answers and thanks feed every scenario, so only the timing and who
 * answered tell them apart: the head must learn thanks × wait × unanswered, not "thanks is
 * negative". Every generated dialogue has times ({@code has_times} = 1), so none can contradict
 * an untimed corpus label. Deterministic for a seed and the same utterance pools.
 */
public final class TimedThanksDialogues {
    public static final String SOURCE = "timed";
    static final int NEGLECT_MIN_SECONDS = 120;
    static final int NEGLECT_MAX_SECONDS = 900;
    static final int ANSWER_MAX_SECONDS = 60;
    static final int THANKS_AFTER_ANSWER_MAX_SECONDS = 30;
    static final int IN_ADVANCE_MAX_SECONDS = 40;
    /** Questions and answers of this many characters are used: long ones are rarely a single chat message. */
    static final int MIN_CHARS = 4;
    static final int MAX_CHARS = 40;
    private static final long T0 = 1_700_000_000_000L;

    /** The three labelling functions, each a way the final thanks comes about. */
    public enum Scenario {
        NEGLECTED(Sentiment.NEGATIVE), ANSWERED(Sentiment.POSITIVE), IN_ADVANCE(Sentiment.POSITIVE);

        final Sentiment label;

        Scenario(Sentiment label) {
            this.label = label;
        }
    }

    /** Real utterances the dialogues are built from. */
    public record Pools(List<String> questions, List<String> answers, List<String> thanks) {
        public Pools {
            questions = List.copyOf(questions);
            answers = List.copyOf(answers);
            thanks = List.copyOf(thanks);
            if (questions.isEmpty() || answers.isEmpty() || thanks.isEmpty()) {
                throw new IllegalArgumentException("timed dialogues need questions, answers and bare thanks; got "
                        + questions.size() + ", " + answers.size() + ", " + thanks.size());
            }
        }

        /**
         * From labelled dialogue turns (the training side only): customer messages without thanks
         * and agent answers of {@value #MIN_CHARS}–{@value #MAX_CHARS} characters, and customer
         * messages that are nothing but thanks ("谢谢", "好的谢谢"), each distinct, in first-seen order.
         */
        public static Pools of(List<LabelledTurn> dialogueTurns) {
            Set<String> questions = new LinkedHashSet<>();
            Set<String> answers = new LinkedHashSet<>();
            Set<String> thanks = new LinkedHashSet<>();
            for (LabelledTurn example : dialogueTurns) {
                for (ContextTurn turn : example.turns()) {
                    String text = turn.text().strip();
                    boolean sized = text.length() >= MIN_CHARS && text.length() <= MAX_CHARS;
                    if (turn.isAnswer() && sized) {
                        answers.add(text);
                    } else if (turn.isCustomer() && !text.isEmpty()) {
                        String content = TurnContextFeatures.withoutThanks(text);
                        if (content.isEmpty()) {
                            thanks.add(text);
                        } else if (sized && content.equals(text)) {
                            questions.add(text);
                        }
                    }
                }
            }
            return new Pools(new ArrayList<>(questions), new ArrayList<>(answers), new ArrayList<>(thanks));
        }
    }

    private TimedThanksDialogues() {
    }

    /** {@code perScenario} dialogues of each scenario, keys {@code timed/<scenario>/<n>}. */
    public static List<LabelledTurn> generate(Pools pools, int perScenario, long seed) {
        Random random = new Random(seed);
        List<LabelledTurn> dialogues = new ArrayList<>();
        for (Scenario scenario : Scenario.values()) {
            for (int n = 0; n < perScenario; n++) {
                dialogues.add(dialogue(pools, scenario, random, SOURCE + "/" + scenario.name().toLowerCase() + "/" + n));
            }
        }
        return dialogues;
    }

    static LabelledTurn dialogue(Pools pools, Scenario scenario, Random random, String key) {
        List<ContextTurn> turns = new ArrayList<>();
        long at = 0;
        // Half the dialogues open with an exchange the agent answered: context varies, the verdict is in the end.
        if (random.nextBoolean()) {
            turns.add(customer(pick(pools.questions(), random), at));
            at += between(random, 5, 60);
            turns.add(agent(pick(pools.answers(), random), at));
            at += between(random, 10, 120);
        }
        long first = at;
        long thanksAt;
        switch (scenario) {
            case NEGLECTED -> {
                int messages = between(random, 2, 4);
                long wait = between(random, NEGLECT_MIN_SECONDS, NEGLECT_MAX_SECONDS);
                addSpread(turns, pools, random, messages, first, first + wait);
                thanksAt = first + wait;
            }
            case ANSWERED -> {
                int messages = between(random, 1, 3);
                long answerAt = first + between(random, 5, ANSWER_MAX_SECONDS);
                addSpread(turns, pools, random, messages, first, answerAt);
                turns.add(agent(pick(pools.answers(), random), answerAt));
                thanksAt = answerAt + between(random, 3, THANKS_AFTER_ANSWER_MAX_SECONDS);
            }
            case IN_ADVANCE -> {
                int messages = between(random, 1, 3);
                long wait = between(random, 2, IN_ADVANCE_MAX_SECONDS);
                addSpread(turns, pools, random, messages, first, first + wait);
                thanksAt = first + wait;
            }
            default -> throw new IllegalStateException(scenario.name());
        }
        turns.add(customer(pick(pools.thanks(), random), thanksAt));
        return new LabelledTurn(SOURCE, key, turns, turns.size() - 1, scenario.label);
    }

    /** {@code messages} customer questions from {@code from} on, the last strictly before {@code until}. */
    private static void addSpread(List<ContextTurn> turns, Pools pools, Random random, int messages, long from, long until) {
        long step = Math.max(1, (until - from) / messages);
        for (int i = 0; i < messages; i++) {
            turns.add(customer(pick(pools.questions(), random), from + i * step));
        }
    }

    private static ContextTurn customer(String text, long seconds) {
        return new ContextTurn(ContextTurn.CUSTOMER, text, T0 + seconds * 1000);
    }

    private static ContextTurn agent(String text, long seconds) {
        return new ContextTurn("agent", text, T0 + seconds * 1000);
    }

    private static String pick(List<String> pool, Random random) {
        return pool.get(random.nextInt(pool.size()));
    }

    private static int between(Random random, int min, int max) {
        return min + random.nextInt(max - min + 1);
    }
}
