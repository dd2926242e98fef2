package io.parley.engine.impl.annotate;

import io.parley.engine.api.facts.SignalFact;
import io.parley.engine.api.facts.TurnFact;
import io.parley.engine.api.ruleset.LexiconDefinition;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

class LexiconAnnotatorTest {

    @Test
    void reportsEveryMatchOfChineseTermsWithTheTurnsPositionAndSpan() {
        LexiconAnnotator annotator = new LexiconAnnotator(List.of(
                new LexiconDefinition("forbidden", List.of("不知道", "自己看"))));

        List<SignalFact> signals = annotate(annotator, new TurnFact(4, "agent", 2, "不知道，你自己看吧，我真不知道", null, null));

        assertThat(signals)
                .extracting(SignalFact::getKind, SignalFact::getName, SignalFact::getTerm, SignalFact::getTurn,
                        SignalFact::getRole, SignalFact::getRoleIndex, SignalFact::getStart, SignalFact::getEnd,
                        SignalFact::getText)
                .containsExactlyInAnyOrder(
                        tuple("lexicon", "forbidden", "不知道", 4, "agent", 2, 0, 3, "不知道"),
                        tuple("lexicon", "forbidden", "自己看", 4, "agent", 2, 5, 8, "自己看"),
                        tuple("lexicon", "forbidden", "不知道", 4, "agent", 2, 12, 15, "不知道"));
    }

    @Test
    void reportsOverlappingAndNestedMatches() {
        LexiconAnnotator annotator = new LexiconAnnotator(List.of(
                new LexiconDefinition("words", List.of("不知道", "知道", "道歉"))));

        List<SignalFact> signals = annotate(annotator, turn("我不知道歉意"));

        assertThat(signals)
                .extracting(SignalFact::getTerm, SignalFact::getStart, SignalFact::getEnd)
                .containsExactlyInAnyOrder(tuple("不知道", 1, 4), tuple("知道", 2, 4), tuple("道歉", 3, 5));
    }

    @Test
    void aTermInSeveralLexiconsYieldsOneSignalPerLexicon() {
        LexiconAnnotator annotator = new LexiconAnnotator(List.of(
                new LexiconDefinition("greeting", List.of("亲", "您好")),
                new LexiconDefinition("polite", List.of("您好", "请")),
                new LexiconDefinition("closing", List.of("再见"))));

        List<SignalFact> signals = annotate(annotator, turn("您好"));

        assertThat(signals)
                .extracting(SignalFact::getName, SignalFact::getTerm, SignalFact::getStart, SignalFact::getEnd)
                .containsExactlyInAnyOrder(tuple("greeting", "您好", 0, 2), tuple("polite", "您好", 0, 2));
    }

    @Test
    void ignoresLatinCaseButReportsTheOriginalTextAndTheDeclaredTerm() {
        LexiconAnnotator annotator = new LexiconAnnotator(List.of(
                new LexiconDefinition("brands", List.of("iPhone", "OK"))));

        List<SignalFact> signals = annotate(annotator, turn("亲，IPHONE 和 iphone 都ok"));

        assertThat(signals)
                .extracting(SignalFact::getTerm, SignalFact::getStart, SignalFact::getEnd, SignalFact::getText)
                .containsExactlyInAnyOrder(
                        tuple("iPhone", 2, 8, "IPHONE"),
                        tuple("iPhone", 11, 17, "iphone"),
                        tuple("OK", 19, 21, "ok"));
    }

    @Test
    void termsThatDifferOnlyInCaseCountOncePerLexicon() {
        LexiconAnnotator annotator = new LexiconAnnotator(List.of(
                new LexiconDefinition("ack", List.of("OK", "ok", "Ok"))));

        assertThat(annotate(annotator, turn("ok"))).singleElement()
                .satisfies(signal -> assertThat(signal.getTerm()).isEqualTo("OK"));
    }

    @Test
    void findsNothingInTextWithoutTermsOrWithoutText() {
        LexiconAnnotator annotator = new LexiconAnnotator(List.of(new LexiconDefinition("forbidden", List.of("不知道"))));

        assertThat(annotate(annotator, turn("我知道了"))).isEmpty();
        assertThat(annotate(annotator, turn(null))).isEmpty();
        assertThat(annotate(new LexiconAnnotator(List.of()), turn("不知道"))).isEmpty();
    }

    private static TurnFact turn(String text) {
        return new TurnFact(0, "agent", 0, text, null, null);
    }

    private static List<SignalFact> annotate(LexiconAnnotator annotator, TurnFact turn) {
        List<SignalFact> signals = new ArrayList<>();
        annotator.annotate(turn, signals::add);
        return signals;
    }
}
