package io.parley.ml.tools.sentiment;

import io.parley.plugins.sentiment.ContextTurn;
import io.parley.plugins.sentiment.SentenceEncoder;
import io.parley.plugins.sentiment.Sentiment;
import io.parley.plugins.sentiment.TurnContextFeatures;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.assertj.core.api.Assertions.within;

class TimedThanksDialoguesTest {
    private static final TimedThanksDialogues.Pools POOLS = new TimedThanksDialogues.Pools(
            List.of("快递怎么还没到", "能帮我查下物流吗"), List.of("亲，已经为您查询了", "稍等，马上为您处理"), List.of("谢谢", "好的谢谢"));
    /** These tests read the timing features only: every text gets the zero vector. */
    private static final SentenceEncoder ZERO_VECTORS = new SentenceEncoder() {
        @Override
        public float[] encode(String text) {
            return new float[2];
        }

        @Override
        public int dimension() {
            return 2;
        }

        @Override
        public String modelId() {
            return "zero-2d";
        }
    };
    private final TurnContextFeatures features = new TurnContextFeatures(ZERO_VECTORS, 3);

    @Test
    void poolsTakeQuestionsAnswersAndBareThanksFromTheTurnsTheyAreGiven() {
        LabelledTurn jddc = new LabelledTurn("jddc", "jddc/x/0", List.of(
                ContextTurn.customer("快递怎么还没到"),
                ContextTurn.agent("亲，已经为您查询了"),
                ContextTurn.customer("好的谢谢"),
                ContextTurn.customer("谢谢你，东西不错"),
                ContextTurn.customer("嗯"),
                ContextTurn.agent("好")), 4, Sentiment.NEUTRAL);

        TimedThanksDialogues.Pools pools = TimedThanksDialogues.Pools.of(List.of(jddc, jddc));

        assertThat(pools.questions()).containsExactly("快递怎么还没到");
        assertThat(pools.answers()).containsExactly("亲，已经为您查询了");
        // "谢谢你，东西不错" says more than thanks; "嗯" and "好" are too short to be a question or an answer.
        assertThat(pools.thanks()).containsExactly("好的谢谢");
        assertThatThrownBy(() -> TimedThanksDialogues.Pools.of(List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("got 0, 0, 0");
    }

    @Test
    void everyDialogueEndsInAThanksLabelledByItsLabellingFunction() {
        List<LabelledTurn> dialogues = TimedThanksDialogues.generate(POOLS, 200, 7);

        assertThat(dialogues).hasSize(600);
        for (LabelledTurn dialogue : dialogues) {
            assertThat(dialogue.index()).isEqualTo(dialogue.turns().size() - 1);
            assertThat(POOLS.thanks()).contains(dialogue.turn().text());
            float[] vector = features.turn(dialogue.turns(), dialogue.index());
            double unanswered = vector[features.names().indexOf("x_unanswered")] * 5;
            double waitSeconds = Math.expm1(vector[features.names().indexOf("x_wait")] * Math.log1p(600));
            assertThat(vector[features.names().indexOf("x_has_times")]).isEqualTo(1);
            String scenario = dialogue.dialogueKey().split("/")[1];
            switch (scenario) {
                case "neglected" -> {
                    assertThat(dialogue.label()).isEqualTo(Sentiment.NEGATIVE);
                    assertThat(unanswered).isBetween(2.0, 4.0);
                    // 600 s and more all map to wait = 1.
                    assertThat(waitSeconds).isGreaterThanOrEqualTo(119.99);
                }
                case "answered" -> {
                    assertThat(dialogue.label()).isEqualTo(Sentiment.POSITIVE);
                    assertThat(dialogue.turns().get(dialogue.index() - 1).isAnswer()).isTrue();
                    assertThat(unanswered).isZero();
                    long sinceAnswer = dialogue.turn().atMillis() - dialogue.turns().get(dialogue.index() - 1).atMillis();
                    assertThat(sinceAnswer).isBetween(3_000L, 30_000L);
                }
                case "in_advance" -> {
                    assertThat(dialogue.label()).isEqualTo(Sentiment.POSITIVE);
                    assertThat(unanswered).isBetween(1.0, 3.0);
                    assertThat(waitSeconds).isBetween(1.99, 40.01);
                }
                default -> throw new AssertionError(scenario);
            }
        }
        assertThat(dialogues.stream().filter(d -> d.turns().getFirst().isCustomer() && d.turns().size() > 1
                && d.turns().get(1).isAnswer() && d.dialogueKey().contains("neglected")).count()).isBetween(70L, 130L);
    }

    @Test
    void theSameSeedGivesTheSameDialogues() {
        assertThat(TimedThanksDialogues.generate(POOLS, 20, 3)).isEqualTo(TimedThanksDialogues.generate(POOLS, 20, 3));
        assertThat(TimedThanksDialogues.generate(POOLS, 20, 3)).isNotEqualTo(TimedThanksDialogues.generate(POOLS, 20, 4));
    }

    @Test
    void aNeglectedDialogueSpreadsItsUnansweredQuestionsOverTheWait() {
        LabelledTurn dialogue = TimedThanksDialogues.dialogue(POOLS, TimedThanksDialogues.Scenario.NEGLECTED, new Random(1), "timed/neglected/0");

        // An answered opening exchange, then three questions 152 s apart nobody answers, then the thanks 456 s after the first.
        assertThat(dialogue.turns()).extracting(ContextTurn::role, ContextTurn::text, turn -> (turn.atMillis() - 1_700_000_000_000L) / 1000)
                .containsExactly(
                        tuple("customer", "快递怎么还没到", 0L),
                        tuple("agent", "亲，已经为您查询了", 20L),
                        tuple("customer", "能帮我查下物流吗", 128L),
                        tuple("customer", "能帮我查下物流吗", 280L),
                        tuple("customer", "能帮我查下物流吗", 432L),
                        tuple("customer", "谢谢", 584L));
        assertThat(dialogue.label()).isEqualTo(Sentiment.NEGATIVE);
        float[] vector = features.turn(dialogue.turns(), dialogue.index());
        assertThat(vector[features.names().indexOf("x_unanswered")]).isCloseTo(3 / 5f, within(1e-6f));
        assertThat(vector[features.names().indexOf("x_thanks_x_wait")]).isCloseTo((float) (Math.log1p(456) / Math.log1p(600)), within(1e-6f));
    }
}
