package io.parley.engine.api;

import io.parley.engine.api.SopSequence.Conformance;
import io.parley.engine.api.SopSequence.Deviation;
import io.parley.engine.api.SopSequence.Kind;
import io.parley.engine.api.SopSequence.Status;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The order of an SOP's stages, from the turns each stage was recognised on (stages 0, 1, 2 expected in that order). */
class SopSequenceTest {

    @Test
    void stagesInOrderConformWhateverTurnsLieBetween() {
        Conformance conformance = SopSequence.check(List.of(List.of(0, 1), List.of(4), List.of(7, 9)));

        assertThat(conformance.deviations()).isEmpty();
        assertThat(conformance.firstTurns()).containsExactly(0, 4, 7);
        assertThat(statuses(conformance)).containsExactly(Status.PASSED, Status.PASSED, Status.PASSED);
    }

    @Test
    void aStageOnNoTurnIsMissingAndComesAfterTheOtherDeviations() {
        Conformance conformance = SopSequence.check(List.of(List.of(), List.of(3), List.of(1)));

        assertThat(conformance.deviations()).containsExactly(
                new Deviation(Kind.OUT_OF_ORDER, 1, 3, 2, 1),
                new Deviation(Kind.MISSING, 0, null, null, null));
        assertThat(statuses(conformance)).containsExactly(Status.MISSING, Status.OUT_OF_ORDER, Status.PASSED);
    }

    @Test
    void outOfOrderNamesTheFurthestStageSeenBeforeAndItsFirstTurn() {
        // 0 at turn 0, 2 at turn 2, 1 at turn 5: 1 should come before 2 (turn 2).
        Conformance conformance = SopSequence.check(List.of(List.of(0), List.of(5), List.of(2, 6)));

        assertThat(conformance.deviations()).containsExactly(
                new Deviation(Kind.OUT_OF_ORDER, 1, 5, 2, 2),
                new Deviation(Kind.REPEATED, 2, 6, 1, 2));
    }

    @Test
    void aStageBackAfterAnotherIsRepeatedOncePerReturnButStillPasses() {
        Conformance conformance = SopSequence.check(List.of(List.of(0, 1, 4, 8), List.of(2, 6), List.of(9)));

        assertThat(conformance.deviations()).containsExactly(
                new Deviation(Kind.REPEATED, 0, 4, 1, 0),
                new Deviation(Kind.REPEATED, 1, 6, 0, 2),
                new Deviation(Kind.REPEATED, 0, 8, 1, 0));
        assertThat(statuses(conformance)).containsExactly(Status.PASSED, Status.PASSED, Status.PASSED);
    }

    @Test
    void aTurnShowingSeveralStagesReadsThemInExpectedOrderAndContinuesEachRun() {
        // Turns 0 and 1 both show stages 0 and 1: no stage returns after another; 2 follows.
        Conformance conformance = SopSequence.check(List.of(List.of(0, 1), List.of(0, 1), List.of(1, 3)));

        assertThat(conformance.deviations()).isEmpty();
    }

    @Test
    void stagesOnOneTurnAreNeverOutOfOrderWithEachOtherButALaterStageOnAnEarlierTurnIs() {
        assertThat(SopSequence.check(List.of(List.of(2), List.of(2), List.of(2))).deviations()).isEmpty();
        assertThat(SopSequence.check(List.of(List.of(3), List.of(2, 3), List.of(2))).deviations()).containsExactly(
                new Deviation(Kind.OUT_OF_ORDER, 0, 3, 2, 2));
    }

    @Test
    void noTurnsMeansEveryStageIsMissing() {
        Conformance conformance = SopSequence.check(List.of(List.of(), List.of()));

        assertThat(conformance.deviations()).extracting(Deviation::kind).containsExactly(Kind.MISSING, Kind.MISSING);
        assertThat(conformance.firstTurns()).containsExactly(null, null);
    }

    private static List<Status> statuses(Conformance conformance) {
        return IntStream.range(0, conformance.firstTurns().size()).mapToObj(conformance::status).toList();
    }
}
