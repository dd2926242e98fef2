package io.parley.engine.impl.annotate;

import io.parley.engine.api.Dialogue;
import io.parley.engine.api.Turn;
import io.parley.engine.api.facts.SignalFact;
import io.parley.engine.spi.plugin.OperatorPlugin;
import io.parley.engine.spi.plugin.PluginException;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class RepetitionOperatorTest {
    private final RepetitionOperator operator = new RepetitionOperator();

    private List<SignalFact> annotate(Map<String, Object> config, String... turns) {
        Dialogue dialogue = new Dialogue("d", "im", null, null, null, null, Arrays.stream(turns)
                .map(line -> new Turn(line.substring(0, line.indexOf(':')), line.substring(line.indexOf(':') + 1).strip()))
                .toList(), null, null);
        List<SignalFact> signals = new ArrayList<>();
        operator.prepare(List.of(new OperatorPlugin.Use("asked_again", config, "r.parley:1:1")))
                .annotate(dialogue, TurnFacts.of(dialogue), List.of(), signals::add);
        return signals;
    }

    @Test
    void aCustomerAskingTheSameThingAgainInOtherWordsIsARepetition() {
        List<SignalFact> signals = annotate(Map.of(),
                "customer: 我的快递什么时候到？",
                "agent: 亲，稍等",
                "customer: 快递什么时候到啊",
                "customer: 退款怎么申请",
                "customer: 我的快递到底什么时候到！！");

        assertThat(signals).extracting(SignalFact::getTurn).containsExactly(2, 4);
        assertThat(signals.getFirst().getKind()).isEqualTo("repetition");
        assertThat(signals.getFirst().getName()).isEqualTo("asked_again");
        assertThat(signals.getFirst().getTerm()).isEqualTo("我的快递什么时候到？");
        assertThat(signals.getFirst().getStart()).isZero();
        assertThat(signals.getFirst().getEnd()).isEqualTo("快递什么时候到啊".length());
        // bigrams of 快递什么时候到 (6) shared out of 8 + 7 - 6
        assertThat(signals.getFirst().getScore()).isCloseTo(6.0 / 9, within(1e-9));
    }

    @Test
    void timesCountsTheFirstAskToo() {
        List<SignalFact> signals = annotate(Map.of("times", 3),
                "customer: Where is my order?",
                "customer: where is my order??",
                "customer: WHERE IS MY ORDER");

        assertThat(signals).extracting(SignalFact::getTurn).containsExactly(2);
        assertThat(signals.getFirst().getScore()).isEqualTo(1.0);
    }

    @Test
    void onlyTheConfiguredPartyCountsAndDifferentQuestionsAreNot() {
        assertThat(annotate(Map.of("role", "customer"),
                "agent: 请问还有什么可以帮您",
                "agent: 请问还有什么可以帮您",
                "customer: 发票怎么开",
                "customer: 可以用优惠券吗")).isEmpty();
        assertThat(annotate(Map.of("role", "agent"),
                "agent: 请问还有什么可以帮您",
                "agent: 请问还有什么可以帮您？")).extracting(SignalFact::getTurn).containsExactly(1);
    }

    @Test
    void emptyDialoguesPunctuationOnlyTurnsAndSingleCharactersAreHandled() {
        assertThat(annotate(Map.of())).isEmpty();
        assertThat(annotate(Map.of(), "customer: ？？？", "customer: ！！！")).isEmpty();
        assertThat(annotate(Map.of(), "customer: 在", "customer: 在？")).extracting(SignalFact::getTurn).containsExactly(1);
    }

    @Test
    void impossibleSettingsAreRefusedWhenTheRuleSetIsPrepared() {
        assertThatThrownBy(() -> annotate(Map.of("similarity", 1.5), "customer: 在吗"))
                .isInstanceOf(PluginException.class).hasMessage("option 'similarity' must be in (0, 1], not 1.5");
        assertThatThrownBy(() -> annotate(Map.of("times", 1), "customer: 在吗"))
                .isInstanceOf(PluginException.class)
                .hasMessage("option 'times' must be at least 2 (the first time is not a repetition), not 1");
    }
}
