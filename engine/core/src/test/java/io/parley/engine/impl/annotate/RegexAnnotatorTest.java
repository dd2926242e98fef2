package io.parley.engine.impl.annotate;

import io.parley.engine.api.facts.SignalFact;
import io.parley.engine.api.facts.TurnFact;
import io.parley.engine.api.ruleset.PatternDefinition;
import io.parley.engine.spi.plugin.PluginException;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

class RegexAnnotatorTest {

    @Test
    void reportsEveryMatchOfEveryPatternWithTheMatchedTextAsTerm() {
        RegexAnnotator annotator = new RegexAnnotator(List.of(
                new PatternDefinition("order_no", "\\d{12}"),
                new PatternDefinition("phone", "1[3-9]\\d{9}")));

        List<SignalFact> signals = annotate(annotator,
                new TurnFact(3, "customer", 1, "订单202611110001和202611110002，电话13812345678", null, null));

        assertThat(signals)
                .extracting(SignalFact::getKind, SignalFact::getName, SignalFact::getTerm, SignalFact::getTurn,
                        SignalFact::getRole, SignalFact::getRoleIndex, SignalFact::getStart, SignalFact::getEnd,
                        SignalFact::getText)
                .containsExactlyInAnyOrder(
                        tuple("regex", "order_no", "202611110001", 3, "customer", 1, 2, 14, "202611110001"),
                        tuple("regex", "order_no", "202611110002", 3, "customer", 1, 15, 27, "202611110002"),
                        tuple("regex", "phone", "13812345678", 3, "customer", 1, 30, 41, "13812345678"));
    }

    @Test
    void skipsZeroLengthMatches() {
        RegexAnnotator annotator = new RegexAnnotator(List.of(new PatternDefinition("digits", "\\d*")));

        assertThat(annotate(annotator, turn("ab12c3")))
                .extracting(SignalFact::getText, SignalFact::getStart, SignalFact::getEnd)
                .containsExactly(tuple("12", 2, 4), tuple("3", 5, 6));
    }

    @Test
    void aCatastrophicPatternRunsInLinearTime() {
        // java.util.regex backtracks for ever on this; the annotator's engine (RE2/J) does not backtrack
        RegexAnnotator annotator = new RegexAnnotator(List.of(new PatternDefinition("many_a", "(.*a){20}")));
        String text = "a".repeat(19) + "b".repeat(5_000);

        assertThat(assertTimeoutPreemptively(Duration.ofSeconds(10), () -> annotate(annotator, turn(text)))).isEmpty();
    }

    @Test
    void lookaroundStillWorksOnTheBoundedBacktrackingEngine() {
        RegexAnnotator annotator = new RegexAnnotator(List.of(new PatternDefinition("order_no", "(?<![0-9])\\d{6}(?![0-9])")));

        assertThat(annotate(annotator, turn("单号123456和1234567")))
                .extracting(SignalFact::getText, SignalFact::getStart, SignalFact::getEnd)
                .containsExactly(tuple("123456", 2, 8));
    }

    @Test
    void aCatastrophicPatternWithLookaroundFailsNamingThePatternAndTheLimit() {
        RegexAnnotator annotator = new RegexAnnotator(List.of(new PatternDefinition("many_a", "(.*a){20}(?!c)")));
        String text = "a".repeat(19) + "b".repeat(5_000);

        assertTimeoutPreemptively(Duration.ofSeconds(10), () -> assertThatThrownBy(() -> annotate(annotator, turn(text)))
                .isInstanceOf(PluginException.class)
                .hasMessageStartingWith("pattern 'many_a' stopped on turn 1: it read more than 5000000 characters"));
    }

    @Test
    void findsNothingWithoutText() {
        RegexAnnotator annotator = new RegexAnnotator(List.of(new PatternDefinition("any", ".")));

        assertThat(annotate(annotator, turn(null))).isEmpty();
    }

    @Test
    void refusesAnInvalidPatternByName() {
        assertThatThrownBy(() -> new RegexAnnotator(List.of(
                new PatternDefinition("fine", "\\d+"),
                new PatternDefinition("order_no", "订单(\\d+"))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("pattern 'order_no': ")
                .hasMessageContaining("Unclosed group");
    }

    private static TurnFact turn(String text) {
        return new TurnFact(0, "customer", 0, text, null, null);
    }

    private static List<SignalFact> annotate(RegexAnnotator annotator, TurnFact turn) {
        List<SignalFact> signals = new ArrayList<>();
        annotator.annotate(turn, signals::add);
        return signals;
    }
}
