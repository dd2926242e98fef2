package io.parley.plugins.sentiment;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

class TurnContextFeaturesTest {
    private static final long T0 = 1_700_000_000_000L;
    private static final FixedVectorEncoder ENCODER = new FixedVectorEncoder(Map.of(
            "快递怎么还没到", new float[]{1, 0},
            "有人吗", new float[]{0.8f, 0.6f},
            "快递到底什么时候到", new float[]{1, 0},
            "谢谢你！！", new float[]{0, 1},
            "您好，马上帮您查", new float[]{0.6f, 0.8f},
            "耽误我这么多时间", new float[]{0.28f, 0.96f}));
    private final TurnContextFeatures features = new TurnContextFeatures(ENCODER, 2);

    private double feature(float[] vector, String name) {
        return vector[features.names().indexOf("x_" + name)];
    }

    @Test
    void namesTheEmbeddingsOfTurnAndContextThenTheNumbers() {
        assertThat(features.names()).hasSize(2 + 2 + TurnContextFeatures.NUMERIC.size());
        assertThat(features.names().subList(0, 5)).containsExactly("turn_e000", "turn_e001", "ctx_e000", "ctx_e001", "x_unanswered");
    }

    @Test
    void thanksAfterThreeUnansweredQuestionsAndFourMinutes() {
        List<ContextTurn> dialogue = List.of(
                new ContextTurn("customer", "快递怎么还没到", T0),
                new ContextTurn("customer", "有人吗", T0 + 60_000),
                new ContextTurn("customer", "快递到底什么时候到", T0 + 180_000),
                new ContextTurn("customer", "谢谢你！！", T0 + 240_000));

        float[] vector = features.turn(dialogue, 3);

        // A bare thanks says nothing besides thanks: its text embedding is zero, "thanks" carries it.
        assertThat(vector[0]).isZero();
        assertThat(vector[1]).isZero();
        // Context: the mean of the two turns before it, (0.8, 0.6) and (1, 0).
        assertThat(vector[2]).isCloseTo(0.9f, within(1e-6f));
        assertThat(vector[3]).isCloseTo(0.3f, within(1e-6f));
        assertThat(feature(vector, "unanswered")).isCloseTo(3 / 5.0, within(1e-6));
        assertThat(feature(vector, "wait")).isCloseTo(Math.log1p(240) / Math.log1p(600), within(1e-6));
        assertThat(feature(vector, "has_times")).isEqualTo(1);
        assertThat(feature(vector, "repeat_turn")).isCloseTo(0.6, within(1e-6));
        assertThat(feature(vector, "repeat_context")).isCloseTo(1.0, within(1e-6));
        assertThat(feature(vector, "thanks")).isEqualTo(1);
        assertThat(feature(vector, "polite")).isEqualTo(0);
        assertThat(feature(vector, "exclaim")).isCloseTo(2 / 3.0, within(1e-6));
        assertThat(feature(vector, "intense")).isEqualTo(1);
        assertThat(feature(vector, "position")).isCloseTo(3 / 20.0, within(1e-6));
        assertThat(feature(vector, "thanks_x_unanswered")).isCloseTo(3 / 5.0, within(1e-6));
        assertThat(feature(vector, "thanks_x_repeat")).isCloseTo(1.0, within(1e-6));
    }

    @Test
    void thanksClausesAreTakenOutOfTheTextThatIsEmbedded() {
        assertThat(TurnContextFeatures.withoutThanks("谢谢你，耽误我这么多时间")).isEqualTo("耽误我这么多时间");
        assertThat(TurnContextFeatures.withoutThanks("好的，谢谢你，解决得很快！")).isEqualTo("好的，解决得很快");
        assertThat(TurnContextFeatures.withoutThanks("冠冕堂皇的话我不要听…请解决关键问题，谢谢！！！")).isEqualTo("冠冕堂皇的话我不要听，请解决关键问题");
        assertThat(TurnContextFeatures.withoutThanks("这么快，太感谢了")).isEqualTo("这么快");
        assertThat(TurnContextFeatures.withoutThanks("谢谢你")).isEmpty();
        assertThat(TurnContextFeatures.withoutThanks("感谢信收到了吗")).isEqualTo("感谢信收到了吗");
        assertThat(TurnContextFeatures.withoutThanks(" 订单号123 ")).isEqualTo("订单号123");
    }

    @Test
    void theTextStageScoresWhatIsSaidBesidesTheThanks() {
        // A stand-in text stage: "P(negative)" is the second embedding component of the turn's content.
        TurnContextFeatures stacked = new TurnContextFeatures(ENCODER, 2, vector -> vector[1]);
        List<ContextTurn> dialogue = List.of(ContextTurn.customer("有人吗"), ContextTurn.customer("谢谢你，耽误我这么多时间"),
                ContextTurn.customer("谢谢你"));

        float[] complaint = stacked.turn(dialogue, 0);
        float[] bitter = stacked.turn(dialogue, 1);
        float[] bare = stacked.turn(dialogue, 2);

        assertThat(feature(complaint, "rest_negative")).isCloseTo(0.6, within(1e-6));
        assertThat(feature(complaint, "thanks_x_rest_negative")).isZero();
        assertThat(feature(bitter, "rest_negative")).isCloseTo(0.96, within(1e-6));
        assertThat(feature(bitter, "thanks_x_rest_negative")).isCloseTo(0.96, within(1e-6));
        // A bare thanks has no content to score.
        assertThat(feature(bare, "rest_negative")).isZero();
        assertThat(feature(bare, "thanks_x_rest_negative")).isZero();
        // Without a text stage (what the stage itself is trained on) the two are 0.
        assertThat(feature(features.turn(dialogue, 1), "rest_negative")).isZero();
    }

    @Test
    void theTurnsOwnTextIsEmbeddedWhenItHasNoThanks() {
        float[] vector = features.turn(List.of(ContextTurn.customer("有人吗")), 0);

        assertThat(vector[0]).isEqualTo(0.8f);
        assertThat(vector[1]).isEqualTo(0.6f);
        assertThat(vector[2]).isZero();
        assertThat(vector[3]).isZero();
    }

    @Test
    void anAgentReplyEndsTheUnansweredRun() {
        List<ContextTurn> dialogue = List.of(
                new ContextTurn("customer", "快递怎么还没到", T0),
                new ContextTurn("agent", "您好，马上帮您查", T0 + 20_000),
                new ContextTurn("system", "客服已转接", T0 + 21_000),
                new ContextTurn("customer", "谢谢你！！", T0 + 30_000));

        float[] vector = features.turn(dialogue, 3);

        assertThat(feature(vector, "unanswered")).isZero();
        assertThat(feature(vector, "wait")).isZero();
        assertThat(feature(vector, "has_times")).isEqualTo(1);
        // System notices are not context: the mean is of the agent's and the customer's turn.
        assertThat(vector[2]).isCloseTo(0.8f, within(1e-6f));
        assertThat(vector[3]).isCloseTo(0.4f, within(1e-6f));
    }

    @Test
    void withoutTimesTheWaitIsUnknownNotZero() {
        List<ContextTurn> dialogue = List.of(ContextTurn.customer("快递怎么还没到"), ContextTurn.customer("谢谢你！！"));

        float[] vector = features.turn(dialogue, 1);

        assertThat(feature(vector, "unanswered")).isCloseTo(1 / 5.0, within(1e-6));
        assertThat(feature(vector, "has_times")).isZero();
        assertThat(feature(vector, "wait")).isZero();
    }

    @Test
    void everyCustomerTurnOfADialogueAtOnceEqualsOneAtATime() {
        List<ContextTurn> dialogue = List.of(
                new ContextTurn("customer", "快递怎么还没到", T0),
                new ContextTurn("agent", "您好，马上帮您查", T0 + 20_000),
                new ContextTurn("customer", "有人吗", T0 + 90_000),
                new ContextTurn("customer", "谢谢你！！", T0 + 120_000));

        float[][] all = features.customerTurns(dialogue);

        assertThat(all[1]).isNull();
        for (int i : new int[]{0, 2, 3}) {
            assertThat(all[i]).containsExactly(features.turn(dialogue, i));
        }
    }
}
